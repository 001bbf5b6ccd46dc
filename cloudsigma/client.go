package cloudsigma

import (
	"fmt"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// Credentials authenticate a Client. Set Username (the account's email)
// and Password for HTTP Basic authentication, or Token for a Bearer token;
// when Token is set it is used and the others are ignored.
//
// Every fmt verb, log/slog handler and encoding/json print a Credentials
// value as cloudsigma.Credentials{Username:[redacted],
// Password:[redacted], Token:""}: which fields are set, never a value.
type Credentials struct {
	Username string
	Password string
	Token    string
}

// String describes the credentials without revealing them.
func (c Credentials) String() string {
	return rest.RedactedStruct("cloudsigma.Credentials",
		rest.Field{Name: "Username", Value: c.Username},
		rest.Field{Name: "Password", Value: c.Password},
		rest.Field{Name: "Token", Value: c.Token},
	)
}

// validate checks the credentials of the scheme that will be used: the
// token as a header value, or the user and password as Basic credentials.
func (c Credentials) validate() error {
	switch {
	case c.Token != "":
		return rest.RequireFields("cloudsigma", rest.Field{Name: "Credentials.Token", Value: c.Token})
	case c.Username == "" && c.Password == "":
		return fmt.Errorf("cloudsigma: %w: empty credentials: set Username and Password, or Token", rest.ErrInvalidArgument)
	}
	return rest.RequireBasic("cloudsigma",
		rest.Field{Name: "Credentials.Username", Value: c.Username},
		rest.Field{Name: "Credentials.Password", Value: c.Password},
	)
}

// auth returns how the credentials travel, and the values they travel as,
// to be masked in an error answer that quotes them.
func (c Credentials) auth() (rest.Authenticator, []string) {
	if c.Token != "" {
		return rest.Bearer(c.Token), []string{c.Token}
	}
	return rest.Basic(c.Username, c.Password), []string{c.Password, rest.BasicSecret(c.Username, c.Password)}
}

// Client calls the CloudSigma API. It is safe for concurrent use.
type Client struct {
	rc *rest.Client
}

// NewClient returns a client for the location chosen with WithLocation
// (zrh by default). Empty credentials, a token holding a space or a control
// character, a user or password holding a control character, an unknown
// location and a malformed option fail with an error matching
// ErrInvalidArgument.
func NewClient(creds Credentials, opts ...Option) (*Client, error) {
	if err := creds.validate(); err != nil {
		return nil, err
	}
	auth, secrets := creds.auth()
	rc, err := rest.New(rest.Config{
		Vendor:          "cloudsigma",
		DefaultBaseURL:  DefaultBaseURL,
		Auth:            auth,
		ParseError:      parseError,
		RequestIDHeader: "X-REQUEST-ID",
		Secrets:         secrets,
	}, opts...)
	if err != nil {
		return nil, err
	}
	return &Client{rc: rc}, nil
}
