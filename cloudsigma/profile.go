package cloudsigma

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/profiles-sdk/profiles-go"
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
	CloneNamingNone      CloneNaming = "NONE"      // append nothing to the name
	CloneNamingCounter   CloneNaming = "COUNTER"   // append a number, or increase one already there
	CloneNamingDate      CloneNaming = "DATE"      // append the current date, or update one already there
	CloneNamingTimestamp CloneNaming = "TIMESTAMP" // append the current timestamp, or update one
)

// Valid reports whether n is one of the documented strategies.
func (n CloneNaming) Valid() bool {
	return slices.Contains([]CloneNaming{CloneNamingNone, CloneNamingCounter, CloneNamingDate, CloneNamingTimestamp}, n)
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
	q := *p // decoded into a copy, so that a failure leaves p as it was
	w := struct {
		*plainProfile
		SignupTime *vendorTime `json:"signup_time"` // shadows the embedded one
	}{(*plainProfile)(&q), (*vendorTime)(&q.SignupTime)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = q
	return nil
}

// plainProfile is Profile without its methods.
type plainProfile Profile

// profileWire is what GetProfile and PutProfile decode, in one pass over
// the body: Profile with signup_time read as the vendor writes it. It is
// flat on purpose: encoding/json looks up the reflect name of an embedded
// struct for every member it fills through it, which made a profile
// embedding plainProfile 12% slower to decode (Profile.UnmarshalJSON, off
// the calls' path, embeds it for brevity).
type profileWire struct {
	Address              string         `json:"address"`
	APIHTTPSOnly         bool           `json:"api_https_only"`
	AutotopupAmount      Decimal        `json:"autotopup_amount"`
	AutotopupThreshold   Decimal        `json:"autotopup_threshold"`
	BankReference        string         `json:"bank_reference"`
	CloneNaming          CloneNaming    `json:"clone_naming"`
	Company              string         `json:"company"`
	Country              string         `json:"country"`
	Currency             string         `json:"currency"`
	Email                string         `json:"email"`
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
	NetworkRestrictions  *string        `json:"network_restrictions"`
	Nickname             string         `json:"nickname"`
	Phone                string         `json:"phone"`
	Postcode             string         `json:"postcode"`
	Reseller             string         `json:"reseller"`
	SignupTime           vendorTime     `json:"signup_time"`
	State                string         `json:"state"`
	TaxName              *string        `json:"tax_name"`
	TaxRate              *Decimal       `json:"tax_rate"`
	Title                string         `json:"title"`
	Town                 string         `json:"town"`
	TxAutotopupAmount    Decimal        `json:"tx_autotopup_amount"`
	TxAutotopupThreshold Decimal        `json:"tx_autotopup_threshold"`
	UUID                 string         `json:"uuid"`
	VAT                  string         `json:"vat"`
}

func (w *profileWire) profile() *Profile {
	return &Profile{Address: w.Address, APIHTTPSOnly: w.APIHTTPSOnly, AutotopupAmount: w.AutotopupAmount,
		AutotopupThreshold: w.AutotopupThreshold, BankReference: w.BankReference, CloneNaming: w.CloneNaming,
		Company: w.Company, Country: w.Country, Currency: w.Currency, Email: w.Email, FirstName: w.FirstName,
		HasAutotopup: w.HasAutotopup, HasTxAutotopup: w.HasTxAutotopup, Invoicing: w.Invoicing, KeyAuth: w.KeyAuth,
		Language: w.Language, LastName: w.LastName, MailingList: w.MailingList, Meta: w.Meta, MyNotes: w.MyNotes,
		NetworkRestrictions: w.NetworkRestrictions, Nickname: w.Nickname, Phone: w.Phone, Postcode: w.Postcode,
		Reseller: w.Reseller, SignupTime: time.Time(w.SignupTime), State: w.State, TaxName: w.TaxName,
		TaxRate: w.TaxRate, Title: w.Title, Town: w.Town, TxAutotopupAmount: w.TxAutotopupAmount,
		TxAutotopupThreshold: w.TxAutotopupThreshold, UUID: w.UUID, VAT: w.VAT}
}

// vendorTime is a timestamp as CloudSigma writes it: microseconds and an
// offset with a colon.
type vendorTime time.Time

const vendorTimeLayout = "2006-01-02T15:04:05.999999-07:00"

func (t vendorTime) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Time(t).Format(vendorTimeLayout))
}

