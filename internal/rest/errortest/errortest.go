// Package errortest checks a vendor's error parser (rest.ErrorParser) the
// way the core uses it; the vendors' fuzz targets and tests share it.
package errortest

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// RequestID is the id Check puts in the request id header, as a vendor or
// its proxy would.
const RequestID = "req-errortest-1"

// Statuses are the statuses Check tries each body with: the four that have
// a shared sentinel, a validation failure and a server failure.
var Statuses = []int{
	http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound,
	http.StatusUnprocessableEntity, http.StatusTooManyRequests, http.StatusInternalServerError,
}

// Parse runs parse as the core does: the request id is read from the
// header before the parser sees the answer.
func Parse(parse rest.ErrorParser, status int, body []byte) *profiles.APIError {
	h := http.Header{}
	h.Set("X-Request-Id", RequestID)
	e := &profiles.APIError{Vendor: "errortest", Method: http.MethodGet, Path: "/p", StatusCode: status, RequestID: RequestID, Body: body}
	parse(e, h, body)
	return e
}

// Check fails t when parse, given body with any of Statuses, loses what
// the core gave it or leaves the caller without what the core promises:
//   - the status stays;
//   - the request id from the header stays, unless the parser put a
//     non-empty id from the body in its place;
//   - the message is empty (the core then writes its fallback: an HTML
//     title, a short text body or the status text) or has text: a blank
//     message would stop the fallback and say nothing;
//   - the error's text does not panic.
//
// (The shared sentinel of the status is the core's: APIError.Is.)
func Check(t testing.TB, parse rest.ErrorParser, body []byte) {
	t.Helper()
	for _, status := range Statuses {
		e := Parse(parse, status, body)
		if e.StatusCode != status {
			t.Fatalf("status %d: the parser changed the status to %d (body %q)", status, e.StatusCode, body)
		}
		if e.RequestID == "" {
			t.Fatalf("status %d: the parser lost the request id (body %q)", status, body)
		}
		if e.Message != "" && strings.TrimSpace(e.Message) == "" {
			t.Fatalf("status %d: blank message %q (body %q)", status, e.Message, body)
		}
		_ = e.Error()
	}
}

// Beside fails t when a member set beside the vendor's own message member
// hides that message. base is a JSON object the parser reads want from;
// for each of names, the body is base with that member set to value (when
// value is JSON at all), and the parsed message must still contain want.
func Beside(t testing.TB, parse rest.ErrorParser, base, want string, names []string, value []byte) {
	t.Helper()
	if !json.Valid(value) {
		return
	}
	for _, name := range names {
		var members map[string]json.RawMessage
		if err := json.Unmarshal([]byte(base), &members); err != nil {
			t.Fatalf("base %s: %v", base, err)
		}
		members[name] = json.RawMessage(value)
		body, err := json.Marshal(members)
		if err != nil {
			t.Fatalf("encoding the body: %v", err)
		}
		for _, status := range Statuses {
			if e := Parse(parse, status, body); !strings.Contains(e.Message, want) {
				t.Fatalf("status %d: message %q lacks %q: member %q hid it (body %s)", status, e.Message, want, name, body)
			}
		}
	}
}

// Want is what a vendor's error answer must become.
type Want struct {
	Status    int
	Message   string  // the whole message
	Code      string  // checked when not empty
	RequestID string  // the whole request id
	Is        []error // sentinels the error matches
	// Family lists the package's sentinels: those not in Is must not
	// match.
	Family []error
}

// Assert fails t unless err is an *profiles.APIError as want describes.
func Assert(t testing.TB, err error, want Want) {
	t.Helper()
	var e *profiles.APIError
	if !errors.As(err, &e) {
		t.Fatalf("err = %T %v, want an *APIError", err, err)
	}
	if e.StatusCode != want.Status || e.Message != want.Message || e.RequestID != want.RequestID {
		t.Errorf("status %d, message %q, request id %q; want %d, %q, %q", e.StatusCode, e.Message, e.RequestID, want.Status, want.Message, want.RequestID)
	}
	if want.Code != "" && e.Code != want.Code {
		t.Errorf("code %q, want %q", e.Code, want.Code)
	}
	for _, s := range want.Is {
		if !errors.Is(err, s) {
			t.Errorf("errors.Is(err, %q) = false; err = %v", s, err)
		}
	}
	for _, s := range want.Family {
		if !slices.Contains(want.Is, s) && errors.Is(err, s) {
			t.Errorf("errors.Is(err, %q) = true; err = %v", s, err)
		}
	}
}
