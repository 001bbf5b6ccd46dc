package kiwi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// Part names a section of the account profile to fetch (the q parameter).
type Part string

// The parts the API accepts. account_info and credentials_info come with
// every part.
const (
	PartSubscriptions Part = "SUBSCRIPTIONS"
	PartContext       Part = "CONTEXT"
	PartAll           Part = "ALL"
)

// partOrder is the order parts are sent in, so that equal requests are
// equal on the wire whatever order the caller named them in.
var partOrder = []Part{PartSubscriptions, PartContext}

// query builds q: no parts means ALL, duplicates are dropped and ALL
// absorbs the others. An unknown part is an error.
func query(parts []Part) (string, error) {
	seen := map[Part]bool{}
	for _, p := range parts {
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
	for _, p := range partOrder {
		if seen[p] {
			names = append(names, string(p))
		}
	}
	return strings.Join(names, ","), nil
}

const profilePath = "/api/1.0/account/profile"

// GetAccountProfile fetches the profile of the user the client's token
// belongs to. parts picks the sections (q); none means PartAll. Sections
// not asked for are nil in the result.
//
// Kiwi may answer an invalid token with HTTP 200: the error then matches
// ErrInvalidToken with errors.Is and is an *APIError for errors.As.
//
// Kiwi manual: Accounts › Profile API, GET
// https://api.kwsdk.io/api/1.0/account/profile (the manual has no public
// address of its own to link).
// Retry class: idempotent (retried on connection errors, 429, 502, 503, 504).
func (c *Client) GetAccountProfile(ctx context.Context, parts ...Part) (*AccountProfile, error) {
	if c == nil {
		return nil, errNilClient
	}
	q, err := query(parts)
	if err != nil {
		return nil, err
	}
	ans := &answer{}
	call := &rest.Call{
		Method: http.MethodGet,
		Path:   profilePath,
		Query:  url.Values{"q": {q}},
		Safety: rest.Idempotent,
		Out:    ans,
	}
	var meta rest.Response
	resp, err := c.rc.Do(ctx, call, rest.WithResponse(&meta))
	if err != nil {
		return nil, notEnvelope(err, call, &meta, ans)
	}
	if err := ans.failure(call, resp); err != nil {
		return nil, err
	}
	p := ans.wire.AccountProfile.profile()
	return &p, nil
}

// notEnvelope marks with ErrMalformedResponse the foundation's
// *DecodeError for a 2xx body that cannot be the envelope at all. A body
// that is not JSON fails before the answer's decoder sees it, and the
// foundation keeps no body, so such an answer is not an *APIError; an
// empty or null body, which the foundation refuses too, is one, with the
// status and headers meta holds.
func notEnvelope(err error, call *rest.Call, meta *rest.Response, ans *answer) error {
	var decodeErr *DecodeError
	var syntax *json.SyntaxError
	switch {
	case !errors.As(err, &decodeErr) || ans.decoded || errors.Is(err, ErrResponseTooLarge):
		return err
	case errors.As(err, &syntax):
		return fmt.Errorf("%w: %w", ErrMalformedResponse, err)
	default:
		return malformedAnswer(call, meta, nil, "malformed answer: empty or null body", "")
	}
}

// AccountProfile is a Kiwi account's profile.
type AccountProfile struct {
	// AccountInfo is the account's id, identity pool and dates.
	AccountInfo AccountInfo `json:"account_info"`
	// CredentialsInfo is the confirmation state of the account's
	// credentials.
	CredentialsInfo CredentialsInfo `json:"credentials_info"`
	// Subscriptions is nil unless PartSubscriptions or PartAll was asked
	// for (and empty, not nil, for an account without any).
	Subscriptions []Subscription `json:"subscriptions,omitempty"`
	// Context is the account's key-value store; nil unless PartContext or
	// PartAll was asked for. Numbers are json.Number, so large ids keep
	// every digit.
	Context map[string]any `json:"context,omitempty"`
}

// UnmarshalJSON decodes the wire format (see profileWire). Context
// numbers are json.Number, so they stay exact.
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
	for _, s := range p.Subscriptions {
		if s.ActiveAt(t) {
			return true
		}
	}
	return false
}
