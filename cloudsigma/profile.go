package cloudsigma

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/profiles-sdk/profiles-go/internal/flex"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// MaxAddressLength is the longest address CloudSigma accepts (since
// 2024-02): 180 ASCII characters.
const MaxAddressLength = 180

// CloneNaming is how CloudSigma names a cloned drive or server when the
// clone request gives no name.
//
// See https://docs.cloudsigma.com/en/latest/clone_naming.html
type CloneNaming string

// Clone naming strategies.
const (
	// CloneNamingNone appends nothing to the name.
	CloneNamingNone CloneNaming = "NONE"
	// CloneNamingCounter appends a number, or increases one already there.
	CloneNamingCounter CloneNaming = "COUNTER"
	// CloneNamingDate appends the current date, or updates one already there.
	CloneNamingDate CloneNaming = "DATE"
	// CloneNamingTimestamp appends the current timestamp, or updates one.
	CloneNamingTimestamp CloneNaming = "TIMESTAMP"
)

// Valid reports whether n is one of the documented strategies.
func (n CloneNaming) Valid() bool {
	switch n {
	case CloneNamingNone, CloneNamingCounter, CloneNamingDate, CloneNamingTimestamp:
		return true
	}
	return false
}

// Profile is the account holder's profile. Fields marked read-only are set
// by CloudSigma: PutProfile never sends them. Nullable strings the SDK has
// no use for telling apart from "" (bank_reference, currency, my_notes,
// postcode) decode null as "".
//
// See https://docs.cloudsigma.com/en/latest/profile.html
type Profile struct {
	Address      string `json:"address"` // at most 180 ASCII characters
	APIHTTPSOnly bool   `json:"api_https_only"`
	// AutotopupAmount is topped up when the balance falls below
	// AutotopupThreshold, if HasAutotopup is set.
	AutotopupAmount    Decimal     `json:"autotopup_amount"`
	AutotopupThreshold Decimal     `json:"autotopup_threshold"`
	BankReference      string      `json:"bank_reference"` // read-only
	CloneNaming        CloneNaming `json:"clone_naming,omitempty"`
	Company            string      `json:"company"`
	Country            string      `json:"country"`
	Currency           string      `json:"currency"` // read-only
	Email              string      `json:"email"`    // read-only
	FirstName          string      `json:"first_name"`
	HasAutotopup       bool        `json:"has_autotopup"`
	// HasTxAutotopup turns on the automatic top-up of the transfer (TX)
	// balance, with TxAutotopupAmount and TxAutotopupThreshold.
	HasTxAutotopup bool           `json:"has_tx_autotopup"`
	Invoicing      bool           `json:"invoicing"`
	KeyAuth        bool           `json:"key_auth"`
	Language       string         `json:"language"`
	LastName       string         `json:"last_name"`
	MailingList    bool           `json:"mailing_list"`
	Meta           map[string]any `json:"meta"`
	MyNotes        string         `json:"my_notes"`
	// NetworkRestrictions limits where the API may be used from; nil when
	// the vendor sends null. Read-only.
	NetworkRestrictions  *string   `json:"network_restrictions"`
	Nickname             string    `json:"nickname"`
	Phone                string    `json:"phone"`
	Postcode             string    `json:"postcode"`
	Reseller             string    `json:"reseller"`
	SignupTime           time.Time `json:"signup_time"`
	State                string    `json:"state"`    // read-only, e.g. "REGULAR"
	TaxName              *string   `json:"tax_name"` // read-only; nil when null
	TaxRate              *Decimal  `json:"tax_rate"` // read-only; nil when null
	Title                string    `json:"title"`
	Town                 string    `json:"town"`
	TxAutotopupAmount    Decimal   `json:"tx_autotopup_amount"`
	TxAutotopupThreshold Decimal   `json:"tx_autotopup_threshold"`
	UUID                 string    `json:"uuid"` // read-only
	VAT                  string    `json:"vat"`
}

