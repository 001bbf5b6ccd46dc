package rest

import (
	"encoding/json"
	"errors"
	"net/http"
	"testing"
)

func TestStatusSentinel(t *testing.T) {
	t.Parallel()
	want := map[int]error{401: ErrUnauthorized, 403: ErrForbidden, 404: ErrNotFound, 429: ErrRateLimited}
	for _, status := range []int{200, 400, 401, 403, 404, 409, 422, 429, 500, 503} {
		if got := StatusSentinel(status); got != want[status] {
			t.Errorf("StatusSentinel(%d) = %v, want %v", status, got, want[status])
		}
	}
}

func TestSentinelsFor(t *testing.T) {
	t.Parallel()
	vendor := errors.New("vendor: plain")
	expired := NewSentinel("vendor: token expired", ErrUnauthorized)
	gone := NewSentinel("vendor: gone", ErrNotFound)
	tests := []struct {
		name     string
		status   int
		vendor   error
		matches  []error
		excludes []error
	}{
		{"status only", 404, nil, []error{ErrNotFound}, []error{ErrForbidden}},
		{"no status sentinel", 500, nil, nil, []error{ErrNotFound, ErrUnauthorized, ErrForbidden, ErrRateLimited}},
		{"plain vendor sentinel on 403", 403, vendor, []error{vendor, ErrForbidden}, []error{ErrUnauthorized}},
		{"plain vendor sentinel on 422", 422, vendor, []error{vendor}, []error{ErrForbidden, ErrNotFound}},
		{"credentials sentinel on 403", 403, expired, []error{expired, ErrUnauthorized}, []error{ErrForbidden}},
		{"credentials sentinel on 404", 404, expired, []error{expired, ErrUnauthorized, ErrNotFound}, nil},
		{"not-found sentinel on 404", 404, gone, []error{gone, ErrNotFound}, []error{ErrUnauthorized}},
		{"not-found sentinel on 400", 400, gone, []error{gone, ErrNotFound}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := &APIError{StatusCode: tt.status, Err: SentinelsFor(tt.status, tt.vendor)}
			for _, s := range tt.matches {
				if !errors.Is(e, s) {
					t.Errorf("does not match %v", s)
				}
			}
			for _, s := range tt.excludes {
				if errors.Is(e, s) {
					t.Errorf("matches %v", s)
				}
			}
			if tt.vendor != nil && e.Err.Error() != tt.vendor.Error() {
				t.Errorf("Err text %q, want the vendor's %q", e.Err, tt.vendor)
			}
		})
	}
}

func TestNewSentinelIsItselfAndItsGeneral(t *testing.T) {
	t.Parallel()
	a := NewSentinel("vendor: a", ErrNotFound)
	b := NewSentinel("vendor: a", ErrNotFound)
	if !errors.Is(a, a) || !errors.Is(a, ErrNotFound) || errors.Is(a, b) || errors.Is(ErrNotFound, a) {
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
	err := MissingMember("haravan", http.MethodGet, "/loy/profiles/1.json", 201, "profile", vendor)
	var decodeErr *DecodeError
	var missing *MissingMemberError
	if !errors.As(err, &decodeErr) || decodeErr.StatusCode != 201 || !errors.As(err, &missing) || missing.Member != "profile" {
		t.Fatalf("err = %#v", err)
	}
	if !errors.Is(err, vendor) {
		t.Error("the vendor sentinel is not matched")
	}
	if want := `haravan: GET /loy/profiles/1.json: decoding 201 response: the answer has no "profile" member`; err.Error() != want {
		t.Errorf("text %q, want %q", err, want)
	}
}
