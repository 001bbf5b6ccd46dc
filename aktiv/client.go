package aktiv

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// DefaultBaseURL is the origin a Client calls unless WithBaseURL says
// otherwise. It is a guess inferred from Aktiv's other Guardant v1.0 APIs:
// the vendor's page does not name its host.
const DefaultBaseURL = "https://station.guardant.ru"

// Credentials authenticate a Client.
//
// Token is sent as "Authorization: Bearer <Token>", a guess: the vendor's
// page does not document its scheme. It is required unless
// WithAuthenticator replaces how requests are authenticated. Every fmt
// verb, log/slog handler and encoding/json print a Credentials value as
// aktiv.Credentials{Token:[redacted]}.
type Credentials struct {
	Token string
}

// String describes c without the token.
func (c Credentials) String() string {
	return rest.RedactedStruct("aktiv.Credentials", rest.Field{Name: "Token", Value: c.Token})
}

// GoString is String, so that %#v redacts too.
func (c Credentials) GoString() string { return c.String() }

// Format makes every fmt verb print String.
func (c Credentials) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// LogValue makes log/slog print String.
func (c Credentials) LogValue() slog.Value { return slog.StringValue(c.String()) }

// MarshalJSON encodes String, so that a nested Credentials stays redacted.
func (c Credentials) MarshalJSON() ([]byte, error) { return json.Marshal(c.String()) }

// Client calls the Aktiv vendor profile API. It is safe for concurrent use.
type Client struct {
	rc *rest.Client
}

// NewClient returns a Client for creds. It fails when Credentials.Token is
// empty and no WithAuthenticator option is given, when the token holds a
// space or a control character, and on invalid options such as a malformed
// base URL.
func NewClient(creds Credentials, opts ...profiles.Option) (*Client, error) {
	var o options
	opts, err := rest.TakeVendorOptions(&o, opts)
	if err != nil {
		return nil, err
	}
	if creds.Token != "" {
		if err := rest.RequireFields("aktiv", rest.Field{Name: "Credentials.Token", Value: creds.Token}); err != nil {
			return nil, err
		}
		if o.auth == nil {
			o.auth = rest.Bearer(creds.Token)
		}
	}
	if o.auth == nil {
		return nil, fmt.Errorf("aktiv: %w: Credentials.Token is empty (give a token, or WithAuthenticator)", profiles.ErrInvalidArgument)
	}
	rc, err := rest.New(rest.Config{
		Vendor:          "aktiv",
		DefaultBaseURL:  DefaultBaseURL,
		ParseError:      parseError,
		RequestIDHeader: "X-Request-Id",
		Auth:            o.auth,
		Secrets:         []string{creds.Token},
		RoutePrefixes:   []string{"/v1.0"},
	}, opts...)
	if err != nil {
		return nil, err
	}
	return &Client{rc: rc}, nil
}

// WithAuthenticator replaces the "Authorization: Bearer" header with
// whatever authenticate adds to each request, for an installation that
// expects another header or a session cookie; Credentials.Token may then
// be empty. authenticate runs for every attempt, retries included, and must
// not keep a reference to the request.
//
//	c, err := aktiv.NewClient(aktiv.Credentials{},
//		aktiv.WithAuthenticator(aktiv.AuthCookie("ASP.NET_SessionId", session)))
func WithAuthenticator(authenticate func(*http.Request)) profiles.Option {
	return rest.VendorOption[options]{Vendor: "aktiv", Name: "aktiv.WithAuthenticator", Set: func(o *options) error {
		if authenticate == nil {
			return errors.New("nil Authenticator")
		}
		o.auth = authenticate
		return nil
	}}
}

// options are the settings of aktiv's own options.
type options struct {
	auth rest.Authenticator
}

// AuthHeader returns an authenticator for WithAuthenticator that sets the
// header name to value, for example AuthHeader("X-Api-Key", key).
func AuthHeader(name, value string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set(name, value) }
}

// AuthCookie returns an authenticator for WithAuthenticator that sends the
// cookie name=value, replacing a cookie of the same name already on the
// request, so that repeated attempts carry it once.
func AuthCookie(name, value string) func(*http.Request) {
	cookie := &http.Cookie{Name: name, Value: value}
	return func(r *http.Request) {
		others := r.Cookies()
		r.Header.Del("Cookie")
		for _, c := range others {
			if c.Name != name {
				r.AddCookie(c)
			}
		}
		r.AddCookie(cookie)
	}
}

// core is nil for a nil or zero-value Client, whose calls then fail.
func (c *Client) core() *rest.Client {
	if c == nil {
		return nil
	}
	return c.rc
}

// BaseURL returns the origin and path prefix the Client sends to.
func (c *Client) BaseURL() string { return c.core().BaseURL() }

// UserAgent returns the User-Agent header the Client sends.
func (c *Client) UserAgent() string { return c.core().UserAgent() }

// CloseIdleConnections does nothing, and is kept so that existing code
// builds: clients built without WithHTTPClient share one connection pool
// in the process, which closes a connection after 90 s idle, and closing
// it from one client could break other clients' calls in flight. Close
// your own transport's idle connections yourself (WithHTTPClient).
func (c *Client) CloseIdleConnections() { c.core().CloseIdleConnections() }

// String describes the Client by its base URL, never a credential.
func (c *Client) String() string { return "aktiv.Client{" + c.BaseURL() + "}" }

// GoString is String.
func (c *Client) GoString() string { return c.String() }

// Format makes every fmt verb print String.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// get decodes the answer to GET route into out. present reports whether
// the answer had its element (member); when it did not, the error is a
// *DecodeError that names it.
func (c *Client) get(ctx context.Context, op, route string, out any, member string, present func() bool, opts []profiles.CallOption) error {
	check := func(int) error {
		if !present() {
			return &rest.MissingMemberError{Member: member}
		}
		return nil
	}
	_, err := c.core().Do(ctx, &rest.Call{Operation: op, Method: http.MethodGet, Route: route, Safety: rest.Idempotent, Out: out, Check: check}, opts...)
	return err
}