func (t *vendorTime) UnmarshalJSON(b []byte) error {
	// How the vendor sends it, read straight from the bytes.
	if (*time.Time)(t).UnmarshalJSON(b) == nil {
		return nil
	}
	s, err := flex.Text(b)
	if err != nil {
		return fmt.Errorf("cloudsigma: time: %w", err)
	}
	*t = vendorTime{}
	if s == "" {
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

// readOnlyMembers are the profile members CloudSigma sets itself.
var readOnlyMembers = []string{"bank_reference", "currency", "email", "network_restrictions", "state", "tax_name", "tax_rate", "uuid"}

// profileBody is the body of PutProfile: the profile without its read-only
// members, none omitted when empty, so false, "" and 0 reach the vendor.
type profileBody Profile

func (p *profileBody) MarshalJSON() ([]byte, error) {
	w := struct {
		*plainProfile
		Meta       map[string]any `json:"meta"`
		SignupTime *vendorTime    `json:"signup_time,omitempty"` // a zero time is no time: leave it
	}{plainProfile: (*plainProfile)(p), Meta: p.Meta}
	if w.Meta == nil {
		w.Meta = map[string]any{} // meta is not nullable: nil means empty
	}
	if !p.SignupTime.IsZero() {
		w.SignupTime = (*vendorTime)(&p.SignupTime)
	}
	b, err := rest.EncodeJSON(w)
	if err != nil {
		return nil, err
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(b, &members); err != nil {
		return nil, err
	}
	for _, name := range readOnlyMembers {
		delete(members, name)
	}
	return rest.EncodeJSON(members) // sorted by name, as the fields are
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
	if i := strings.IndexFunc(address, func(r rune) bool { return r >= utf8.RuneSelf }); i >= 0 {
		return fmt.Errorf("address must be ASCII (non-ASCII text at byte %d): %w", i, ErrValidation)
	}
	if len(address) > MaxAddressLength {
		return fmt.Errorf("address has %d characters, at most %d allowed: %w", len(address), MaxAddressLength, ErrValidation)
	}
	return nil
}

const profilePath = "/api/2.0/profile/"

// GetProfile returns the account's profile: GET /api/2.0/profile/. The
// answer is the profile object itself, {"address": "...", "balance": ...,
// "uuid": "..."}, with no envelope.
//
// Retry class: idempotent (retried on connection errors, 429, 502, 503, 504).
//
// See https://docs.cloudsigma.com/en/latest/profile.html#listing
func (c *Client) GetProfile(ctx context.Context, opts ...profiles.CallOption) (*Profile, error) {
	return c.profileCall(ctx, "GetProfile", http.MethodGet, nil, opts)
}

// profileCall sends an idempotent call to the profile path (with body,
// when not nil) and decodes the profile it answers.
func (c *Client) profileCall(ctx context.Context, op, method string, body any, opts []profiles.CallOption) (*Profile, error) {
	w := new(profileWire)
	if _, err := c.core().Do(ctx, &rest.Call{
		Operation: op, Method: method, Route: profilePath, Body: body, Safety: rest.Idempotent, Out: w,
	}, opts...); err != nil {
		return nil, err
	}
	return w.profile(), nil
}

// PutProfile replaces the writable fields of the profile with those of p
// (PUT /api/2.0/profile/) and returns the profile as CloudSigma stored it.
// Every writable field is sent as it is, false, "" and 0 included, so
// start from GetProfile and change what you mean to change. The read-only
// fields (bank_reference, currency, email, network_restrictions, state,
// tax_name, tax_rate, uuid) are never sent; an empty CloneNaming and a zero
// SignupTime are left out, as neither is a value one could mean; a nil Meta
// is sent as {}. The body is a bare profile object of the writable fields,
// and so is the answer (the whole stored profile), as for GetProfile.
//
// A nil p or an address the vendor documents as invalid (see
// ValidateAddress) fails before anything is sent; the latter wraps
// ErrValidation.
//
// Retry class: idempotent, since a PUT replaces state (retried on
// connection errors, 429, 502, 503, 504).
//
// See https://docs.cloudsigma.com/en/latest/profile.html#editing
func (c *Client) PutProfile(ctx context.Context, p *Profile, opts ...profiles.CallOption) (*Profile, error) {
	if p == nil {
		return nil, fmt.Errorf("cloudsigma: PutProfile: %w: nil *Profile", profiles.ErrInvalidArgument)
	}
	if err := checkAddress(p.Address); err != nil {
		return nil, fmt.Errorf("cloudsigma: PutProfile: %w: %w", profiles.ErrInvalidArgument, err)
	}
	return c.profileCall(ctx, "PutProfile", http.MethodPut, (*profileBody)(p), opts)
}

// NoDefault is the text CloudSigma's schema puts in SchemaField.Default
// for a field without a default.
const NoDefault = "No default provided."

// Schema describes the profile resource: its methods and every field.
type Schema struct {
	AllowedDetailHTTPMethods []string               `json:"allowed_detail_http_methods"`
	AllowedListHTTPMethods   []string               `json:"allowed_list_http_methods"`
	DefaultFormat            string                 `json:"default_format"`
	DefaultLimit             int                    `json:"default_limit"`
	Fields                   map[string]SchemaField `json:"fields"`
}

// SchemaField describes one profile field.
type SchemaField struct {
	// Type is "string", "boolean", "decimal", "dict", "datetime", ...
	Type     string `json:"type"`
	ReadOnly bool   `json:"readonly"`
	Nullable bool   `json:"nullable"`
	Blank    bool   `json:"blank"`
	Unique   bool   `json:"unique"`
	HelpText string `json:"help_text"`
	// Default is the decoded JSON default: a string, bool, float64 (the
	// decimals' default is the number 0) or the text NoDefault.
	Default any `json:"default"`
}

// HasDefault reports whether the field has a default value.
func (f SchemaField) HasDefault() bool { return f.Default != NoDefault }

// ReadOnlyFields returns the names of the read-only fields, sorted.
func (s *Schema) ReadOnlyFields() []string { return s.fieldNames(true) }

// WritableFields returns the names of the writable fields, sorted.
func (s *Schema) WritableFields() []string { return s.fieldNames(false) }

func (s *Schema) fieldNames(readOnly bool) []string {
	var names []string
	for name, f := range s.Fields {
		if f.ReadOnly == readOnly {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// GetProfileSchema returns the schema of the profile resource (GET
// /api/2.0/profile/schema/): each field's type, whether it is read-only or
// nullable, and its default. The answer is the bare schema object,
// {"allowed_detail_http_methods": [...], ..., "fields": {"address": {...}}}.
//
// Retry class: idempotent (retried on connection errors, 429, 502, 503, 504).
//
// See https://docs.cloudsigma.com/en/latest/profile.html#schema
func (c *Client) GetProfileSchema(ctx context.Context, opts ...profiles.CallOption) (*Schema, error) {
	s := new(Schema)
	if _, err := c.core().Do(ctx, &rest.Call{
		Operation: "GetProfileSchema", Method: http.MethodGet, Route: profilePath + "schema/", Safety: rest.Idempotent, Out: s,
	}, opts...); err != nil {
		return nil, err
	}
	return s, nil
}