// UnmarshalJSON decodes the vendor's profile. signup_time may come with an
// offset ("2013-04-24T07:35:36.141574+00:00") or without one (the schema's
// own example, "2010-11-10T03:07:43", read as UTC).
func (p *Profile) UnmarshalJSON(b []byte) error {
	aux := struct {
		*plainProfile
		SignupTime vendorTime `json:"signup_time"`
	}{plainProfile: (*plainProfile)(p)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	p.SignupTime = time.Time(aux.SignupTime)
	return nil
}

// plainProfile is Profile without its methods.
type plainProfile Profile

// profileAnswer is what GetProfile and PutProfile decode the answer into:
// the same members as Profile.UnmarshalJSON reads, in one pass over the
// body instead of a second one inside UnmarshalJSON.
type profileAnswer struct {
	plainProfile
	SignupTime vendorTime `json:"signup_time"` // shadows plainProfile's
}

func (a *profileAnswer) profile() *Profile {
	a.plainProfile.SignupTime = time.Time(a.SignupTime)
	return (*Profile)(&a.plainProfile)
}

// vendorTime reads and writes CloudSigma's timestamps.
type vendorTime time.Time

// vendorTimeLayout is how CloudSigma writes times: microseconds and an
// offset with a colon.
const vendorTimeLayout = "2006-01-02T15:04:05.999999-07:00"

func (t vendorTime) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Time(t).Format(vendorTimeLayout))
}

func (t *vendorTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	s, simple := flex.UnquoteSimple(b)
	if !simple {
		var quoted string // apart from s, which it would move to the heap
		if err := json.Unmarshal(b, &quoted); err != nil {
			return fmt.Errorf("cloudsigma: time: %w", err)
		}
		s = quoted
	}
	if s == "" {
		*t = vendorTime{}
		return nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if v, err := time.Parse(layout, s); err == nil {
			*t = vendorTime(v)
			return nil
		}
	}
	return fmt.Errorf("cloudsigma: time %q is neither RFC 3339 nor ISO 8601 without zone", s)
}

// profileUpdate is the body of PutProfile: the schema's writable fields
// only, none with omitempty, so false, "" and 0 reach the vendor and a
// flag can be switched off.
type profileUpdate struct {
	Address              string         `json:"address"`
	APIHTTPSOnly         bool           `json:"api_https_only"`
	AutotopupAmount      Decimal        `json:"autotopup_amount"`
	AutotopupThreshold   Decimal        `json:"autotopup_threshold"`
	CloneNaming          CloneNaming    `json:"clone_naming,omitempty"` // "" is no strategy: leave it as it is
	Company              string         `json:"company"`
	Country              string         `json:"country"`
	FirstName            string         `json:"first_name"`
	HasAutotopup         bool           `json:"has_autotopup"`
	HasTxAutotopup       bool           `json:"has_tx_autotopup"`
	Invoicing            bool           `json:"invoicing"`
	KeyAuth              bool           `json:"key_auth"`
	Language             string         `json:"language"`
	LastName             string         `json:"last_name"`
	MailingList          bool           `json:"mailing_list"`
	Meta                 map[string]any `json:"meta"`
	MyNotes              string         `json:"my_notes"`
	Nickname             string         `json:"nickname"`
	Phone                string         `json:"phone"`
	Postcode             string         `json:"postcode"`
	Reseller             string         `json:"reseller"`
	SignupTime           *vendorTime    `json:"signup_time,omitempty"` // a zero time is no time: leave it
	Title                string         `json:"title"`
	Town                 string         `json:"town"`
	TxAutotopupAmount    Decimal        `json:"tx_autotopup_amount"`
	TxAutotopupThreshold Decimal        `json:"tx_autotopup_threshold"`
	VAT                  string         `json:"vat"`
}

