package aktiv

import (
	"context"
	"fmt"
	"net/http"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// GetProfile returns the signed-in user.
//
// GET /v1.0/profile; the answer is {"user": {...}}. Idempotent: retried on
// connection errors, 429, 502, 503 and 504. Vendor doc: the "Profile" page
// at https://dev.guardant.ru.
func (c *Client) GetProfile(ctx context.Context, opts ...profiles.CallOption) (*User, error) {
	var out struct {
		User *User `json:"user"`
	}
	if err := c.get(ctx, "GetProfile", "/v1.0/profile", &out, "user", func() bool { return out.User != nil }, opts); err != nil {
		return nil, err
	}
	return out.User, nil
}

// GetAccessCodes returns the vendor's access codes; they are the same for
// every user of a vendor. AccessCode.Private is nil unless the user has the
// Administrator or Developer role.
//
// GET /v1.0/profile/accesscodes; the answer is {"accesscodes": [{...}, ...]}.
// Idempotent: retried on connection errors, 429, 502, 503 and 504. Vendor doc: the "Profile" page at https://dev.guardant.ru.
func (c *Client) GetAccessCodes(ctx context.Context, opts ...profiles.CallOption) ([]AccessCode, error) {
	var out struct {
		// nil when absent or null; [] decodes to an empty, non-nil slice.
		AccessCodes []AccessCode `json:"accesscodes"`
	}
	if err := c.get(ctx, "GetAccessCodes", "/v1.0/profile/accesscodes", &out, "accesscodes", func() bool { return out.AccessCodes != nil }, opts); err != nil {
		return nil, err
	}
	return out.AccessCodes, nil
}

// GetBalance returns the vendor's balance. Only administrators may call it;
// others get an APIError matching ErrForbidden.
//
// GET /v1.0/profile/balance, a guess: the vendor's page repeats the
// access-codes URL for this call, a copy error. The answer is
// {"balance": {...}}. Idempotent: retried on
// connection errors, 429, 502, 503 and 504. Vendor doc: the "Profile" page
// at https://dev.guardant.ru.
func (c *Client) GetBalance(ctx context.Context, opts ...profiles.CallOption) (*Balance, error) {
	var out struct {
		Balance *Balance `json:"balance"`
	}
	if err := c.get(ctx, "GetBalance", "/v1.0/profile/balance", &out, "balance", func() bool { return out.Balance != nil }, opts); err != nil {
		return nil, err
	}
	return out.Balance, nil
}

// PutProfile replaces the company name, country, phone and the user's
// names. Only administrators may call it; others get an APIError matching
// ErrForbidden. An all-empty update (it would erase the profile) or a
// negative CountryID is refused with ErrInvalidArgument before anything is
// sent.
//
// PUT /v1.0/profile with {"companyName": "...", "countryId": N, "phone":
// "...", "firstName": "...", "lastName": "..."}, every member present; a
// success answer's body is not read. Idempotent (it replaces state):
// retried on connection errors, 429, 502, 503 and 504. Vendor doc: the
// "Profile" page at https://dev.guardant.ru.
func (c *Client) PutProfile(ctx context.Context, p ProfileUpdate, opts ...profiles.CallOption) error {
	switch {
	case p == ProfileUpdate{}:
		return fmt.Errorf("aktiv: PutProfile: %w: empty ProfileUpdate would erase the profile (start from User.ProfileUpdate)", profiles.ErrInvalidArgument)
	case p.CountryID < 0:
		return fmt.Errorf("aktiv: PutProfile: %w: CountryID must not be negative", profiles.ErrInvalidArgument)
	}
	_, err := c.core().Do(ctx, &rest.Call{Operation: "PutProfile", Method: http.MethodPut, Route: "/v1.0/profile", Body: p, Safety: rest.Idempotent}, opts...)
	return err
}

// PutSettings replaces the signed-in user's settings. Any role may call it.
// A negative Language is refused with ErrInvalidArgument before anything is
// sent.
//
// PUT /v1.0/profile/settings with {"lang": N}; a success answer's body is
// not read. Idempotent (it replaces state): retried on connection errors,
// 429, 502, 503 and 504. Vendor doc: the "Profile" page at
// https://dev.guardant.ru.
func (c *Client) PutSettings(ctx context.Context, s SettingsUpdate, opts ...profiles.CallOption) error {
	if s.Language < 0 {
		return fmt.Errorf("aktiv: PutSettings: %w: Language must not be negative", profiles.ErrInvalidArgument)
	}
	_, err := c.core().Do(ctx, &rest.Call{Operation: "PutSettings", Method: http.MethodPut, Route: "/v1.0/profile/settings", Body: s, Safety: rest.Idempotent}, opts...)
	return err
}

// get decodes the answer to GET route into out. present reports whether
// the answer had its element (member); when it did not, the error is a
// *DecodeError that names it.
func (c *Client) get(ctx context.Context, op, route string, out any, member string, present func() bool, opts []profiles.CallOption) error {
	check := func(*profiles.Response) error {
		if !present() {
			return &rest.MissingMemberError{Member: member}
		}
		return nil
	}
	_, err := c.core().Do(ctx, &rest.Call{Operation: op, Method: http.MethodGet, Route: route, Safety: rest.Idempotent, Out: out, Check: check}, opts...)
	return err
}
