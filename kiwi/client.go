package kiwi

import (
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// DefaultBaseURL is the origin of the Kiwi SDK API.
const DefaultBaseURL = "https://api.kwsdk.io"

// Header names Kiwi reads the credentials from.
const (
	AppKeyHeader    = "X-Kiwi-Application-Key"
	UserTokenHeader = "X-Auth-Token"
)

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
		Vendor:            "kiwi",
		DefaultBaseURL:    DefaultBaseURL,
		Auth:              rest.Headers(AppKeyHeader, creds.AppKey, UserTokenHeader, creds.UserToken),
		ParseError:        parseError,
		RequestIDHeader:   requestIDHeader,
		CredentialHeaders: []string{AppKeyHeader, UserTokenHeader},
		Secrets:           []string{creds.AppKey, creds.UserToken},
	}, opts...)
	if err != nil {
		return nil, err
	}
	return &Client{rc: rc}, nil
}
