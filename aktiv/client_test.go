package aktiv_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/aktiv"
	"github.com/profiles-sdk/profiles-go/aktiv/aktivtest"
)

func TestNewClientErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		creds   aktiv.Credentials
		opts    []profiles.Option
		wantErr string
	}{
		{"no token, no authenticator", aktiv.Credentials{}, nil, "Token is empty"},
		{"token with a line break", aktiv.Credentials{Token: "abc\r\nX-Evil: 1"}, nil, "line breaks"},
		{"token with spaces", aktiv.Credentials{Token: " abc"}, nil, "spaces"},
		{"nil authenticator", aktiv.Credentials{}, []profiles.Option{aktiv.WithAuthenticator(nil)}, "nil Authenticator"},
		{"nil authenticator with token", aktiv.Credentials{Token: "tok-123"}, []profiles.Option{aktiv.WithAuthenticator(nil)}, "nil Authenticator"},
		{"bad scheme", aktiv.Credentials{Token: "tok-123"}, []profiles.Option{profiles.WithBaseURL("ftp://example.com")}, "scheme"},
		{"plain http", aktiv.Credentials{Token: "tok-123"}, []profiles.Option{profiles.WithBaseURL("http://example.com")}, "loopback"},
		{"query in base URL", aktiv.Credentials{Token: "tok-123"}, []profiles.Option{profiles.WithBaseURL("https://example.com/?a=1")}, "query"},
		{"bad retry policy", aktiv.Credentials{Token: "tok-123"}, []profiles.Option{profiles.WithRetryPolicy(profiles.RetryPolicy{MaxRetries: -1})}, "MaxRetries"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := aktiv.NewClient(tc.creds, tc.opts...)
			if err == nil || c != nil {
				t.Fatalf("NewClient = %v, %v; want an error", c, err)
			}
			if !strings.Contains(err.Error(), tc.wantErr) || !strings.HasPrefix(err.Error(), "aktiv: ") {
				t.Errorf("err = %v, want it to mention %q", err, tc.wantErr)
			}
			if tc.creds.Token != "" && strings.Contains(err.Error(), strings.TrimSpace(tc.creds.Token)) {
				t.Errorf("err repeats the token: %v", err)
			}
		})
	}
}

func TestNewClientAcceptsHTTPWithInsecure(t *testing.T) {
	t.Parallel()
	c, err := aktiv.NewClient(aktiv.Credentials{Token: "t"}, profiles.WithBaseURL("http://gw.internal/aktiv"), profiles.WithInsecureHTTP())
	if err != nil || c.BaseURL() != "http://gw.internal/aktiv" {
		t.Fatalf("NewClient = %v, %v", c, err)
	}
}

// TestAuthenticatorHeader: WithAuthenticator replaces the Bearer header, and
// no token is needed then.
func TestAuthenticatorHeader(t *testing.T) {
	t.Parallel()
	for _, creds := range []aktiv.Credentials{{}, {Token: testToken}} {
		srv := newRecorder(t, http.StatusOK, "application/json", string(readTestdata(t, "get_profile.json")))
		c := newClient(t, srv.URL, creds.Token, aktiv.WithAuthenticator(aktiv.AuthHeader("X-Api-Key", "key-1")))
		if _, err := c.GetProfile(context.Background()); err != nil {
			t.Fatal(err)
		}
		h := srv.requests()[0].Header
		if h.Get("X-Api-Key") != "key-1" || h.Get("Authorization") != "" {
			t.Errorf("token %q: headers %v", creds.Token, h)
		}
	}
}

func TestAuthenticatorCookie(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, http.StatusOK, "", "")
	c := newClient(t, srv.URL, "", aktiv.WithAuthenticator(aktiv.AuthCookie("ASP.NET_SessionId", "sess-1")))
	if err := c.PutSettings(context.Background(), aktiv.SettingsUpdate{Language: 1}); err != nil {
		t.Fatal(err)
	}
	h := srv.requests()[0].Header
	if got := h.Values("Cookie"); len(got) != 1 || got[0] != "ASP.NET_SessionId=sess-1" || h.Get("Authorization") != "" {
		t.Errorf("Cookie %q, Authorization %q", got, h.Get("Authorization"))
	}
}

// TestAuthCookieReplacesItself: an authenticator may run on a request more
// than once; the cookie must not pile up, and other cookies stay.
func TestAuthCookieReplacesItself(t *testing.T) {
	t.Parallel()
	r, _ := http.NewRequest(http.MethodGet, "https://example.com", nil)
	r.AddCookie(&http.Cookie{Name: "theme", Value: "dark"})
	auth := aktiv.AuthCookie("session", "s1")
	auth(r)
	auth(r)
	if got := r.Header.Get("Cookie"); got != "theme=dark; session=s1" {
		t.Errorf("Cookie = %q", got)
	}
}

// TestAuthenticatorAgainstTheFake uses the fake's token reader to accept a
// session cookie, as a user's own test would.
func TestAuthenticatorAgainstTheFake(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.SetTokenReader(func(r *http.Request) string {
		if c, err := r.Cookie("session"); err == nil {
			return c.Value
		}
		return ""
	})
	c := newClient(t, srv.URL, "", aktiv.WithAuthenticator(aktiv.AuthCookie("session", aktivtest.DeveloperToken)))
	u, err := c.GetProfile(context.Background())
	if err != nil || u.Details.Role.Name != aktiv.RoleDeveloper {
		t.Fatalf("GetProfile = %+v, %v", u, err)
	}
	bearer := newClient(t, srv.URL, aktivtest.DeveloperToken)
	if _, err := bearer.GetProfile(context.Background()); err == nil {
		t.Error("the fake still accepted a Bearer token after SetTokenReader")
	}
}

// TestValidationSendsNothing: bad input fails before any request.
func TestValidationSendsNothing(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	c := newClient(t, srv.URL, aktivtest.AdminToken)
	ctx := context.Background()
	cases := map[string]struct {
		err  error
		want string
	}{
		"empty profile":    {c.PutProfile(ctx, aktiv.ProfileUpdate{}), "empty ProfileUpdate"},
		"negative country": {c.PutProfile(ctx, aktiv.ProfileUpdate{CompanyName: "A", CountryID: -1}), "CountryID"},
		"negative lang":    {c.PutSettings(ctx, aktiv.SettingsUpdate{Language: -1}), "Language"},
	}
	for name, tc := range cases {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to mention %q", name, tc.err, tc.want)
		}
		if !errors.Is(tc.err, profiles.ErrInvalidArgument) {
			t.Errorf("%s: err = %v, want it to match ErrInvalidArgument", name, tc.err)
		}
	}
	var nilCtx context.Context
	if _, err := c.GetProfile(nilCtx); err == nil {
		t.Error("nil context accepted")
	}
	if n := srv.RequestCount(); n != 0 {
		t.Errorf("server saw %d requests, want 0", n)
	}
}
