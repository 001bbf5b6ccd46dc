package kiwi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
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
		Check:     ans.failure,
	}
	var meta profiles.Response
	if _, err := c.core().Do(ctx, call, append(opts, profiles.WithResponse(&meta))...); err != nil {
		return nil, c.unreadable(err, &meta, &ans)
	}
	p := ans.AccountProfile.profile()
	return &p, nil
}

// unreadable sorts the call's errors for a 2xx answer it could not decode
// into ans: one that is not JSON matches ErrMalformedResponse; one that is
// empty, null or not an object is not the envelope, so malformed, an
// *APIError built here, outside the call, with the path as sent; any other
// decoding error is in account_profile.
func (c *Client) unreadable(err error, meta *profiles.Response, ans *answerWire) error {
	var decodeErr *profiles.DecodeError
	var syntax *json.SyntaxError
	switch {
	case !errors.As(err, &decodeErr) || errors.Is(err, profiles.ErrResponseTooLarge):
		return err
	case errors.As(err, &syntax):
		return fmt.Errorf("%w: %w", ErrMalformedResponse, err)
	case ans.Status != nil || ans.AccountProfile != nil:
		return fmt.Errorf("%w (in account_profile)", err)
	}
	e := malformed(meta.StatusCode, "malformed answer: "+decodeErr.Err.Error(), "")
	e.Vendor, e.Method, e.Path = "kiwi", http.MethodGet, profilePath
	e.RequestID, e.Attempts = meta.Header.Get(requestIDHeader), meta.Attempts
	if u, err := url.Parse(c.BaseURL()); err == nil {
		e.Path = u.EscapedPath() + profilePath
	}
	return e
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
	return decodeThrough(b, p, profileWire.profile)
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
	if err := decodeThrough(b, s, subscriptionWire.subscription); err != nil {
		return fmt.Errorf("subscription: %w", err)
	}
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

// answerWire is a Kiwi answer as sent, decoded by encoding/json straight
// into this tree (so an error in account_profile is the call's
// *DecodeError). Scalars whose spelling the manual leaves open are flex
// types; the public types' UnmarshalJSON methods decode through the same
// structs.
type answerWire struct {
	// Status is read by failure, so that one that cannot be read is
	// reported as malformed, with the HTTP status, like a missing one.
	Status         json.RawMessage `json:"operation_status"`
	AccountProfile *profileWire    `json:"account_profile"`
}

// profileWire is account_profile.
type profileWire struct {
	AccountInfo     jsonMembers        `json:"account_info"`
	CredentialsInfo jsonMembers        `json:"credentials_info"`
	Subscriptions   []subscriptionWire `json:"subscriptions"`
	Context         jsonObject         `json:"context"`
}

func (w profileWire) profile() AccountProfile {
	var subs []Subscription
	if w.Subscriptions != nil {
		subs = make([]Subscription, len(w.Subscriptions))
		for i := range w.Subscriptions {
			subs[i] = w.Subscriptions[i].subscription()
		}
	}
	return AccountProfile{
		AccountInfo:     accountInfoOf(w.AccountInfo),
		CredentialsInfo: credentialsInfoOf(w.CredentialsInfo),
		Subscriptions:   subs,
		Context:         w.Context,
	}
}

// subscriptionWire is one element of subscriptions.
type subscriptionWire struct {
	ID                    flex.String        `json:"id"`
	Platform              Platform           `json:"subscription_platform"`
	Type                  SubscriptionType   `json:"subscription_type"`
	Status                SubscriptionStatus `json:"subscription_status"`
	CancelReason          flex.String        `json:"cancel_reason"`
	SKU                   flex.String        `json:"sku"`
	CurrencyCode          flex.String        `json:"currency_code"`
	Price                 flex.Int           `json:"price"`
	ExternalTransactionID flex.String        `json:"external_transaction_id"`
	CreatedAsTrial        flex.Bool          `json:"created_as_trial"`
	TrialDurationInDays   flex.Int           `json:"trial_duration_in_days"`
	ActivatedAt           flex.Time          `json:"activated_at"`
	ExpiresAt             flex.Time          `json:"expires_at"`
	LastRenewAt           flex.Time          `json:"last_renew_at"`
	ExtraData             jsonObject         `json:"extra_data"`
}

func (w subscriptionWire) subscription() Subscription {
	return Subscription{
		ID:                    string(w.ID),
		Platform:              w.Platform,
		Type:                  w.Type,
		Status:                w.Status,
		CancelReason:          string(w.CancelReason),
		SKU:                   string(w.SKU),
		CurrencyCode:          strings.TrimSpace(string(w.CurrencyCode)),
		Price:                 int64(w.Price),
		ExternalTransactionID: string(w.ExternalTransactionID),
		CreatedAsTrial:        bool(w.CreatedAsTrial),
		TrialDurationInDays:   int(w.TrialDurationInDays),
		ActivatedAt:           time.Time(w.ActivatedAt),
		ExpiresAt:             time.Time(w.ExpiresAt),
		LastRenewAt:           time.Time(w.LastRenewAt),
		ExtraData:             w.ExtraData,
	}
}

// failure is the *APIError of a decoded 2xx answer that is not a SUCCESS
// with an account_profile, or nil for one that is. It runs inside the call,
// which fills in the error's vendor, method, path and request id.
// failure judges the answer, of the given status, inside the call
// (rest.Call.Check), which fills in the request id and path of the
// APIError it returns.
func (w *answerWire) failure(status int) error {
	if w.Status == nil || string(w.Status) == "null" {
		return malformed(status, "answer without operation_status", "")
	}
	var st OperationStatus
	if err := st.UnmarshalJSON(w.Status); err != nil {
		return malformed(status, "malformed answer: "+err.Error(), "")
	}
	switch {
	case st != OperationSuccess:
		message, sentinel := st.outcome()
		return &profiles.APIError{StatusCode: status, Message: message, Code: strconv.Itoa(int(st)), Err: sentinel}
	case w.AccountProfile == nil:
		return malformed(status, "SUCCESS without account_profile", "0")
	}
	return nil
}

// jsonObject is an object whose numbers are json.Number, so that large ids
// keep every digit. null gives nil; a string holding a JSON object is
// unwrapped, as some platforms double-encode.
type jsonObject map[string]any

func (o *jsonObject) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		inner, err := flex.Text(b)
		if err != nil {
			return err
		}
		b = []byte(inner)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return fmt.Errorf("want an object: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF { // an unwrapped string may hold more
		return errors.New("want an object: data after it")
	}
	*o = m
	return nil
}

