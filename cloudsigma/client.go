package cloudsigma

import "github.com/profiles-sdk/profiles-go/internal/rest"

// Client calls the CloudSigma API. It is safe for concurrent use.
type Client struct {
	rc *rest.Client
}

// NewClient returns a client for the location chosen with WithLocation
// (zrh by default), or an error for empty credentials, an unknown location
// or a malformed option.
func NewClient(creds Credentials, opts ...Option) (*Client, error) {
	if err := creds.validate(); err != nil {
		return nil, err
	}
	def, _ := LookupLocation(DefaultLocation)
	rc, err := rest.New(rest.Config{
		Vendor:          "cloudsigma",
		DefaultBaseURL:  def.BaseURL,
		Auth:            creds.authenticator(),
		ParseError:      parseError,
		RequestIDHeader: "X-REQUEST-ID",
	}, opts...)
	if err != nil {
		return nil, err
	}
	return &Client{rc: rc}, nil
}

// BaseURL returns the origin calls go to, e.g. "https://zrh.cloudsigma.com";
// the API paths ("/api/2.0/profile/") are appended to it.
func (c *Client) BaseURL() string { return c.rc.BaseURL() }

// UserAgent returns the User-Agent header the client sends.
func (c *Client) UserAgent() string { return c.rc.UserAgent() }

// CloseIdleConnections closes idle connections of the SDK's own transport.
func (c *Client) CloseIdleConnections() { c.rc.CloseIdleConnections() }

// apiPath prefixes a documented resource path with the API version.
func apiPath(resource string) string { return "/api/2.0" + resource }
