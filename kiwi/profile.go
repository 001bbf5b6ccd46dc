package kiwi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/flex"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// Part names a section of the account profile to fetch (the q parameter).
// It is a CallOption, so parts and other call options mix:
// GetAccountProfile(ctx, kiwi.PartSubscriptions, profiles.WithResponse(&r)).
type Part string

// ApplyCall makes a Part a CallOption.
func (Part) ApplyCall(*profiles.CallSettings) {}

// The parts the API accepts. account_info and credentials_info come with
// every part.
const (
	PartSubscriptions Part = "SUBSCRIPTIONS"
	PartContext       Part = "CONTEXT"
	PartAll           Part = "ALL"
)

// query builds q from the Parts among opts: none means ALL, duplicates are
// dropped, ALL absorbs the others, and the rest go in a fixed order so that
// equal requests are equal on the wire.
func query(opts []profiles.CallOption) (string, error) {
	seen := map[Part]bool{}
	for _, o := range opts {
		p, ok := o.(Part)
		if !ok {
			continue
		}
		switch p {
		case PartSubscriptions, PartContext, PartAll:
			seen[p] = true
		default:
			return "", fmt.Errorf("%w %q: want %s, %s or %s", ErrInvalidPart, string(p), PartSubscriptions, PartContext, PartAll)
		}
	}
	if len(seen) == 0 || seen[PartAll] {
		return string(PartAll), nil
	}
	names := make([]string, 0, len(seen))
	for _, p := range []Part{PartSubscriptions, PartContext} {
		if seen[p] {
			names = append(names, string(p))
		}
	}
	return strings.Join(names, ","), nil
}

const profilePath = "/api/1.0/account/profile"

// GetAccountProfile fetches the profile of the user the client's token
// belongs to. The Parts among opts pick the sections (q); none means
// PartAll, duplicates are dropped, and an unknown Part (the manual's stray
// SUBSCRIPTION included) fails with ErrInvalidPart before anything is sent.
// Sections not asked for are nil in the result.
//
// Wire: GET /api/1.0/account/profile?q=SUBSCRIPTIONS,CONTEXT with the
// X-Kiwi-Application-Key and X-Auth-Token headers; no body. The answer is
// {"operation_status": 0, "authentication_integration_status": 0,
// "account_profile": {"account_info": {...}, "credentials_info": {...},
// "subscriptions": [...], "context": {...}}}; a non-zero operation_status is
// an error, even with HTTP 200.
//
// Kiwi may answer an invalid token with HTTP 200: the error then matches
// ErrInvalidToken with errors.Is and is an *APIError for errors.As.
//
// Kiwi manual: Accounts › Profile API, GET
// https://api.kwsdk.io/api/1.0/account/profile (the manual has no public
// address of its own to link).
// Retry class: idempotent (retried on connection errors, 429, 502, 503, 504).
func (c *Client) GetAccountProfile(ctx context.Context, opts ...profiles.CallOption) (*AccountProfile, error) {
	q, err := query(opts)
	if err != nil {
		return nil, err
	}
	var ans answerWire
	call := &rest.Call{
		Operation: "GetAccountProfile",
		Method:    http.MethodGet,
		Route:     profilePath,
		Query:     url.Values{"q": {q}},
		Safety:    rest.Idempotent,
		Out:       &ans,
	}
	call.Check = func(resp *profiles.Response) error { return ans.failure(call, resp) }
	var meta profiles.Response
	if _, err := c.core().Do(ctx, call, append(opts, profiles.WithResponse(&meta))...); err != nil {
		return nil, unreadable(err, c.sentAs(call), &meta, &ans)
	}
	p := ans.AccountProfile.profile()
	return &p, nil
}

// sentAs is call with its Route as sent (after the base URL's path), for
// the errors unreadable builds outside the call path.
func (c *Client) sentAs(call *rest.Call) *rest.Call {
	shown := *call
	if u, err := url.Parse(c.BaseURL()); err == nil {
		shown.Route = u.EscapedPath() + call.Route
	}
	return &shown
}

// unreadable sorts the foundation's errors for a 2xx answer it could not
// decode into ans: one that is not JSON matches ErrMalformedResponse; one
// that is empty, null or not an object is not the envelope, so
// malformedAnswer; any other decoding error is in account_profile.
func unreadable(err error, call *rest.Call, meta *profiles.Response, ans *answerWire) error {
	var decodeErr *profiles.DecodeError
	var syntax *json.SyntaxError
	switch {
	case !errors.As(err, &decodeErr) || errors.Is(err, profiles.ErrResponseTooLarge):
		return err
	case errors.As(err, &syntax):
		return fmt.Errorf("%w: %w", ErrMalformedResponse, err)
	case ans.Status == nil && ans.AccountProfile == nil:
		return malformedAnswer(call, meta, "malformed answer: "+decodeErr.Err.Error(), "")
	default:
		return fmt.Errorf("%w (in account_profile)", err)
	}
}

