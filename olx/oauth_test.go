package olx_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/olx"
	"github.com/profiles-sdk/profiles-go/olx/olxtest"
)

// testApp(srv) returns the application credentials srv's token endpoint
// accepts.
func testApp(srv *olxtest.Server) olx.AppCredentials {
	return olx.AppCredentials{ClientID: olxtest.ClientID, ClientSecret: olxtest.ClientSecret, APIKey: srv.Credentials().APIKey, CRMName: testCRM}
}

func newAuthClient(t *testing.T, srv *olxtest.Server, app olx.AppCredentials) *olx.AuthClient {
	t.Helper()
	a, err := olx.NewAuthClient(app, profiles.WithBaseURL(srv.URL), fastRetries)
	if err != nil {
		t.Fatalf("NewAuthClient: %v", err)
	}
	t.Cleanup(a.CloseIdleConnections)
	return a
}

func TestExchangeCodeWireAndUse(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	code := srv.NewAuthorizationCode(olxtest.PrepaidPackage())
	before := time.Now()
	tok, err := newAuthClient(t, srv, testApp(srv)).ExchangeCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken == "" || tok.RefreshToken == "" || tok.TokenType != "bearer" || tok.Scope != "read write" ||
		tok.ExpiresIn != time.Hour || tok.Expiry.Before(before.Add(time.Hour)) || tok.Expiry.After(time.Now().Add(time.Hour)) {
		t.Errorf("token = %#v", tok)
	}
	r := srv.Requests()[0]
	if r.Method != http.MethodPost || r.Path != "/oauth/v1/token" || r.Query != "" {
		t.Errorf("request = %s %s?%s", r.Method, r.Path, r.Query)
	}
	for k, want := range map[string]string{"Authorization": "Basic [redacted]", "X-Api-Key": "[redacted]",
		"Content-Type": "application/json", "Accept": "application/json"} {
		if got := r.Header.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if ua := r.Header.Get("User-Agent"); !strings.HasPrefix(ua, testCRM+" profiles-go/") {
		t.Errorf("User-Agent = %q", ua)
	}
	if want := `{"code":"` + code + `","grant_type":"authorization_code"}`; string(r.Body) != want {
		t.Errorf("body = %s, want %s", r.Body, want)
	}

	got, err := newClient(t, srv, tok.AccessToken).GetPackages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Packages) != 1 || got.Packages[0].Name != "Pacote L" {
		t.Errorf("packages with the new token = %+v", got.Packages)
	}
}

