package cloudsigma_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/cloudsigma"
	"github.com/profiles-sdk/profiles-go/cloudsigma/cloudsigmatest"
)

func TestNewClientRefusesBadCredentials(t *testing.T) {
	t.Parallel()
	tests := map[string]cloudsigma.Credentials{
		"empty":             {},
		"no password":       {Username: "user@example.com"},
		"no username":       {Password: "pw"},
		"colon in username": {Username: "a:b", Password: "pw"},
		"line break":        {Token: "tok\r\nX-Evil: 1"},
		"line break basic":  {Username: "u", Password: "p\n"},
	}
	for name, creds := range tests {
		c, err := cloudsigma.NewClient(creds)
		if err == nil || c != nil {
			t.Errorf("%s: NewClient accepted %v", name, creds)
			continue
		}
		if strings.Contains(err.Error(), "pw") || strings.Contains(err.Error(), "tok") {
			t.Errorf("%s: error %q shows a secret", name, err)
		}
	}
}

func TestNewClientAcceptsEitherScheme(t *testing.T) {
	t.Parallel()
	for _, creds := range []cloudsigma.Credentials{
		{Username: "user@example.com", Password: "pw"},
		{Token: "tok"},
		{Username: "user@example.com", Token: "tok"}, // the token wins
	} {
		if _, err := cloudsigma.NewClient(creds); err != nil {
			t.Errorf("NewClient(%v): %v", creds, err)
		}
	}
}

func TestNewClientRefusesBadOptions(t *testing.T) {
	t.Parallel()
	creds := cloudsigma.Credentials{Token: "t"}
	for name, opt := range map[string]profiles.Option{
		"ftp URL":         profiles.WithBaseURL("ftp://example.com"),
		"plain http":      profiles.WithBaseURL("http://example.com"),
		"query":           profiles.WithBaseURL("https://example.com/?a=b"),
		"negative policy": profiles.WithRetryPolicy(profiles.RetryPolicy{MaxRetries: -1}),
	} {
		if _, err := cloudsigma.NewClient(creds, opt); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestAuthHeaders(t *testing.T) {
	t.Parallel()
	srv := cloudsigmatest.NewServer()
	t.Cleanup(srv.Close)
	creds := srv.Credentials()
	creds.Token = "bearer-token"
	srv.SetCredentials(creds)
	basic, err := cloudsigma.NewClient(cloudsigma.Credentials{Username: creds.Username, Password: creds.Password}, profiles.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	bearer, err := cloudsigma.NewClient(cloudsigma.Credentials{Token: creds.Token}, profiles.WithBaseURL(srv.URL), profiles.WithUserAgent("my-app/1.2"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := basic.GetProfile(ctx); err != nil {
		t.Fatalf("basic: %v", err)
	}
	if _, err := bearer.GetProfile(ctx); err != nil {
		t.Fatalf("bearer: %v", err)
	}
	reqs := srv.Requests()
	// The fake accepted both, so the values were right; it records them
	// masked, which still shows the scheme.
	if got := reqs[0].Header.Get("Authorization"); got != "Basic [redacted]" {
		t.Errorf("basic Authorization = %q", got)
	}
	if got := reqs[1].Header.Get("Authorization"); got != "Bearer [redacted]" {
		t.Errorf("bearer Authorization = %q", got)
	}
	if ua := reqs[1].Header.Get("User-Agent"); !strings.HasPrefix(ua, "profiles-go/") || !strings.HasSuffix(ua, " my-app/1.2") {
		t.Errorf("User-Agent = %q", ua)
	}
	if ua := reqs[0].Header.Get("User-Agent"); ua != basic.UserAgent() || !strings.HasPrefix(ua, "profiles-go/") {
		t.Errorf("User-Agent = %q", ua)
	}
}

func TestCredentialsNeverPrinted(t *testing.T) {
	t.Parallel()
	creds := cloudsigma.Credentials{Username: "someone@example.com", Password: "hunter2-secret", Token: "tok-secret-123"}
	secrets := []string{"someone", "hunter2", "tok-secret", fmt.Sprintf("%x", "hunter2"), fmt.Sprintf("%x", "tok-secret")}
	holder := struct {
		Creds cloudsigma.Credentials
		Ptr   *cloudsigma.Credentials
	}{creds, &creds}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x", "%X", "%T %v"} {
		for _, v := range []any{creds, &creds, holder, []cloudsigma.Credentials{creds}} {
			out := fmt.Sprintf(verb, v)
			for _, s := range secrets {
				if strings.Contains(out, s) {
					t.Errorf("fmt %s of %T shows %q: %s", verb, v, s, out)
				}
			}
		}
	}
	if s := creds.String(); s != "cloudsigma.Credentials{Username:[redacted], Password:[redacted], Token:[redacted]}" {
		t.Errorf("String() = %q, want it to say the values are redacted", s)
	}
	if s := (cloudsigma.Credentials{}).String(); s != `cloudsigma.Credentials{Username:"", Password:"", Token:""}` {
		t.Errorf("empty credentials print %q", s)
	}
}

func TestDebugLogsHoldNoSecret(t *testing.T) {
	t.Parallel()
	srv := cloudsigmatest.NewServer()
	t.Cleanup(srv.Close)
	password := srv.Credentials().Password
	creds := srv.Credentials()
	creds.Token = "tok-secret-123"
	srv.SetCredentials(creds)
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	for _, creds := range []cloudsigma.Credentials{{Token: "tok-secret-123"}, {Username: creds.Username, Password: creds.Password}, {Username: "x@example.com", Password: "wrong-secret"}} {
		c, err := cloudsigma.NewClient(creds, profiles.WithBaseURL(srv.URL), profiles.WithLogger(logger), fastRetries)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.GetProfile(context.Background())
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("error shows a secret: %v", err)
		}
	}
	out := buf.String()
	if !strings.Contains(out, "/api/2.0/profile/") {
		t.Fatalf("no request logged: %s", out)
	}
	for _, s := range []string{"tok-secret", password, "wrong-secret", base64.StdEncoding.EncodeToString([]byte("x@example.com:wrong-secret"))} {
		if strings.Contains(out, s) {
			t.Errorf("debug log shows %q:\n%s", s, out)
		}
	}
}

func TestGoStringRedacts(t *testing.T) {
	t.Parallel()
	s := cloudsigma.Credentials{Password: "hunter2"}.GoString()
	if s != `cloudsigma.Credentials{Username:"", Password:[redacted], Token:""}` {
		t.Errorf("GoString() = %q", s)
	}
}

func TestSharedOptions(t *testing.T) {
	t.Parallel()
	creds := cloudsigma.Credentials{Token: "t"}
	if _, err := cloudsigma.NewClient(creds, profiles.WithBaseURL("http://gw.internal"), profiles.WithInsecureHTTP()); err != nil {
		t.Errorf("WithInsecureHTTP: %v", err)
	}
	_, c := newFake(t, profiles.WithMaxResponseBytes(100), profiles.WithTimeout(5*time.Second))
	if _, err := c.GetProfile(context.Background()); !errors.Is(err, profiles.ErrResponseTooLarge) {
		t.Errorf("a profile over 100 bytes: %v", err)
	}
}
