package haravan_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
)

// httpmock activated on the caller's client after NewClient intercepts the
// calls: the client keeps the *http.Client by reference. A request with no
// responder fails with an error that names the host.
func TestHTTPMockActivatedAfterNewClient(t *testing.T) {
	t.Parallel()
	hc := &http.Client{}
	c, err := haravan.NewClient(haravan.Credentials{AccessToken: "mock-token"}, profiles.WithHTTPClient(hc),
		profiles.WithRetryPolicy(profiles.RetryPolicy{}))
	if err != nil {
		t.Fatal(err)
	}
	httpmock.ActivateNonDefault(hc)
	t.Cleanup(func() { httpmock.DeactivateNonDefault(hc) })
	mock := hc.Transport.(*httpmock.MockTransport)
	mock.RegisterResponder(http.MethodGet, "https://apis.haravan.com/loy/profiles/7.json",
		func(r *http.Request) (*http.Response, error) {
			if r.Header.Get("Authorization") != "Bearer mock-token" {
				return httpmock.NewStringResponse(http.StatusUnauthorized, `{"errors": "Invalid access token"}`), nil
			}
			return httpmock.NewStringResponse(http.StatusOK, `{"profile": {"id": 7, "first_name": "Mock"}}`), nil
		})
	mock.RegisterResponder(http.MethodGet, "https://apis.haravan.com/loy/profiles/8.json",
		httpmock.NewStringResponder(http.StatusNotFound, `{"errors": "Not Found"}`))

	p, err := c.GetProfile(context.Background(), 7)
	if err != nil || p.ID != 7 || p.FirstName != "Mock" {
		t.Fatalf("GetProfile(7) = %+v, %v", p, err)
	}
	if _, err := c.GetProfile(context.Background(), 8); !errors.Is(err, profiles.ErrNotFound) {
		t.Errorf("GetProfile(8): want ErrNotFound, got %v", err)
	}
	_, err = c.GetProfile(context.Background(), 9)
	var reqErr *profiles.RequestError
	if !errors.As(err, &reqErr) || reqErr.Host != "apis.haravan.com" {
		t.Errorf("an unmocked call: want a RequestError naming apis.haravan.com, got %v", err)
	}
	if n := mock.GetCallCountInfo()["GET https://apis.haravan.com/loy/profiles/7.json"]; n != 1 {
		t.Errorf("the mocked GetProfile(7) was called %d times, want 1", n)
	}
}