func TestRefreshTokenWireAndUse(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	a := newAuthClient(t, srv, testApp(srv))
	first, err := a.ExchangeCode(context.Background(), srv.NewAuthorizationCode(olxtest.PostpaidPackage()))
	if err != nil {
		t.Fatal(err)
	}
	srv.ExpireToken(first.AccessToken)
	if _, err := newClient(t, srv, first.AccessToken).GetPackages(context.Background()); !errors.Is(err, olx.ErrTokenExpired) {
		t.Fatalf("expired token: %v", err)
	}
	second, err := a.RefreshToken(context.Background(), first.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if want := `{"grant_type":"refresh_token","refresh_token":"` + first.RefreshToken + `"}`; string(reqs[len(reqs)-1].Body) != want {
		t.Errorf("body = %s, want %s", reqs[len(reqs)-1].Body, want)
	}
	if second.AccessToken == first.AccessToken || second.RefreshToken != first.RefreshToken {
		t.Errorf("refreshed token = %#v", second)
	}
	got, err := newClient(t, srv, second.AccessToken).GetPackages(context.Background())
	if err != nil || len(got.Packages) != 1 || got.Packages[0].Type != olx.Postpaid {
		t.Fatalf("packages with the refreshed token = %+v, %v", got, err)
	}
}

func TestUsedCodeIs400AndNotRetried(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	a := newAuthClient(t, srv, testApp(srv))
	code := srv.NewAuthorizationCode()
	if _, err := a.ExchangeCode(context.Background(), code); err != nil {
		t.Fatal(err)
	}
	_, err := a.ExchangeCode(context.Background(), code)
	e := apiError(t, err)
	if e.StatusCode != http.StatusBadRequest || e.Message != olxtest.MessageInvalidGrant || e.RequestID == "" || e.Attempts != 1 {
		t.Errorf("APIError = %+v", e)
	}
	if _, err := a.RefreshToken(context.Background(), "never-issued"); apiError(t, err).StatusCode != http.StatusBadRequest {
		t.Errorf("unknown refresh token: %v", err)
	}
}

func TestTokenEndpointCredentialErrors(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	wrongSecret := testApp(srv)
	wrongSecret.ClientSecret = "nope"
	_, err := newAuthClient(t, srv, wrongSecret).ExchangeCode(context.Background(), srv.NewAuthorizationCode())
	if e := apiError(t, err); e.StatusCode != http.StatusUnauthorized || e.Message != olxtest.MessageInvalidClient {
		t.Errorf("wrong secret: %+v", e)
	}
	wrongKey := testApp(srv)
	wrongKey.APIKey = "nope"
	_, err = newAuthClient(t, srv, wrongKey).RefreshToken(context.Background(), "r")
	if !errors.Is(err, olx.ErrInvalidAPIKey) {
		t.Errorf("wrong key: %v", err)
	}
}

// TestTokenCallsMoveValue checks the retry class: a code works once, so
// only a 429 or a dial error may be followed by another attempt.
func TestTokenCallsMoveValue(t *testing.T) {
	t.Parallel()
	t.Run("503 not retried", func(t *testing.T) {
		t.Parallel()
		srv := newFake(t)
		srv.InjectFault(1, olxtest.Fault{Status: http.StatusServiceUnavailable})
		if _, err := newAuthClient(t, srv, testApp(srv)).ExchangeCode(context.Background(), srv.NewAuthorizationCode()); err == nil {
			t.Fatal("want the 503")
		}
		if n := srv.RequestCount(); n != 1 {
			t.Errorf("server saw %d requests, want 1", n)
		}
	})
	t.Run("dropped after apply not retried", func(t *testing.T) {
		t.Parallel()
		srv := newFake(t)
		srv.InjectFault(1, olxtest.Fault{DropAfterApply: true})
		_, err := newAuthClient(t, srv, testApp(srv)).ExchangeCode(context.Background(), srv.NewAuthorizationCode())
		var reqErr *profiles.RequestError
		if !errors.As(err, &reqErr) || srv.RequestCount() != 1 {
			t.Errorf("err = %v after %d requests; want a RequestError after 1", err, srv.RequestCount())
		}
	})
	t.Run("429 retried", func(t *testing.T) {
		t.Parallel()
		srv := newFake(t)
		srv.InjectFault(1, olxtest.Fault{Status: http.StatusTooManyRequests})
		if _, err := newAuthClient(t, srv, testApp(srv)).ExchangeCode(context.Background(), srv.NewAuthorizationCode()); err != nil {
			t.Fatal(err)
		}
		if n := srv.RequestCount(); n != 2 {
			t.Errorf("server saw %d requests, want 2", n)
		}
	})
}

func TestTokenAnswerForms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		body    string
		expires time.Duration
		wantErr bool
	}{
		{`{"access_token":"a","expires_in":"86400","token_type":"bearer"}`, 24 * time.Hour, false},
		{`{"access_token":"a","expires_in":3600}`, time.Hour, false},
		{`{"access_token":"a"}`, 0, false},
		{`{"access_token":"a","expires_in":"soon"}`, 0, true},
		{`{"access_token":"a","expires_in":-1}`, 0, true},
		{`{"token_type":"bearer"}`, 0, true},
	}
	for _, tt := range tests {
		srv := newFake(t)
		srv.InjectFault(1, olxtest.Fault{Status: http.StatusOK, Body: tt.body})
		tok, err := newAuthClient(t, srv, testApp(srv)).RefreshToken(context.Background(), "r")
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: err = %v", tt.body, err)
			continue
		}
		if err == nil && (tok.ExpiresIn != tt.expires || tok.Expiry.IsZero() != (tt.expires == 0)) {
			t.Errorf("%s: token = %#v", tt.body, tok)
		}
	}
}

func TestAuthClientRejectsBadInputBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	for _, edit := range []func(*olx.AppCredentials){
		func(a *olx.AppCredentials) { a.ClientID = "" },
		func(a *olx.AppCredentials) { a.ClientSecret = "" },
		func(a *olx.AppCredentials) { a.APIKey = "" },
		func(a *olx.AppCredentials) { a.CRMName = "" },
		func(a *olx.AppCredentials) { a.ClientSecret = "s\r\nX: y" },
	} {
		app := testApp(srv)
		edit(&app)
		if _, err := olx.NewAuthClient(app, profiles.WithBaseURL(srv.URL)); err == nil || !strings.Contains(err.Error(), "AppCredentials.") {
			t.Errorf("NewAuthClient(%v) error = %v", app, err)
		}
	}
	a := newAuthClient(t, srv, testApp(srv))
	if _, err := a.ExchangeCode(context.Background(), " "); err == nil {
		t.Error("ExchangeCode accepted a blank code")
	}
	if _, err := a.RefreshToken(context.Background(), "r\n"); err == nil {
		t.Error("RefreshToken accepted a line break")
	}
	if n := srv.RequestCount(); n != 0 {
		t.Errorf("server saw %d requests, want 0", n)
	}
}

func TestTokenAndAppCredentialsNeverPrinted(t *testing.T) {
	t.Parallel()
	app := olx.AppCredentials{ClientID: "client-1", ClientSecret: "SECRET-A", APIKey: "SECRET-B", CRMName: "crm"}
	tok := olx.Token{AccessToken: "SECRET-C", RefreshToken: "SECRET-D", TokenType: "bearer", ExpiresIn: time.Hour}
	for _, v := range []any{app, &app, tok, &tok, []olx.Token{tok}} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%q"} {
			if out := fmt.Sprintf(verb, v); strings.Contains(out, "SECRET") || strings.Contains(strings.ToUpper(out), "534543524554") {
				t.Errorf("fmt %s of %T reveals a secret: %s", verb, v, out)
			}
		}
	}
	if s := app.String(); !strings.Contains(s, "client-1") || !strings.Contains(s, "[redacted]") {
		t.Errorf("AppCredentials.String() = %q", s)
	}
}

func TestTokenExpired(t *testing.T) {
	t.Parallel()
	now := time.Date(2023, 11, 30, 12, 0, 0, 0, time.UTC)
	tok := olx.Token{Expiry: now.Add(time.Hour)}
	if tok.Expired(now, time.Minute) || !tok.Expired(now.Add(59*time.Minute+30*time.Second), time.Minute) || !tok.Expired(now.Add(2*time.Hour), 0) {
		t.Error("Expired disagrees with Expiry")
	}
	if (olx.Token{}).Expired(now, time.Hour) {
		t.Error("a token without a lifetime reports expired")
	}
}

// A Token never shows its tokens: not through fmt, not through slog's JSON
// handler with the token nested in a struct, a slice or a map, not through
// encoding/json.
func TestTokenRedactedEverywhere(t *testing.T) {
	t.Parallel()
	tok := olx.Token{AccessToken: "acc-5ecret-77", RefreshToken: "ref-5ecret-88", TokenType: "bearer", ExpiresIn: time.Hour}
	var out bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&out, nil))
	logger.Info("token", "direct", tok, "nested", struct{ T olx.Token }{tok}, "list", []olx.Token{tok}, "map", map[string]olx.Token{"k": tok})
	data, err := json.Marshal(struct{ T olx.Token }{tok})
	if err != nil {
		t.Fatal(err)
	}
	out.Write(data)
	fmt.Fprintf(&out, "%v %+v %#v %s %q", tok, tok, tok, tok, tok)
	for _, secret := range []string{tok.AccessToken, tok.RefreshToken} {
		if strings.Contains(out.String(), secret) {
			t.Errorf("a token shows: %s", out.String())
		}
	}
	if !strings.Contains(string(data), "[redacted]") {
		t.Errorf("JSON of a Token = %s, want the redacted form", data)
	}
}
