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

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// Part names a section of the account profile to fetch (the q parameter).
// It is a CallOption, so parts and other call options mix:
// GetAccountProfile(ctx, kiwi.PartSubscriptions, kiwi.WithResponse(&r)).
type Part string

// ApplyCall makes a Part a CallOption.
func (Part) ApplyCall(*rest.CallSettings) {}

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
func query(opts []CallOption) (string, error) {
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
// Kiwi may answer an invalid token with HTTP 200: the error then matches
// ErrInvalidToken with errors.Is and is an *APIError for errors.As.
//
// Kiwi manual: Accounts › Profile API, GET
// https://api.kwsdk.io/api/1.0/account/profile (the manual has no public
// address of its own to link).
// Retry class: idempotent (retried on connection errors, 429, 502, 503, 504).
func (c *Client) GetAccountProfile(ctx context.Context, opts ...CallOption) (*AccountProfile, error) {
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
	var meta rest.Response
	if _, err := c.core().Do(ctx, call, append(opts, rest.WithResponse(&meta))...); err != nil {
		return nil, unreadable(err, call, &meta, &ans)
	}
	if err := ans.failure(call, &meta); err != nil {
		return nil, err
	}
	p := ans.AccountProfile.profile()
	return &p, nil
}

// unreadable sorts the foundation's errors for a 2xx answer it could not
// decode into ans: one that is not JSON matches ErrMalformedResponse; one
// that is empty, null or not an object is not the envelope, so
// malformedAnswer; any other decoding error is in account_profile.
func unreadable(err error, call *rest.Call, meta *rest.Response, ans *answerWire) error {
	var decodeErr *DecodeError
	var syntax *json.SyntaxError
	switch {
	case !errors.As(err, &decodeErr) || errors.Is(err, ErrResponseTooLarge):
		return err
	case errors.As(err, &syntax):
		return fmt.Errorf("%w: %w", ErrMalformedResponse, err)
	case !ans.Status.set && ans.AccountProfile == nil:
		return malformedAnswer(call, meta, "malformed answer: "+decodeErr.Err.Error(), "")
	default:
		return fmt.Errorf("%w (in account_profile)", err)
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
