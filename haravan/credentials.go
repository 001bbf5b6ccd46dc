package haravan

import (
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// Credentials authenticate a Client. AccessToken is an OAuth2 app token or a
// private-app token with the loy.read_profiles scope (and loy.write_profiles
// for points).
//
// Every fmt verb, log/slog handler and encoding/json print a Credentials
// value as haravan.Credentials{AccessToken:[redacted]}.
type Credentials struct {
	AccessToken string
}

// String describes c without the token.
func (c Credentials) String() string {
	return rest.RedactedStruct("haravan.Credentials", rest.Field{Name: "AccessToken", Value: c.AccessToken})
}

// validate reports an empty or malformed token without showing it.
func (c Credentials) validate() error {
	return rest.RequireFields("haravan", rest.Field{Name: "Credentials.AccessToken", Value: c.AccessToken})
}
