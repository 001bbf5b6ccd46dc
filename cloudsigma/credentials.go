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

func (c Credentials) authenticator() rest.Authenticator {
	if c.Token != "" {
		return rest.Bearer(c.Token)
	}
	return rest.Basic(c.Username, c.Password)
}

// secrets lists the values the credentials travel as, so that an error
// answer that quotes them is masked.
func (c Credentials) secrets() []string {
	if c.Token != "" {
		return []string{c.Token}
	}
	return []string{c.Password, rest.BasicSecret(c.Username, c.Password)}
}
