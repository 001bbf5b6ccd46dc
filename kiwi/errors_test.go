package kiwi_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/rest/errortest"
	"github.com/profiles-sdk/profiles-go/kiwi"
)

// TestErrorShapes: whatever the shape of a non-2xx body, the status, the
// message, the request id and the sentinels survive. Kiwi's invalid token
// matches ErrUnauthorized whatever the HTTP status (and, on a 403,
// ErrForbidden as every 403 does).
func TestErrorShapes(t *testing.T) {
	t.Parallel()
	family := []error{profiles.ErrUnauthorized, profiles.ErrForbidden, profiles.ErrNotFound, profiles.ErrRateLimited, kiwi.ErrInvalidToken, kiwi.ErrOperationFailed}
	tests := []struct {
		name string
		body string
		want errortest.Want
	}{
		{"problem object", `{"error":{"status":400,"title":"Invalid request","detail":"Data validation error occurred"}}`,
			errortest.Want{Status: 400, Message: "Data validation error occurred"}},
		{"invalid token beside an odd error", `{"operation_status":1,"error":{"title":"Forbidden"},"message":["token revoked"]}`,
			errortest.Want{Status: 403, Message: "token revoked", Code: "1", Is: []error{kiwi.ErrInvalidToken, profiles.ErrUnauthorized, profiles.ErrForbidden}}},
		{"oauth style", `{"error":"invalid_app_key","error_description":"Unknown application key"}`,
			errortest.Want{Status: 401, Message: "Unknown application key", Is: []error{profiles.ErrUnauthorized}}},
		{"message as an object, numeric code", `{"message":{"text":"no such account"},"code":404}`,
			errortest.Want{Status: 404, Message: "text: no such account", Code: "404", Is: []error{profiles.ErrNotFound}}},
		{"odd operation status", `{"operation_status":{"x":1},"message":"slow down"}`,
			errortest.Want{Status: 429, Message: "slow down", Is: []error{profiles.ErrRateLimited}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, answer{status: tt.want.Status, header: http.Header{"X-Request-Id": {"req-kiwi"}}, body: tt.body})
			_, err := recorderClient(t, rec, profiles.WithRetryPolicy(profiles.RetryPolicy{})).GetAccountProfile(context.Background())
			tt.want.RequestID, tt.want.Family = "req-kiwi", family
			errortest.Assert(t, err, tt.want)
		})
	}
}
