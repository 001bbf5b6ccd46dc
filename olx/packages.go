package olx

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/flex"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// PackagesResponse is the answer of GetPackages.
type PackagesResponse struct {
	TransactionID string    `json:"transaction_id"` // identifies the answer at OLX, for support requests
	Message       string    `json:"message"`        // OLX's status text, "Profile found" on success
	Packages      []Package `json:"data"`           // the account's current packages
}

// Package is one package (bundle of listings) of the account. Timestamps
// OLX sends as null or "" are nil.
type Package struct {
	Type          PackageType
	Name          string     // in the site's language
	Available     int        // listings left to use in the billing cycle
	Total         int        // listings the package holds per billing cycle
	InvoiceAt     *time.Time // when the invoice expires
	PurchasedAt   *time.Time // when the package was bought
	StartsAt      *time.Time // when the billing cycle starts
	ExpiresAt     *time.Time // when the billing cycle expires
	ExpiredAt     *time.Time // when the billing cycle expired, if it has
	InGracePeriod bool       // in the grace period after the package expired
	// Price is the package price (paid extras excluded) exactly as OLX
	// formats it for the site, e.g. "306,27 zł"; see ParsePrice. A bare
	// JSON number, which OLX does not document, keeps its literal text.
	Price string
}

// ParsePrice parses p.Price; see the function ParsePrice.
func (p Package) ParsePrice() (Money, error) { return ParsePrice(p.Price) }

// packageJSON is the wire form of a Package.
type packageJSON struct {
	Type          PackageType `json:"type"`
	Name          string      `json:"name"`
	Available     int         `json:"available"`
	Total         int         `json:"total"`
	InvoiceAt     *stamp      `json:"invoice_at"`
	PurchasedAt   *stamp      `json:"purchased_at"`
	StartsAt      *stamp      `json:"starts_at"`
	ExpiresAt     *stamp      `json:"expires_at"`
	ExpiredAt     *stamp      `json:"expired_at"`
	InGracePeriod bool        `json:"in_grace_period"`
	Price         flex.String `json:"price"`
}

// UnmarshalJSON decodes OLX's wire form, timestamps included.
func (p *Package) UnmarshalJSON(data []byte) error {
	var w packageJSON
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	*p = Package{
		Type:          w.Type,
		Name:          w.Name,
		Available:     w.Available,
		Total:         w.Total,
		InvoiceAt:     w.InvoiceAt.time(),
		PurchasedAt:   w.PurchasedAt.time(),
		StartsAt:      w.StartsAt.time(),
		ExpiresAt:     w.ExpiresAt.time(),
		ExpiredAt:     w.ExpiredAt.time(),
		InGracePeriod: w.InGracePeriod,
		Price:         string(w.Price),
	}
	return nil
}

// MarshalJSON encodes p in OLX's wire form, so archived answers keep the
// vendor's format: timestamps as 2019-11-12T23:00:00.000+0000, nil as null.
func (p Package) MarshalJSON() ([]byte, error) {
	return json.Marshal(packageJSON{
		Type:          p.Type,
		Name:          p.Name,
		Available:     p.Available,
		Total:         p.Total,
		InvoiceAt:     (*stamp)(p.InvoiceAt),
		PurchasedAt:   (*stamp)(p.PurchasedAt),
		StartsAt:      (*stamp)(p.StartsAt),
		ExpiresAt:     (*stamp)(p.ExpiresAt),
		ExpiredAt:     (*stamp)(p.ExpiredAt),
		InGracePeriod: p.InGracePeriod,
		Price:         flex.String(p.Price),
	})
}

// DecodePackagesResponse decodes an answer of GET /profile/v1/packages, for
// example one archived before the API was discontinued.
func DecodePackagesResponse(data []byte) (*PackagesResponse, error) {
	var out PackagesResponse
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("olx: decoding packages response: %w", err)
	}
	return &out, nil
}

// GetPackages returns the account's current packages. An error answer's
// transaction_id is APIError.RequestID.
//
// Wire: GET /profile/v1/packages, no body; the answer is
// {"transaction_id": "...", "message": "Profile found", "data": [{...}, ...]}.
//
// OLX documentation: https://doc.olxgroup.com/api/?p=670 (Profile API)
//
// Retry class: idempotent (GET) — retried on connection errors, 429, 502,
// 503 and 504; never on 403, so an expired token (ErrTokenExpired) or an
// unknown key (ErrInvalidAPIKey) is returned at once.
//
// Deprecated: OLX discontinued the Profile API on 2023-11-30; see the
// package documentation.
func (c *Client) GetPackages(ctx context.Context, opts ...profiles.CallOption) (*PackagesResponse, error) {
	var out PackagesResponse
	_, err := c.core().Do(ctx, &rest.Call{
		Operation: "GetPackages",
		Method:    http.MethodGet,
		Route:     "/profile/v1/packages",
		Safety:    rest.Idempotent,
		Out:       &out,
	}, opts...)
	if err != nil {
		return nil, err
	}
	return &out, nil
}
