package haravan

import (
	"encoding/json"
	"testing"

	"github.com/profiles-sdk/profiles-go/internal/rest/errortest"
)

// FuzzParseCallLimit: the X-Haravan-Api-Call-Limit parser never panics,
// and what it accepts prints back to a value it reads the same.
func FuzzParseCallLimit(f *testing.F) {
	for _, s := range []string{"32/80", " 1 / 80 ", "80/80", "-1/80", "1/0", "1/", "/80", "9999999999999999999/80", "1/2/3", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		l, ok := ParseCallLimit(v)
		if !ok {
			return
		}
		if l.Used < 0 || l.Max <= 0 || l.Remaining() < 0 {
			t.Fatalf("ParseCallLimit(%q) = %+v", v, l)
		}
		again, ok := ParseCallLimit(l.String())
		if !ok || again != l {
			t.Fatalf("%q → %v → %v, %v", v, l, again, ok)
		}
	})
}

// FuzzDecodeErrorAndPoints: the error-body parser and the decoders of the
// points and tags answers never panic on any body. The parser keeps the
// status, the request id and a message (its own or the core's fallback),
// matches the shared sentinel of the status, and a member of any value
// beside "errors" never hides it.
func FuzzDecodeErrorAndPoints(f *testing.F) {
	for _, s := range []string{
		`{"errors":"Not Found"}`,
		`{"errors":{"point":["must be positive"],"ref_id":[["nested"],1,null]}}`,
		`{"errors":["a",2,{"b":true}]}`,
		`{"error":"invalid_token","error_description":"expired"}`,
		`{"id":1,"point_available":"10"}`,
		`{"profile":{"id":"2"}}`,
		`{"profile":null}`,
		`{"tags":"a, b,,c"}`,
		`<html><title>502</title></html>`,
		`{"error":{"status":400,"title":"Invalid request","detail":"Data validation error occurred"}}`,
		`{"errors":null,"error":{"message":"m"},"message":7}`,
		`{"errors":{"value":{"min":1}},"error_description":false}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		errortest.Check(t, parseError, body)
		errortest.Beside(t, parseError, `{"errors":"kept"}`, "kept", []string{"error", "error_description", "message"}, body)
		var pa pointsAnswer
		if json.Unmarshal(body, &pa) == nil && pa.profile != nil {
			if _, err := json.Marshal(pa.profile); err != nil {
				t.Fatalf("a decoded points answer does not encode: %v", err)
			}
		}
		var tags struct {
			Tags tagList `json:"tags"`
		}
		_ = json.Unmarshal(body, &tags)
		_ = SplitTags(string(body))
	})
}
