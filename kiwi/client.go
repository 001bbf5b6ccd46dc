package kiwi

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// DefaultBaseURL is the origin of the Kiwi SDK API.
const DefaultBaseURL = "https://api.kwsdk.io"

// Header names Kiwi reads the credentials from.
const (
	AppKeyHeader    = "X-Kiwi-Application-Key"
	UserTokenHeader = "X-Auth-Token"
)

// Credentials are what every Kiwi request carries. Both are required.
//
// Formatting a Credentials value with any fmt verb never shows either value.
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
	return "kiwi.Credentials{AppKey:" + rest.Redacted(c.AppKey) + ", UserToken:" + rest.Redacted(c.UserToken) + "}"
}

// GoString is String, so that %#v redacts too.
func (c Credentials) GoString() string { return c.String() }

// Format makes every verb (%v, %+v, %s, %d, %x, ...) print String, so no
// verb can reveal a secret.
func (c Credentials) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// LogValue makes log/slog print the redacted form, JSON handlers included.
func (c Credentials) LogValue() slog.Value { return slog.StringValue(c.String()) }

// validate reports the first missing or malformed credential, naming the
// field but never its value.
func (c Credentials) validate() error {
	return rest.RequireFields("kiwi",
		rest.Field{Name: "Credentials.AppKey", Value: c.AppKey},
		rest.Field{Name: "Credentials.UserToken", Value: c.UserToken},
	)
}

// Client calls the Kiwi account profile API for one user token. It is safe
// for concurrent use.
type Client struct {
	rc *rest.Client
}

// NewClient checks creds and opts and returns a Client. It sends nothing.
func NewClient(creds Credentials, opts ...Option) (*Client, error) {
	if err := creds.validate(); err != nil {
		return nil, err
	}
	rc, err := rest.New(rest.Config{
		Vendor:          "kiwi",
		DefaultBaseURL:  DefaultBaseURL,
		Auth:            rest.Headers(AppKeyHeader, creds.AppKey, UserTokenHeader, creds.UserToken),
		ParseError:      parseError,
		RequestIDHeader: requestIDHeader,
	}, opts...)
	if err != nil {
		return nil, err
	}
	return &Client{rc: rc}, nil
}

var errNilClient = errors.New("kiwi: nil *Client; use NewClient")