// AccountInfo is the account_info object. The manual names no members
// ("account id, identity pool, sign up dates and last context update"), so
// the fields are read under guessed names (a few spellings each); a member
// that matches none, or whose value has an unexpected type, is kept in
// Extra as sent.
type AccountInfo struct {
	AccountID           string    // account_id, as text even when sent as a number
	IdentityPool        string    // identity_pool
	SignUpAt            time.Time // sign_up_date
	LastContextUpdateAt time.Time // last_context_update
	// Extra holds every other member as sent.
	Extra map[string]json.RawMessage
}

// The member names tried for each AccountInfo field; MarshalJSON writes
// the first.
var (
	accountIDNames      = []string{"account_id", "accountId", "id"}
	identityPoolNames   = []string{"identity_pool", "identity_pool_id", "identityPool"}
	signUpNames         = []string{"sign_up_date", "signup_date", "sign_up_at", "signed_up_at", "signUpDate"}
	contextUpdatedNames = []string{"last_context_update", "last_context_update_at", "context_updated_at", "lastContextUpdate"}
)

// UnmarshalJSON decodes the members it recognises and keeps the rest.
func (a *AccountInfo) UnmarshalJSON(b []byte) error {
	return decodeThrough(b, a, accountInfoOf)
}

// accountInfoOf reads account_info from members, which it takes over.
func accountInfoOf(members jsonMembers) AccountInfo {
	var id, pool flex.String
	var signUp, ctxUpdate flex.Time
	takeMember(members, accountIDNames, &id)
	takeMember(members, identityPoolNames, &pool)
	takeMember(members, signUpNames, &signUp)
	takeMember(members, contextUpdatedNames, &ctxUpdate)
	return AccountInfo{
		AccountID:           string(id),
		IdentityPool:        string(pool),
		SignUpAt:            time.Time(signUp),
		LastContextUpdateAt: time.Time(ctxUpdate),
		Extra:               nilIfEmpty(members),
	}
}

// MarshalJSON writes Extra and the set fields under their first names.
func (a AccountInfo) MarshalJSON() ([]byte, error) {
	out := map[string]any{}
	for k, v := range a.Extra {
		out[k] = v
	}
	putIf(out, accountIDNames[0], a.AccountID, a.AccountID != "")
	putIf(out, identityPoolNames[0], a.IdentityPool, a.IdentityPool != "")
	putIf(out, signUpNames[0], a.SignUpAt, !a.SignUpAt.IsZero())
	putIf(out, contextUpdatedNames[0], a.LastContextUpdateAt, !a.LastContextUpdateAt.IsZero())
	return json.Marshal(out)
}

