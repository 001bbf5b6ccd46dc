package cloudsigma

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// Credentials authenticate a Client. Set Username (the account's email)
// and Password for HTTP Basic authentication, or Token for a Bearer token;
// when Token is set it is used and the others are ignored.
//
// Credentials never print their values: fmt shows which fields are set.
type Credentials struct {
	Username string
	Password string
	Token    string
}

// String describes the credentials without revealing them.
func (c Credentials) String() string {
	return fmt.Sprintf("cloudsigma.Credentials{Username: %s, Password: %s, Token: %s}",
		redacted(c.Username), redacted(c.Password), redacted(c.Token))
}

// GoString is used by %#v; it redacts like String.
func (c Credentials) GoString() string { return c.String() }

// Format makes every verb (%v, %+v, %s, %q, %x, %d, ...) print the redacted
// form, so no formatting of a Credentials value can leak a secret.
func (c Credentials) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// LogValue makes log/slog print the redacted form, JSON handlers included.
func (c Credentials) LogValue() slog.Value { return slog.StringValue(c.String()) }

func redacted(s string) string {
	if s == "" {
		return "[empty]"
	}
	return "[REDACTED]"
}

func (c Credentials) validate() error {
	if strings.ContainsAny(c.Username+c.Password+c.Token, "\r\n") {
		return errors.New("cloudsigma: credentials must not contain line breaks")
	}
	if c.Token != "" {
		return nil
	}
	switch {
	case c.Username == "" && c.Password == "":
		return errors.New("cloudsigma: empty credentials: set Username and Password, or Token")
	case c.Username == "":
		return errors.New("cloudsigma: Credentials.Username (the account's email) is empty")
	case c.Password == "":
		return errors.New("cloudsigma: Credentials.Password is empty")
	case strings.Contains(c.Username, ":"):
		// Basic authentication joins user and password with a colon.
		return errors.New("cloudsigma: Credentials.Username must not contain a colon")
	}
	return nil
}

func (c Credentials) authenticator() rest.Authenticator {
	if c.Token != "" {
		return rest.Bearer(c.Token)
	}
	return rest.Basic(c.Username, c.Password)
}

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

// apiPath prefixes a documented resource path with the API version.
func apiPath(resource string) string { return "/api/2.0" + resource }