func newProfileUpdate(p *Profile) profileUpdate {
	u := profileUpdate{
		Address: p.Address, APIHTTPSOnly: p.APIHTTPSOnly,
		AutotopupAmount: p.AutotopupAmount, AutotopupThreshold: p.AutotopupThreshold,
		CloneNaming: p.CloneNaming, Company: p.Company, Country: p.Country,
		FirstName: p.FirstName, HasAutotopup: p.HasAutotopup, HasTxAutotopup: p.HasTxAutotopup,
		Invoicing: p.Invoicing, KeyAuth: p.KeyAuth, Language: p.Language, LastName: p.LastName,
		MailingList: p.MailingList, Meta: p.Meta, MyNotes: p.MyNotes, Nickname: p.Nickname,
		Phone: p.Phone, Postcode: p.Postcode, Reseller: p.Reseller, Title: p.Title, Town: p.Town,
		TxAutotopupAmount: p.TxAutotopupAmount, TxAutotopupThreshold: p.TxAutotopupThreshold,
		VAT: p.VAT,
	}
	if u.Meta == nil {
		u.Meta = map[string]any{} // meta is not nullable: nil means empty
	}
	if !p.SignupTime.IsZero() {
		t := vendorTime(p.SignupTime)
		u.SignupTime = &t
	}
	return u
}

// ValidateAddress checks an address against CloudSigma's documented rule:
// at most 180 characters, ASCII only. The error wraps ErrValidation.
func ValidateAddress(address string) error {
	if err := checkAddress(address); err != nil {
		return fmt.Errorf("cloudsigma: %w", err)
	}
	return nil
}

func checkAddress(address string) error {
	for i := 0; i < len(address); i++ {
		if address[i] >= 0x80 {
			return fmt.Errorf("address must be ASCII (non-ASCII text at byte %d): %w", i, ErrValidation)
		}
	}
	if len(address) > MaxAddressLength {
		return fmt.Errorf("address has %d characters, at most %d allowed: %w", len(address), MaxAddressLength, ErrValidation)
	}
	return nil
}

// profilePath is apiPath("/profile/"), computed once.
var profilePath = apiPath("/profile/")

// GetProfile returns the account's profile.
//
// Retry class: idempotent (retried on connection errors, 429, 502, 503 and
// 504).
//
// See https://docs.cloudsigma.com/en/latest/profile.html#listing
func (c *Client) GetProfile(ctx context.Context, opts ...CallOption) (*Profile, error) {
	a := new(profileAnswer)
	if _, err := c.core().Do(ctx, &rest.Call{
		Operation: "GetProfile", Method: http.MethodGet, Route: profilePath, Safety: rest.Idempotent, Out: a,
	}, opts...); err != nil {
		return nil, err
	}
	return a.profile(), nil
}

// PutProfile replaces the writable fields of the profile with those of p
// and returns the profile as CloudSigma stored it. Every writable field is
// sent as it is, false, "" and 0 included, so start from GetProfile and
// change what you mean to change. The read-only fields (bank_reference,
// currency, email, network_restrictions, state, tax_name, tax_rate, uuid)
// are never sent; an empty CloneNaming and a zero SignupTime are left out,
// as neither is a value one could mean; a nil Meta is sent as {}.
//
// A nil p or an address the vendor documents as invalid (see
// ValidateAddress) fails before anything is sent; the latter wraps
// ErrValidation.
//
// Retry class: idempotent, since a PUT replaces state (retried on
// connection errors, 429, 502, 503 and 504).
//
// See https://docs.cloudsigma.com/en/latest/profile.html#editing
func (c *Client) PutProfile(ctx context.Context, p *Profile, opts ...CallOption) (*Profile, error) {
	if p == nil {
		return nil, fmt.Errorf("cloudsigma: PutProfile: %w: nil *Profile", ErrInvalidArgument)
	}
	if err := checkAddress(p.Address); err != nil {
		return nil, fmt.Errorf("cloudsigma: PutProfile: %w: %w", ErrInvalidArgument, err)
	}
	out := new(profileAnswer)
	if _, err := c.core().Do(ctx, &rest.Call{
		Operation: "PutProfile", Method: http.MethodPut, Route: profilePath, Body: newProfileUpdate(p),
		Safety: rest.Idempotent, Out: out,
	}, opts...); err != nil {
		return nil, err
	}
	return out.profile(), nil
}
