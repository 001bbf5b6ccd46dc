package aktiv

import (
	"fmt"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// Credentials authenticate a Client.
//
// Token is sent as "Authorization: Bearer <Token>". It is required unless
// WithAuthenticator replaces how requests are authenticated. Every fmt
// verb, log/slog handler and encoding/json print a Credentials value as
// aktiv.Credentials{Token:[redacted]}.
type Credentials struct {
	Token string
}

// String describes c without the token.
func (c Credentials) String() string {
	return rest.RedactedStruct("aktiv.Credentials", rest.Field{Name: "Token", Value: c.Token})
}

// validate checks a token that is given; an empty one is refused by
// NewClient only when no Authenticator replaces it (errNoToken).
func (c Credentials) validate() error {
	if c.Token == "" {
		return nil
	}
	return rest.RequireFields("aktiv", rest.Field{Name: "Credentials.Token", Value: c.Token})
}

var errNoToken = fmt.Errorf("aktiv: %w: Credentials.Token is empty (give a token, or WithAuthenticator)", rest.ErrInvalidArgument)
