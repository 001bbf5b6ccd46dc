package rest

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/profiles-sdk/profiles-go"
)

// TestVendorSentinelOnAnAPIError: an APIError whose Err is a vendor
// sentinel made with NewSentinel matches the vendor sentinel, its general
// sentinel and the sentinel of its status.
func TestVendorSentinelOnAnAPIError(t *testing.T) {
	t.Parallel()
	expired := NewSentinel("vendor: token expired", profiles.ErrUnauthorized)
	e := &profiles.APIError{StatusCode: 403, Err: expired}
	for _, want := range []error{expired, profiles.ErrUnauthorized, profiles.ErrForbidden} {
		if !errors.Is(e, want) {
			t.Errorf("does not match %q", want)
		}
	}
	if errors.Is(e, profiles.ErrNotFound) {
		t.Error("matches ErrNotFound")
	}
}

func TestNewSentinelIsItselfAndItsGeneral(t *testing.T) {
	t.Parallel()
	a := NewSentinel("vendor: a", profiles.ErrNotFound)
	b := NewSentinel("vendor: a", profiles.ErrNotFound)
	//lint:ignore SA1032 the reversed call is the point: the general sentinel must not match a vendor one
	if !errors.Is(a, a) || !errors.Is(a, profiles.ErrNotFound) || errors.Is(a, b) || errors.Is(profiles.ErrNotFound, a) {
		t.Error("a vendor sentinel must match itself and its general sentinel only")
	}
	if a.Error() != "vendor: a" {
		t.Errorf("text %q", a)
	}
}

func TestMembers(t *testing.T) {
	t.Parallel()
	m := Members([]byte(` {"Message":"upper","message":"lower","Code":7} `))
	if Scalar(m["message"]) != "lower" || Scalar(m["code"]) != "7" {
		t.Errorf("Members = %s", m)
	}
	for _, body := range []string{``, `null`, `[]`, `"x"`, `{"a":`, `<html>`} {
		if m := Members([]byte(body)); m != nil {
			t.Errorf("Members(%q) = %v, want nil", body, m)
		}
	}
}

func TestBodyMembers(t *testing.T) {
	t.Parallel()
	for body, want := range map[string]string{
		`{"message":"object"}`:                                  "object",
		`[7, {"message":"first object"}, {"message":"second"}]`: "first object",
		` "bare string" `:                                       "bare string",
		`[]`:                                                    "",
		`42`:                                                    "",
		`null`:                                                  "",
		`<html>`:                                                "",
	} {
		if got := Scalar(BodyMembers([]byte(body))["message"]); got != want {
			t.Errorf("BodyMembers(%s) message %q, want %q", body, got, want)
		}
	}
}

func TestScalar(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`" a "`: "a", `42`: "42", `-1.5e3`: "-1.5e3", `null`: "", `true`: "", `{"a":1}`: "", `["a"]`: "", ``: "", `"\u00e9"`: "é",
	} {
		if got := Scalar(json.RawMessage(in)); got != want {
			t.Errorf("Scalar(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestText(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`" a "`:                     "a",
		`3`:                         "3",
		`false`:                     "false",
		`null`:                      "",
		`["a", 2, null, ["b", ""]]`: "a, 2, b",
		`{"value":["must be > 0"],"ref_id":["too long","bad"]}`: "ref_id: too long, bad; value: must be > 0",
		`{"empty":[],"x":{"y":"z"}}`:                            "x: y: z",
		`not json`:                                              "",
	} {
		if got := Text(json.RawMessage(in)); got != want {
			t.Errorf("Text(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestFirstMessage(t *testing.T) {
	t.Parallel()
	tests := []struct{ body, want string }{
		{`{"message":"top","error":"code"}`, "top"},
		{`{"message":null,"error":"only the code"}`, "only the code"},
		{`{"error":{"status":400,"title":"Invalid request","detail":"Data validation error occurred"}}`, "Data validation error occurred"},
		{`{"error":{"title":"Forbidden"}}`, "Forbidden"},
		{`{"error":{"status":400}}`, "status: 400"},
		{`{"error":[{"detail":"a"},"b"]}`, "detail: a, b"},
		{`{"message":{"text":"odd"}}`, "text: odd"},
		{`{"message":"","error_description":["x","y"]}`, "x, y"},
		{`{}`, ""},
	}
	for _, tt := range tests {
		if got := FirstMessage(Members([]byte(tt.body)), "message", "error_description", "error"); got != tt.want {
			t.Errorf("FirstMessage(%s) = %q, want %q", tt.body, got, tt.want)
		}
	}
}

func TestMissingMemberIsADecodeError(t *testing.T) {
	t.Parallel()
	vendor := errors.New("vendor: unexpected response")
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
		w.Write([]byte(`{}`))
	})
	c := newTestClient(t, srv)
	check := func(int) error { return &MissingMemberError{Member: "profile", Err: vendor} }
	call := &Call{Method: http.MethodGet, Route: "/loy/profiles/{id}.json", Args: []any{1}, Safety: Idempotent, Out: &struct{}{}, Check: check}
	_, err := c.Do(context.Background(), call)
	var decodeErr *profiles.DecodeError
	var missing *MissingMemberError
	if !errors.As(err, &decodeErr) || decodeErr.StatusCode != 201 || !errors.As(err, &missing) || missing.Member != "profile" {
		t.Fatalf("err = %#v", err)
	}
	if !errors.Is(err, vendor) {
		t.Error("the vendor sentinel is not matched")
	}
	if want := `test: GET /loy/profiles/1.json: decoding 201 response: the answer has no "profile" member`; err.Error() != want {
		t.Errorf("text %q, want %q", err, want)
	}
	if errors.Is(err, profiles.ErrOutcomeUnknown) {
		t.Error("a read matches ErrOutcomeUnknown")
	}
	moves := &Call{Method: http.MethodPut, Route: "/loy/profiles/1/points/add.json", Safety: MovesValue, Check: check}
	if _, err := c.Do(context.Background(), moves); !errors.Is(err, profiles.ErrOutcomeUnknown) {
		t.Errorf("a value-moving call's missing member does not match ErrOutcomeUnknown: %v", err)
	}
}