// AccountProfile is a Kiwi account's profile.
type AccountProfile struct {
	AccountInfo     AccountInfo     `json:"account_info"`
	CredentialsInfo CredentialsInfo `json:"credentials_info"`
	// Subscriptions is nil unless PartSubscriptions or PartAll was asked
	// for (and empty, not nil, for an account without any).
	Subscriptions []Subscription `json:"subscriptions,omitempty"`
	// Context is the account's key-value store, nil unless PartContext or
	// PartAll was asked for. Numbers are json.Number, so they keep every digit.
	Context map[string]any `json:"context,omitempty"`
}

// UnmarshalJSON decodes the wire format, as GetAccountProfile does.
func (p *AccountProfile) UnmarshalJSON(b []byte) error {
	var w profileWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = w.profile()
	return nil
}

// ActiveSubscriptions returns the subscriptions active at t (see
// Subscription.ActiveAt), in the order Kiwi sent them.
func (p AccountProfile) ActiveSubscriptions(t time.Time) []Subscription {
	var active []Subscription
	for _, s := range p.Subscriptions {
		if s.ActiveAt(t) {
			active = append(active, s)
		}
	}
	return active
}

// HasActiveSubscription reports whether any subscription is active at t.
func (p AccountProfile) HasActiveSubscription(t time.Time) bool {
	return slices.ContainsFunc(p.Subscriptions, func(s Subscription) bool { return s.ActiveAt(t) })
}

// Subscription is one of an account's subscriptions.
type Subscription struct {
	ID                    string             `json:"id"` // as text even when sent as a number
	Platform              Platform           `json:"subscription_platform"`
	Type                  SubscriptionType   `json:"subscription_type"`
	Status                SubscriptionStatus `json:"subscription_status"`
	CancelReason          string             `json:"cancel_reason,omitempty"` // the reason's code, as text
	SKU                   string             `json:"sku"`
	CurrencyCode          string             `json:"currency_code"`           // such as "USD"
	Price                 int64              `json:"price"`                   // in cents: 499 with "USD" is 4.99 USD
	ExternalTransactionID string             `json:"external_transaction_id"` // the id on its platform
	CreatedAsTrial        bool               `json:"created_as_trial"`
	TrialDurationInDays   int                `json:"trial_duration_in_days,omitempty"` // 0: no trial, or not said
	// ActivatedAt, ExpiresAt and LastRenewAt are zero when Kiwi sent null,
	// 0 or "".
	ActivatedAt time.Time `json:"activated_at"`
	ExpiresAt   time.Time `json:"expires_at"`
	LastRenewAt time.Time `json:"last_renew_at"`
	// ExtraData is what the platform adds (a phone number for carrier
	// billing, a customer id for Stripe, ...). Numbers are json.Number.
	ExtraData map[string]any `json:"extra_data"`
}

// UnmarshalJSON decodes the wire format (see subscriptionWire).
func (s *Subscription) UnmarshalJSON(b []byte) error {
	var w subscriptionWire
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("subscription: %w", err)
	}
	*s = w.subscription()
	return nil
}

// MarshalJSON writes the wire format, with zero dates as null.
func (s Subscription) MarshalJSON() ([]byte, error) {
	type plain Subscription // no methods: avoids recursion
	return json.Marshal(struct {
		plain
		ActivatedAt *time.Time `json:"activated_at"`
		ExpiresAt   *time.Time `json:"expires_at"`
		LastRenewAt *time.Time `json:"last_renew_at"`
	}{plain(s), flex.TimeOrNil(s.ActivatedAt), flex.TimeOrNil(s.ExpiresAt), flex.TimeOrNil(s.LastRenewAt)})
}

// ActiveAt reports whether the subscription grants access at t: its status
// is ACTIVE or TRIAL and it has not expired by then (a zero ExpiresAt
// never expires). WAITING_RENEW, a platform's grace state, does not count.
func (s Subscription) ActiveAt(t time.Time) bool {
	if s.Status != SubscriptionActive && s.Status != SubscriptionTrial {
		return false
	}
	return s.ExpiresAt.IsZero() || t.Before(s.ExpiresAt)
}

// PriceString is FormatPrice(s.Price, s.CurrencyCode): "4.99 USD".
func (s Subscription) PriceString() string { return FormatPrice(s.Price, s.CurrencyCode) }

// FormatPrice writes cents as a decimal with two places, followed by the
// currency code when there is one: FormatPrice(499, "USD") is "4.99 USD",
// FormatPrice(-50, "EUR") is "-0.50 EUR", FormatPrice(1000, "") is "10.00".
// The manual counts every price in cents, so every currency gets two
// places; the code is upper-cased and not checked, so an unknown one shows.
func FormatPrice(cents int64, currency string) string {
	sign, abs := "", uint64(cents)
	if cents < 0 {
		sign, abs = "-", uint64(-cents) // wraps to 1<<63 for math.MinInt64: exact
	}
	amount := fmt.Sprintf("%s%d.%02d", sign, abs/100, abs%100)
	if code := strings.ToUpper(strings.TrimSpace(currency)); code != "" {
		return amount + " " + code
	}
	return amount
}
