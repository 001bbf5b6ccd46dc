package kiwi

import (
	"errors"

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

// BaseURL returns the origin and path prefix requests go to.
func (c *Client) BaseURL() string { return c.rc.BaseURL() }

// UserAgent returns the User-Agent the client sends.
func (c *Client) UserAgent() string { return c.rc.UserAgent() }

// CloseIdleConnections closes idle connections of the SDK's own transport.
func (c *Client) CloseIdleConnections() { c.rc.CloseIdleConnections() }

var errNilClient = errors.New("kiwi: nil *Client; use NewClient")
