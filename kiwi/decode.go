package kiwi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/flex"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// answerWire is a Kiwi answer as sent, decoded by encoding/json straight
// into this tree (so an error in account_profile is the foundation's
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

func (w *profileWire) profile() AccountProfile {
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

func (w *subscriptionWire) subscription() Subscription {
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

// failure is the *APIError of a decoded 2xx answer that is not a SUCCESS
// with an account_profile, or nil for one that is.
func (w *answerWire) failure(call *rest.Call, resp *profiles.Response) error {
	if w.Status == nil || string(w.Status) == "null" {
		return malformedAnswer(call, resp, "answer without operation_status", "")
	}
	var st OperationStatus
	if err := st.UnmarshalJSON(w.Status); err != nil {
		return malformedAnswer(call, resp, "malformed answer: "+err.Error(), "")
	}
	switch {
	case st != OperationSuccess:
		message, sentinel := st.outcome()
		return answerError(call, resp, message, strconv.Itoa(int(st)), sentinel)
	case w.AccountProfile == nil:
		return malformedAnswer(call, resp, "SUCCESS without account_profile", "0")
	}
	return nil
}

// malformedAnswer is the *APIError of a 2xx answer that is not the
// envelope; it is also a *DecodeError matching ErrMalformedResponse.
func malformedAnswer(call *rest.Call, resp *profiles.Response, message, code string) error {
	decodeErr := &profiles.DecodeError{StatusCode: resp.StatusCode, Err: ErrMalformedResponse}
	return answerError(call, resp, message, code, decodeErr)
}
