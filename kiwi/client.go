package kiwi

import "github.com/profiles-sdk/profiles-go/internal/rest"

// DefaultBaseURL is the origin of the Kiwi SDK API.
const DefaultBaseURL = "https://api.kwsdk.io"

// Header names Kiwi reads the credentials from.
const (
	AppKeyHeader    = "X-Kiwi-Application-Key"
	UserTokenHeader = "X-Auth-Token"
)

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
func NewClient(creds Credentials, opts ...Option) (*Client, error) {
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
