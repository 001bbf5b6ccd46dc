package olx_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/olx"
	"github.com/profiles-sdk/profiles-go/olx/olxtest"
)

func TestNewClientRejectsBadCredentialsBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	valid := olx.Credentials{APIKey: "key", AccessToken: "token", CRMName: "crm"}
	tests := []struct {
		name   string
		edit   func(*olx.Credentials)
		reason string
	}{
		{"no API key", func(c *olx.Credentials) { c.APIKey = "" }, "APIKey is required"},
		{"blank API key", func(c *olx.Credentials) { c.APIKey = "  " }, "APIKey is required"},
		{"no token", func(c *olx.Credentials) { c.AccessToken = "" }, "AccessToken is required"},
		{"no CRM name", func(c *olx.Credentials) { c.CRMName = "" }, "CRMName is required"},
		{"LF in key", func(c *olx.Credentials) { c.APIKey = "key\nX-Evil: 1" }, "APIKey must not contain line breaks"},
		{"CR in token", func(c *olx.Credentials) { c.AccessToken = "tok\ren" }, "AccessToken must not contain line breaks"},
		{"CRLF in CRM name", func(c *olx.Credentials) { c.CRMName = "crm\r\nX-Evil: 1" }, "CRMName must not contain line breaks"},
		{"NUL in token", func(c *olx.Credentials) { c.AccessToken = "tok\x00en" }, "AccessToken must not contain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newFake(t)
			creds := valid
			tt.edit(&creds)
			c, err := olx.NewClient(creds, profiles.WithBaseURL(srv.URL))
			if err == nil || c != nil {
				t.Fatalf("NewClient = %v, %v; want an error", c, err)
			}
			if !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("error %q lacks %q", err, tt.reason)
			}
			for _, secret := range []string{"tok", "X-Evil"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error %q reveals %q", err, secret)
				}
			}
			if n := srv.RequestCount(); n != 0 {
				t.Errorf("server saw %d requests, want 0", n)
			}
		})
	}
}

func TestNewClientRejectsBadOptions(t *testing.T) {
	t.Parallel()
	creds := olx.Credentials{APIKey: "k", AccessToken: "t", CRMName: "c"}
	for name, opt := range map[string]profiles.Option{
		"malformed URL":      profiles.WithBaseURL("://nope"),
		"plain http remote":  profiles.WithBaseURL("http://api.example.com"),
		"query in base URL":  profiles.WithBaseURL("https://api.example.com/?a=b"),
		"negative retries":   profiles.WithRetryPolicy(profiles.RetryPolicy{MaxRetries: -1}),
		"CRLF in user agent": profiles.WithUserAgent("app\r\nX: y"),
		"nil HTTP client":    profiles.WithHTTPClient(nil),
	} {
		if _, err := olx.NewClient(creds, opt); err == nil {
			t.Errorf("%s: NewClient succeeded, want an error", name)
		}
	}
}

func TestNewClientDefaults(t *testing.T) {
	t.Parallel()
	c, err := olx.NewClient(olx.Credentials{APIKey: "k", AccessToken: "t", CRMName: " acme_crm "})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.BaseURL(); got != "https://api.olxgroup.com" {
		t.Errorf("BaseURL = %q", got)
	}
	if got := c.UserAgent(); !strings.HasPrefix(got, "acme_crm profiles-go/") {
		t.Errorf("UserAgent = %q, want the CRM name, then profiles-go/", got)
	}
}

// roundTripFunc lets a test see the request the client would send to the
// real host, without any network.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestDefaultHostAndPath(t *testing.T) {
	t.Parallel()
	var seen string
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		seen = r.URL.String()
		body := readTestdata(t, "packages_prepaid.json")
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(bytes.NewReader(body)), Request: r}, nil
	})}
	c, err := olx.NewClient(olx.Credentials{APIKey: "k", AccessToken: "t", CRMName: "c"}, profiles.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetPackages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if seen != "https://api.olxgroup.com/profile/v1/packages" {
		t.Errorf("URL = %q", seen)
	}
	if len(got.Packages) != 1 || got.Packages[0].Type != olx.Prepaid {
		t.Errorf("packages = %+v", got.Packages)
	}
}

func TestCredentialsNeverPrinted(t *testing.T) {
	t.Parallel()
	creds := olx.Credentials{APIKey: "SECRET-KEY-1", AccessToken: "SECRET-TOKEN-2", CRMName: "acme_crm"}
	c, err := olx.NewClient(creds)
	if err != nil {
		t.Fatal(err)
	}
	values := []any{creds, &creds, []olx.Credentials{creds}, struct{ C olx.Credentials }{creds}, c, *c}
	for _, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%X", "%q"} {
			out := fmt.Sprintf(verb, v)
			if strings.Contains(out, "SECRET") || strings.Contains(strings.ToUpper(out), "5345435245") {
				t.Errorf("fmt %s of %T reveals a secret: %s", verb, v, out)
			}
		}
	}
	if got := creds.String(); !strings.Contains(got, "[redacted]") || !strings.Contains(got, "acme_crm") {
		t.Errorf("String() = %q; want secrets redacted and the CRM name shown", got)
	}
	if got := (olx.Credentials{}).String(); strings.Contains(got, "redacted") {
		t.Errorf("empty credentials print as %q; want them shown as empty", got)
	}
}

func TestDebugLogsHoldNoSecret(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	const key, token = "LOGKEY-abcdef", "LOGTOKEN-123456"
	srv.SetCredentials(olx.Credentials{APIKey: key, AccessToken: token, CRMName: testCRM})
	srv.SetAccount(token, olxtest.PrepaidPackage())
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := olx.NewClient(olx.Credentials{APIKey: key, AccessToken: token, CRMName: testCRM},
		profiles.WithBaseURL(srv.URL), profiles.WithLogger(logger), fastRetries)
	if err != nil {
		t.Fatal(err)
	}
	srv.InjectFault(1, olxtest.Fault{Status: http.StatusServiceUnavailable})
	if _, err := c.GetPackages(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv.ExpireToken(token)
	_, err = c.GetPackages(context.Background())
	if err == nil {
		t.Fatal("want an error for the expired token")
	}
	logs := buf.String()
	if !strings.Contains(logs, "/profile/v1/packages") {
		t.Fatalf("no request logged: %q", logs)
	}
	for _, secret := range []string{key, token} {
		if strings.Contains(logs, secret) || strings.Contains(err.Error(), secret) {
			t.Errorf("secret %q leaked into logs or error:\n%s\n%v", secret, logs, err)
		}
	}
}

func TestNilClient(t *testing.T) {
	t.Parallel()
	var c *olx.Client
	if _, err := c.GetPackages(context.Background()); err == nil {
		t.Fatal("want an error from a nil client")
	}
}

func TestNilContext(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	c := newClient(t, srv, olxtest.PostpaidToken)
	//lint:ignore SA1012 the test checks that a nil context is refused
	if _, err := c.GetPackages(nil); err == nil {
		t.Fatal("want an error for a nil context")
	}
	if n := srv.RequestCount(); n != 0 {
		t.Errorf("server saw %d requests, want 0", n)
	}
}
