package kiwi

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// DefaultBaseURL is the origin of the Kiwi SDK API.
const DefaultBaseURL = "https://api.kwsdk.io"

// Header names Kiwi reads the credentials from.
const (
	AppKeyHeader    = "X-Kiwi-Application-Key"
	UserTokenHeader = "X-Auth-Token"
)

// requestIDHeader is undocumented; read in case Kiwi or a proxy sends it.
const requestIDHeader = "X-Request-Id"

// Credentials are what every Kiwi request carries. Both are required.
//
// Every fmt verb, log/slog handler and encoding/json print a Credentials
// value as kiwi.Credentials{AppKey:[redacted], UserToken:[redacted]}.
type Credentials struct {
	// AppKey is the application key of the Kiwi application, sent as
	// X-Kiwi-Application-Key.
	AppKey string
	// UserToken is the authentication token of the user whose profile is
	// read, sent as X-Auth-Token.
	UserToken string
}

// String describes c without its secrets.
func (c Credentials) String() string {
	return rest.RedactedStruct("kiwi.Credentials",
		rest.Field{Name: "AppKey", Value: c.AppKey},
		rest.Field{Name: "UserToken", Value: c.UserToken},
	)
}

// Client calls the Kiwi account profile API for one user token. It is safe
// for concurrent use.
type Client struct {
	rc *rest.Client
}

// NewClient checks creds and opts and returns a Client; it sends nothing.
// A missing key or token, or one holding a space or a control character,
// fails with an error matching ErrInvalidArgument.
func NewClient(creds Credentials, opts ...profiles.Option) (*Client, error) {
	if err := rest.RequireFields("kiwi",
		rest.Field{Name: "Credentials.AppKey", Value: creds.AppKey},
		rest.Field{Name: "Credentials.UserToken", Value: creds.UserToken},
	); err != nil {
		return nil, err
	}
	rc, err := rest.New(rest.Config{
		Vendor:            "kiwi",
		DefaultBaseURL:    DefaultBaseURL,
		Auth:              rest.Headers(AppKeyHeader, creds.AppKey, UserTokenHeader, creds.UserToken),
		ParseError:        parseError,
		RequestIDHeader:   requestIDHeader,
		CredentialHeaders: []string{AppKeyHeader, UserTokenHeader},
		Secrets:           []string{creds.AppKey, creds.UserToken},
		RoutePrefixes:     []string{"/api/1.0"},
	}, opts...)
	if err != nil {
		return nil, err
	}
	return &Client{rc: rc}, nil
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
func (c *Client) String() string { return "kiwi.Client{" + c.BaseURL() + "}" }

// GoString is String.
func (c *Client) GoString() string { return c.String() }

// Format makes every fmt verb print String.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// GoString is String, so that %#v redacts too.
func (c Credentials) GoString() string { return c.String() }

// Format makes every fmt verb print String.
func (c Credentials) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// LogValue makes log/slog print String.
func (c Credentials) LogValue() slog.Value { return slog.StringValue(c.String()) }

// MarshalJSON encodes String, so that a nested Credentials stays redacted.
func (c Credentials) MarshalJSON() ([]byte, error) { return json.Marshal(c.String()) }
