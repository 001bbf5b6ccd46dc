package olx

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// AppCredentials identify a partner application to OLX's token endpoint.
// All four are required. Every fmt verb, log/slog handler and encoding/json
// show ClientID and CRMName but never the secret or the API key.
type AppCredentials struct {
	ClientID     string // sent with ClientSecret as HTTP Basic credentials
	ClientSecret string
	APIKey       string // the partner key, sent as X-API-KEY
	CRMName      string // sent first in the User-Agent, as on every OLX request
}

// String describes a without its secrets.
func (a AppCredentials) String() string {
	return rest.RedactedStruct("olx.AppCredentials",
		rest.Field{Name: "ClientID", Value: a.ClientID, Public: true},
		rest.Field{Name: "ClientSecret", Value: a.ClientSecret},
		rest.Field{Name: "APIKey", Value: a.APIKey},
		rest.Field{Name: "CRMName", Value: a.CRMName, Public: true},
	)
}

// GoString is String, so that %#v redacts too.
func (a AppCredentials) GoString() string { return a.String() }

// Format makes every fmt verb print String.
func (a AppCredentials) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, a.String()) }

// LogValue makes log/slog print String.
func (a AppCredentials) LogValue() slog.Value { return slog.StringValue(a.String()) }

// MarshalJSON encodes String, so that a nested AppCredentials stays redacted.
func (a AppCredentials) MarshalJSON() ([]byte, error) { return json.Marshal(a.String()) }

// Token is an answer of OLX's token endpoint. Every fmt verb, log/slog
// handler and encoding/json show it without its tokens; to store a token,
// store its AccessToken and RefreshToken fields.
type Token struct {
	AccessToken  string
	TokenType    string
	RefreshToken string
	Scope        string
	// ExpiresIn is the access token's lifetime as OLX stated it (one hour).
	ExpiresIn time.Duration
	// Expiry is ExpiresIn after the answer arrived; zero without a lifetime.
	Expiry time.Time
}

// String describes t without its tokens.
func (t Token) String() string {
	return fmt.Sprintf("olx.Token{AccessToken:%s, TokenType:%q, RefreshToken:%s, Scope:%q, ExpiresIn:%s, Expiry:%s}",
		rest.Redacted(t.AccessToken), t.TokenType, rest.Redacted(t.RefreshToken), t.Scope, t.ExpiresIn, t.Expiry.Format(time.RFC3339))
}

// GoString is String, so that %#v redacts too.
func (t Token) GoString() string { return t.String() }

// Format makes every fmt verb print String.
func (t Token) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, t.String()) }

// LogValue makes log/slog print String.
func (t Token) LogValue() slog.Value { return slog.StringValue(t.String()) }

// MarshalJSON encodes String, so that a nested Token stays redacted.
func (t Token) MarshalJSON() ([]byte, error) { return json.Marshal(t.String()) }

// Expired reports whether the access token has expired at now, allowing a
// margin so that a request sent just before expiry still gets through.
func (t Token) Expired(now time.Time, margin time.Duration) bool {
	return !t.Expiry.IsZero() && !now.Add(margin).Before(t.Expiry)
}

// tokenJSON is the wire form; expires_in is a number or, on some OLX
// services, a numeric string.
type tokenJSON struct {
	AccessToken  string          `json:"access_token"`
	TokenType    string          `json:"token_type"`
	ExpiresIn    json.RawMessage `json:"expires_in"`
	RefreshToken string          `json:"refresh_token"`
	Scope        string          `json:"scope"`
}

func (w tokenJSON) token(now time.Time) (*Token, error) {
	t := &Token{AccessToken: w.AccessToken, TokenType: w.TokenType, RefreshToken: w.RefreshToken, Scope: w.Scope}
	if t.AccessToken == "" {
		return nil, &rest.MissingMemberError{Member: "access_token"}
	}
	raw := strings.Trim(string(w.ExpiresIn), `"`)
	if raw == "" || raw == "null" {
		return t, nil
	}
	secs, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || secs < 0 || secs > 1<<31 {
		return nil, fmt.Errorf("unreadable expires_in %.20q", raw)
	}
	t.ExpiresIn = time.Duration(secs) * time.Second
	t.Expiry = now.Add(t.ExpiresIn)
	return t, nil
}

// AuthClient calls OLX's OAuth token endpoint, which turns an
// authorization code or a refresh token into an access token for Client.
// It is safe for concurrent use.
//
// Deprecated: it serves the Profile API, which OLX discontinued on
// 2023-11-30; see the package documentation.
type AuthClient struct {
	rc *rest.Client
}

