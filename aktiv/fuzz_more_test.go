package aktiv

import (
	"testing"

	"github.com/profiles-sdk/profiles-go/internal/rest/errortest"
)

// FuzzParseErrorBody: the lenient reader of Aktiv's undocumented error
// bodies never panics, whatever the body and the status; it keeps the
// status, the request id and a message (its own or the client's fallback),
// matches the shared sentinel of the status, and a member of any value
// beside "message" never hides it.
func FuzzParseErrorBody(f *testing.F) {
	for _, s := range []string{
		`{"message":"Authorization has been denied for this request."}`,
		`{"Message":"x","ExceptionMessage":"y"}`,
		`{"error":"invalid_token","error_description":"expired"}`,
		`{"error":{"message":"m","code":42}}`,
		`{"error":{"message":["a","b"],"code":null}}`,
		`"just a string"`,
		`<html><title>Forbidden</title></html>`,
		`{"error":{"status":400,"title":"Invalid request","detail":"Data validation error occurred","validation":[]}}`,
		`{"message":{"text":"nested"},"code":[1]}`,
		`{"Message":null,"error":true}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		errortest.Check(t, parseError, body)
		errortest.Beside(t, parseError, `{"message":"kept"}`, "kept", []string{"error", "code", "errorcode", "detail", "title"}, body)
	})
}
