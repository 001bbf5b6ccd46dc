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
	rc, err := rest.New(rest.Config{
		Vendor:          "cloudsigma",
		DefaultBaseURL:  DefaultBaseURL,
		Auth:            creds.authenticator(),
		ParseError:      parseError,
		RequestIDHeader: "X-REQUEST-ID",
		Secrets:         creds.secrets(),
	}, opts...)
	if err != nil {
		return nil, err
	}
	return &Client{rc: rc}, nil
}

// apiPath prefixes a documented resource path with the API version.
func apiPath(resource string) string { return "/api/2.0" + resource }