// NewAuthClient checks app and opts and returns an AuthClient; it sends nothing.
func NewAuthClient(app AppCredentials, opts ...profiles.Option) (*AuthClient, error) {
	err := rest.RequireBasic("olx",
		rest.Field{Name: "AppCredentials.ClientID", Value: app.ClientID},
		rest.Field{Name: "AppCredentials.ClientSecret", Value: app.ClientSecret},
	)
	if err == nil {
		err = rest.RequireFields("olx",
			rest.Field{Name: "AppCredentials.APIKey", Value: app.APIKey},
			rest.Field{Name: "AppCredentials.CRMName", Value: strings.TrimSpace(app.CRMName), Public: true},
		)
	}
	if err != nil {
		return nil, err
	}
	rc, err := newRest(app.APIKey, app.CRMName, rest.Basic(app.ClientID, app.ClientSecret), opts,
		app.ClientSecret, rest.BasicSecret(app.ClientID, app.ClientSecret))
	if err != nil {
		return nil, err
	}
	return &AuthClient{rc: rc}, nil
}

// core is nil for a nil or zero-value AuthClient, whose calls then fail.
func (a *AuthClient) core() *rest.Client {
	if a == nil {
		return nil
	}
	return a.rc
}

// BaseURL returns the origin and path prefix the AuthClient sends to.
func (a *AuthClient) BaseURL() string { return a.core().BaseURL() }

// UserAgent returns the User-Agent header the AuthClient sends.
func (a *AuthClient) UserAgent() string { return a.core().UserAgent() }

// CloseIdleConnections does nothing, and is kept so that existing code
// builds: clients built without WithHTTPClient share one connection pool
// in the process, which closes a connection after 90 s idle, and closing
// it from one client could break other clients' calls in flight. Close
// your own transport's idle connections yourself (WithHTTPClient).
func (a *AuthClient) CloseIdleConnections() { a.core().CloseIdleConnections() }

// String describes the AuthClient by its base URL, never a credential.
func (a *AuthClient) String() string { return "olx.AuthClient{" + a.BaseURL() + "}" }

// GoString is String.
func (a *AuthClient) GoString() string { return a.String() }

// Format makes every fmt verb print String.
func (a *AuthClient) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, a.String()) }

// ExchangeCode trades the authorization code OLX sent to the redirect URL
// for an access token (one hour) and a refresh token (one year); a bad or
// used code is answered with 400. POST /oauth/v1/token with
// {"code": "...", "grant_type": "authorization_code"} and HTTP Basic. The
// answer is {"access_token": "...", "token_type": "bearer", "expires_in":
// 3600, "refresh_token": "...", "scope": "..."}, without an envelope.
//
// OLX documentation: https://developer.olxgroup.com/reference/refresh-token
//
// Retry class: moves value — a code works once, so the request is sent
// again only after a dial error or a 429, never after an ambiguous failure
// (ErrOutcomeUnknown).
func (a *AuthClient) ExchangeCode(ctx context.Context, code string, opts ...profiles.CallOption) (*Token, error) {
	return a.token(ctx, "ExchangeCode", "authorization code", code, map[string]string{"grant_type": "authorization_code", "code": code}, opts)
}

// RefreshToken gets a new access token with a refresh token, whether or
// not the old access token has expired. OLX may send a new refresh token
// too: store the one in the answer. POST /oauth/v1/token with
// {"grant_type": "refresh_token", "refresh_token": "..."}; the answer is
// ExchangeCode's.
//
// OLX documentation: https://developer.olxgroup.com/reference/refresh-token
//
// Retry class: moves value — the refresh token may be replaced by the
// answer, so the request is sent again only after a dial error or a 429.
func (a *AuthClient) RefreshToken(ctx context.Context, refreshToken string, opts ...profiles.CallOption) (*Token, error) {
	return a.token(ctx, "RefreshToken", "refresh token", refreshToken, map[string]string{"grant_type": "refresh_token", "refresh_token": refreshToken}, opts)
}

// token posts body to the token endpoint after checking secret (the code or
// the refresh token, called name), which is masked wherever the answer
// quotes it.
func (a *AuthClient) token(ctx context.Context, op, name, secret string, body map[string]string, opts []profiles.CallOption) (*Token, error) {
	if err := rest.RequireFields("olx", rest.Field{Name: name, Value: secret}); err != nil {
		return nil, err
	}
	var w tokenJSON
	call := &rest.Call{
		Operation: op,
		Method:    http.MethodPost,
		Route:     "/oauth/v1/token",
		Body:      body,
		Safety:    rest.MovesValue,
		Out:       &w,
		Secrets:   []string{secret},
	}
	var tok *Token
	call.Check = func(int) (err error) { // a DecodeError; the code may be spent
		tok, err = w.token(time.Now())
		return err
	}
	if _, err := a.core().Do(ctx, call, opts...); err != nil {
		return nil, err
	}
	return tok, nil
}
