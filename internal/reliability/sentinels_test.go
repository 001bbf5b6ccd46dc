package reliability

//lint:file-ignore SA1019 the olx package is deprecated upstream and still tested.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/cloudsigma"
	"github.com/profiles-sdk/profiles-go/kiwi"
	"github.com/profiles-sdk/profiles-go/olx"
)

// TestVendorSentinelsMatchTheGeneralOne: each vendor sentinel that always
// means a general failure matches its shared sentinel.
func TestVendorSentinelsMatchTheGeneralOne(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name            string
		vendor, general error
	}{
		{"olx.ErrTokenExpired", olx.ErrTokenExpired, profiles.ErrUnauthorized},
		{"olx.ErrInvalidAPIKey", olx.ErrInvalidAPIKey, profiles.ErrUnauthorized},
		{"kiwi.ErrInvalidToken", kiwi.ErrInvalidToken, profiles.ErrUnauthorized},
		{"cloudsigma.ErrNotExist", cloudsigma.ErrNotExist, profiles.ErrNotFound},
		{"kiwi.ErrInvalidPart", kiwi.ErrInvalidPart, profiles.ErrInvalidArgument},
	} {
		if !errors.Is(tc.vendor, tc.general) {
			t.Errorf("%s does not match %q", tc.name, tc.general)
		}
	}
}

// TestStatusesMatchTheGeneralSentinel: a 401, 403, 404 or 429 from any
// vendor's real client matches the shared sentinel of the status, whatever
// the body: nothing, a proxy's page, or JSON in no vendor's format.
func TestStatusesMatchTheGeneralSentinel(t *testing.T) {
	t.Parallel()
	statuses := map[int]error{
		http.StatusUnauthorized: profiles.ErrUnauthorized, http.StatusForbidden: profiles.ErrForbidden,
		http.StatusNotFound: profiles.ErrNotFound, http.StatusTooManyRequests: profiles.ErrRateLimited,
	}
	bodies := map[string]string{
		"empty": "",
		"html":  "<html><head><title>Blocked</title></head></html>",
		"json":  `{"error":{"status":0,"title":["odd"]},"message":{"x":1},"errors":7}`,
	}
	for _, tg := range targets {
		for status, want := range statuses {
			for bodyName, body := range bodies {
				t.Run(fmt.Sprintf("%s/%d/%s", tg, status, bodyName), func(t *testing.T) {
					t.Parallel()
					srv := scriptedServer(t, status, body)
					_, err := tg.start(t).invoke(context.Background(), srv.URL, nil, profiles.WithRetryPolicy(profiles.RetryPolicy{}))
					var apiErr *profiles.APIError
					if !errors.As(err, &apiErr) || apiErr.StatusCode != status {
						t.Fatalf("err = %v, want an *APIError with status %d", err, status)
					}
					if !errors.Is(err, want) {
						t.Errorf("err = %v does not match %q", err, want)
					}
					if apiErr.Message == "" || (apiErr.RequestID != "req-sentinel" && tg.vendor != "olx") { // OLX reads its id from the body only
						t.Errorf("message %q, request id %q", apiErr.Message, apiErr.RequestID)
					}
				})
			}
		}
	}
}

// scriptedServer answers every request with status and body, and a request
// id under the names the vendors read.
func scriptedServer(t *testing.T, status int, body string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("X-Request-Id", "req-sentinel")
		if body != "" && body[0] == '<' {
			w.Header().Set("Content-Type", "text/html")
		} else {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv
}
