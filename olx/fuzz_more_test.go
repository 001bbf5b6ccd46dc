package olx

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go/internal/rest/errortest"
)

// FuzzParseTime: OLX timestamps parse without panic, and what parses
// prints in OLX's layout and reads back as the same instant.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2019-11-12T23:00:00.000+0000", "2019-11-12T23:00:00+01:00", "2019-11-12T23:00:00.000-0930", "2019-02-30T00:00:00.000+0000", "", "null", "9999-12-31T23:59:59.999+2359", "0000-01-01T0:00:00+2460"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := ParseTime(s)
		if err != nil {
			return
		}
		if tm.Year() < 0 || tm.Year() > 9999 {
			return // outside what the layout can print
		}
		again, err := ParseTime(tm.Format(TimeLayout))
		if err != nil || !again.Truncate(time.Millisecond).Equal(tm.Truncate(time.Millisecond)) {
			t.Fatalf("%q → %v → %v, %v", s, tm, again, err)
		}
		var st stamp
		_ = json.Unmarshal([]byte(`"`+s+`"`), &st)
	})
}

// FuzzDecodeErrorAndToken: the error-body parser and the token answer
// decoder never panic; a token that decodes has an access token. Whatever
// the body, the parser keeps the status, the request id and a message (its
// own or the client's fallback), matches the shared sentinel of the status,
// and a member of any value beside "message" never hides it.
func FuzzDecodeErrorAndToken(f *testing.F) {
	for _, s := range []string{
		`{"transaction_id":"00000000-0000-4000-8000-000000000001","message":"The access token provided has expired"}`,
		`{"message":"Invalid API Key - unknown Partner"}`,
		`{"access_token":"a","token_type":"bearer","expires_in":3600,"refresh_token":"r"}`,
		`{"access_token":"a","expires_in":"3600"}`,
		`{"access_token":"a","expires_in":-1}`,
		`{"access_token":"a","expires_in":1e99}`,
		`{"error":"invalid_grant"}`,
		`{"error":{"status":400,"title":"Invalid request","detail":"Data validation error occurred","validation":[{"field":"price","title":"must be positive"}]}}`,
		`{"error":{"status":403,"title":"Forbidden","detail":"The access token provided has expired"},"transaction_id":7}`,
		`{"error":"invalid_token","error_description":["The access token provided has expired"]}`,
		`{"transaction_id":{"id":"t"},"message":{"text":"m"}}`,
		`{"message":null,"error":[{"detail":"d"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		errortest.Check(t, parseError, body)
		errortest.Beside(t, parseError, `{"message":"kept"}`, "kept", []string{"error", "error_description", "transaction_id", "validation"}, body)
		var w tokenJSON
		if json.Unmarshal(body, &w) != nil {
			return
		}
		tok, err := w.token(time.Unix(1700000000, 0))
		if err == nil && (tok == nil || tok.AccessToken == "" || tok.ExpiresIn < 0) {
			t.Fatalf("token(%s) = %+v", body, tok)
		}
	})
}
