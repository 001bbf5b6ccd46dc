package haravan_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
)

func TestNewClientValidation(t *testing.T) {
	t.Parallel()
	for _, tok := range []string{"", "   ", "abc def", "abc\r\nX-Evil: 1"} {
		if _, err := haravan.NewClient(haravan.Credentials{AccessToken: tok}); !errors.Is(err, profiles.ErrInvalidArgument) {
			t.Errorf("token %q: err = %v", tok, err)
		}
	}
	for _, opt := range []profiles.Option{
		profiles.WithBaseURL("ftp://example.com"), profiles.WithBaseURL("http://example.com"),
		profiles.WithBaseURL("://bad"), haravan.WithRateLimit(0, 1), haravan.WithRateLimit(1, 0),
	} {
		if _, err := haravan.NewClient(haravan.Credentials{AccessToken: "t"}, opt); err == nil {
			t.Error("invalid option accepted")
		}
	}
	c, err := haravan.NewClient(haravan.Credentials{AccessToken: "t"}, nil)
	if err != nil || c.BaseURL() != haravan.DefaultBaseURL {
		t.Fatalf("default client: %v, %v", c, err)
	}
}

func TestBadInputSendsNothing(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	ctx := context.Background()
	calls := []func() error{
		func() error { _, err := c.GetProfile(ctx, 0); return err },
		func() error { _, err := c.GetProfile(ctx, -1); return err },
		func() error { _, err := c.GetProfileTags(ctx, 0); return err },
		func() error { _, err := c.GetProfileAttributes(ctx, -7); return err },
		func() error { _, err := c.AddPoints(ctx, 0, haravan.PointChange{Value: 1}); return err },
		func() error { _, err := c.AddPoints(ctx, 1, haravan.PointChange{Value: 0}); return err },
		func() error { _, err := c.SubtractPoints(ctx, 1, haravan.PointChange{Value: -5}); return err },
		func() error {
			_, err := c.SubtractPoints(ctx, 1, haravan.PointChange{Value: 1, Reason: "\xff"})
			return err
		},
	}
	for i, call := range calls {
		if err := call(); !errors.Is(err, profiles.ErrInvalidArgument) {
			t.Errorf("call %d: err = %v", i, err)
		}
	}
	// A nil context must be refused, not panic.
	//lint:ignore SA1012 the test is about a nil context
	if _, err := c.GetProfile(nil, 1); err == nil {
		t.Error("nil context accepted")
	}
	if srv.RequestCount() != 0 {
		t.Errorf("server saw %d requests", srv.RequestCount())
	}
}

func TestSecretsNeverPrinted(t *testing.T) {
	t.Parallel()
	creds := haravan.Credentials{AccessToken: testToken}
	c := newClient(t, "https://apis.example.com")
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x", "%X"} {
		for _, v := range []any{creds, &creds, c, []any{creds}, struct{ C haravan.Credentials }{creds}} {
			if out := fmt.Sprintf(verb, v); strings.Contains(out, testToken) || strings.Contains(out, fmt.Sprintf("%x", testToken)) {
				t.Errorf("%s of %T shows the token: %s", verb, v, out)
			}
		}
	}
	if got := creds.String(); got != "haravan.Credentials{AccessToken:[redacted]}" {
		t.Errorf("String() = %q", got)
	}
}

func TestDebugLogsHoldNoSecret(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv, c := newFake(t, profiles.WithLogger(logger))
	srv.InjectFault(1, haravanFault(503, `{"errors":"down"}`))
	ctx := context.Background()
	_, _ = c.GetProfile(ctx, 360455)
	_, _ = c.AddPoints(ctx, 632910392, haravan.PointChange{Value: 1, RefID: "ref-secret-free"})
	_, _ = c.ListProfiles(ctx, &haravan.ListProfilesOptions{Phone: "0909977921"})
	out := buf.String()
	if !strings.Contains(out, "/loy/profiles/360455.json") {
		t.Fatalf("no request logged:\n%s", out)
	}
	if strings.Contains(out, testToken) || strings.Contains(out, "Bearer") || strings.Contains(out, "0909977921") {
		t.Errorf("log shows a secret or query:\n%s", out)
	}
}

func TestWrongTokenIsUnauthorized(t *testing.T) {
	t.Parallel()
	srv, _ := newFake(t)
	c, err := haravan.NewClient(haravan.Credentials{AccessToken: "wrong"}, profiles.WithBaseURL(srv.URL), fastRetries)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetProfile(context.Background(), 360455)
	var apiErr *profiles.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 || !errors.Is(err, profiles.ErrUnauthorized) || apiErr.Message != "[API] Invalid access token" {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "wrong") {
		t.Errorf("error shows the token: %v", err)
	}
}