// CredentialsInfo is the credentials_info object, "the confirmation status
// of the credentials associated to this account", whose members the manual
// does not name. "email_confirmed": true (or is_email_confirmed,
// email_verified, a bare "email": true) and "email": {"confirmed": true}
// all give Confirmed["email"] = true.
type CredentialsInfo struct {
	// Confirmed maps a credential kind ("email", "phone", ...) to whether
	// it is confirmed.
	Confirmed map[string]bool
	// Extra holds every member that is not a plain boolean, as sent
	// (objects too, after their flag was read).
	Extra map[string]json.RawMessage
}

// IsConfirmed reports whether the credential kind is confirmed, and whether
// the answer said anything about it.
func (c CredentialsInfo) IsConfirmed(kind string) (confirmed, known bool) {
	confirmed, known = c.Confirmed[kind]
	return confirmed, known
}

// Kinds returns the credential kinds Confirmed knows, sorted.
func (c CredentialsInfo) Kinds() []string {
	kinds := make([]string, 0, len(c.Confirmed))
	for k := range c.Confirmed {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	return kinds
}

// UnmarshalJSON reads confirmation flags and keeps every other member.
func (c *CredentialsInfo) UnmarshalJSON(b []byte) error {
	return decodeThrough(b, c, credentialsInfoOf)
}

// credentialsInfoOf reads credentials_info from members, which it takes over.
func credentialsInfoOf(members jsonMembers) CredentialsInfo {
	confirmed := map[string]bool{}
	for name, raw := range members {
		switch v := bytes.TrimSpace(raw); {
		case string(v) == "true" || string(v) == "false":
			confirmed[credentialKind(name)] = string(v) == "true"
			delete(members, name)
		case len(v) > 0 && v[0] == '{':
			if flag, ok := nestedConfirmation(v); ok {
				confirmed[name] = flag
			}
		}
	}
	return CredentialsInfo{Confirmed: nilIfEmpty(confirmed), Extra: nilIfEmpty(members)}
}

// MarshalJSON writes Extra, then each flag as "<kind>_confirmed".
func (c CredentialsInfo) MarshalJSON() ([]byte, error) {
	out := map[string]any{}
	for k, v := range c.Extra {
		out[k] = v
	}
	for kind, flag := range c.Confirmed {
		if _, taken := c.Extra[kind+"_confirmed"]; !taken {
			out[kind+"_confirmed"] = flag
		}
	}
	return json.Marshal(out)
}

// nestedConfirmation reads the flag of "email": {"confirmed": true, ...}.
func nestedConfirmation(obj []byte) (flag, ok bool) {
	var w struct {
		Confirmed   *bool `json:"confirmed"`
		IsConfirmed *bool `json:"is_confirmed"`
		Verified    *bool `json:"verified"`
	}
	if json.Unmarshal(obj, &w) != nil {
		return false, false
	}
	for _, f := range []*bool{w.Confirmed, w.IsConfirmed, w.Verified} {
		if f != nil {
			return *f, true
		}
	}
	return false, false
}

// credentialKind turns "is_email_confirmed" or "email_verified" into "email".
func credentialKind(name string) string {
	kind := strings.TrimPrefix(name, "is_")
	for _, suffix := range []string{"_confirmed", "_verified"} {
		if k := strings.TrimSuffix(kind, suffix); k != "" {
			kind = k
		}
	}
	return kind
}

// decodeThrough decodes b as the wire type W and sets *dst to what convert
// makes of it: the public types' UnmarshalJSON methods read the wire
// format this way, as the calls do.
func decodeThrough[W, T any](b []byte, dst *T, convert func(W) T) error {
	var w W
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*dst = convert(w)
	return nil
}

// jsonMembers is an object whose members are read one by one.
type jsonMembers = map[string]json.RawMessage

// takeMember decodes the first of names present in members into dst and
// removes it; a value dst cannot hold stays, for Extra, rather than fail
// the answer over a guessed name.
func takeMember(members jsonMembers, names []string, dst json.Unmarshaler) {
	for _, name := range names {
		raw, ok := members[name]
		if !ok {
			continue
		}
		if dst.UnmarshalJSON(raw) == nil {
			delete(members, name)
		}
		return
	}
}

func putIf(m map[string]any, key string, v any, ok bool) {
	if ok {
		m[key] = v
	}
}

func nilIfEmpty[M ~map[string]V, V any](m M) M {
	if len(m) == 0 {
		return nil
	}
	return m
}
