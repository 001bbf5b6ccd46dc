package aktiv

import (
	"net/http"
	"testing"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// FuzzParseErrorBody: the lenient reader of Aktiv's undocumented error
// bodies never panics, whatever the body and the status.
func FuzzParseErrorBody(f *testing.F) {
	for _, s := range []string{
		`{"message":"Authorization has been denied for this request."}`,
		`{"Message":"x","ExceptionMessage":"y"}`,
		`{"error":"invalid_token","error_description":"expired"}`,
		`{"error":{"message":"m","code":42}}`,
		`{"error":{"message":["a","b"],"code":null}}`,
		`"just a string"`,
		`<html><title>Forbidden</title></html>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, status := range []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusInternalServerError} {
			e := rest.APIError{StatusCode: status}
			parseError(&e, http.Header{}, body)
		}
	})
}
