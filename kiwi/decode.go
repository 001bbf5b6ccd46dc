package kiwi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/profiles-sdk/profiles-go/internal/flex"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// The wire tree: a Kiwi answer as sent, decoded by encoding/json. The
// manual does not say how numbers, ids and dates are written, so its
// scalars are flex types, which accept the spellings a JSON API commonly
// uses for each (see internal/flex); the public types' own UnmarshalJSON
// methods decode through the same structs.

// answer is the Out of GetAccountProfile. It sees the answer whole, rather
// than letting the foundation decode answerWire directly, because Kiwi
// reports errors in 2xx answers too, and such an answer's *APIError keeps
// its body like every other vendor error.
type answer struct {
	// decoded is false until the foundation hands over a body.
	decoded bool
	// notObject is a body that is JSON but not an object.
	notObject bool
	wire      answerWire
	// body is a copy of an answer that is not a success, for its *APIError.
	body []byte
}

// UnmarshalJSON decodes b into the wire tree. An error here is the
// foundation's *rest.DecodeError: an answer whose profile cannot be read.
// An answer that is not the envelope, or whose operation_status is not
// SUCCESS, is kept instead, to be reported with its status and body.
func (a *answer) UnmarshalJSON(b []byte) error {
	*a = answer{decoded: true} // nothing of an earlier attempt stays
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] != '{' && string(t) != "null" {
		a.notObject = true
		a.body = bytes.Clone(b)
		return nil
	}
	if err := json.Unmarshal(b, &a.wire); err != nil {
		return fmt.Errorf("account_profile: %w", err)
	}
	if !a.wire.Status.success() || a.wire.AccountProfile == nil {
		a.body = bytes.Clone(b)
	}
	return nil
}

// answerWire is the envelope every Kiwi answer is.
type answerWire struct {
	Status         statusMember `json:"operation_status"`
	AccountProfile *profileWire `json:"account_profile"`
}

// statusMember is operation_status. One that cannot be read is kept as an
// error rather than returned, so that such an answer is reported as
// malformed together with its status and body.
type statusMember struct {
	set    bool
	status OperationStatus
	err    error
}

func (m *statusMember) UnmarshalJSON(b []byte) error {
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	m.set = true
	m.err = m.status.UnmarshalJSON(b)
	return nil
}

func (m statusMember) success() bool {
	return m.set && m.err == nil && m.status == OperationSuccess
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

// subscriptionWire is one element of subscriptions: ids and codes as
// strings or numbers, dates as RFC 3339 or Unix seconds or milliseconds,
// enums with numbers the manual does not list.
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
	m, err := decodeObject(b)
	*o = m
	return err
}

func decodeObject(b []byte) (map[string]any, error) {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		inner, err := flex.Text(b)
		if err != nil {
			return nil, err
		}
		b = []byte(inner)
	}
	var members map[string]jsonValue
	if err := json.Unmarshal(b, &members); err != nil {
		return nil, fmt.Errorf("want an object: %w", err)
	}
	if members == nil {
		return nil, nil
	}
	m := make(map[string]any, len(members))
	for k, v := range members {
		m[k] = v.v
	}
	return m, nil
}

// jsonValue is any JSON value as encoding/json decodes it into an any,
// except that numbers are json.Number.
type jsonValue struct{ v any }

func (j *jsonValue) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return errors.New("want a JSON value")
	}
	var err error
	switch b[0] {
	case '{':
		var m map[string]any
		m, err = decodeObject(b)
		j.v = m
	case '[':
		var list []jsonValue
		err = json.Unmarshal(b, &list)
		values := make([]any, len(list))
		for i := range list {
			values[i] = list[i].v
		}
		j.v = values
	case '"':
		j.v, err = flex.Text(b)
	case 't', 'f':
		j.v = b[0] == 't'
	case 'n':
		j.v = nil
	default:
		j.v = json.Number(b)
	}
	return err
}

// failure is the *APIError of a decoded 2xx answer that is not a SUCCESS
// with an account_profile, or nil for one that is.
func (a *answer) failure(call *rest.Call, resp *rest.Response) error {
	st := a.wire.Status
	switch {
	case a.notObject:
		return malformedAnswer(call, resp, a.body, "malformed answer: want a JSON object", "")
	case !st.set:
		return malformedAnswer(call, resp, a.body, "answer without operation_status", "")
	case st.err != nil:
		return malformedAnswer(call, resp, a.body, "malformed answer: "+st.err.Error(), "")
	}
	code := strconv.Itoa(int(st.status))
	if st.status != OperationSuccess {
		// The message parseError would find, if any, else the manual's words.
		var probe APIError
		parseError(&probe, nil, a.body)
		return answerError(call, resp, a.body, probe.Message, code, st.status.sentinel())
	}
	if a.wire.AccountProfile == nil {
		return malformedAnswer(call, resp, a.body, "SUCCESS without account_profile", code)
	}
	return nil
}

// malformedAnswer is the *APIError of a 2xx answer that is not the
// envelope. It is a *DecodeError too, as is every 2xx answer the SDK cannot
// read, and matches ErrMalformedResponse.
func malformedAnswer(call *rest.Call, resp *rest.Response, body []byte, message, code string) error {
	decodeErr := &rest.DecodeError{StatusCode: resp.StatusCode, Err: ErrMalformedResponse}
	return answerError(call, resp, body, message, code, decodeErr)
}
