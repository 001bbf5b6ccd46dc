package kiwi

import (
	"github.com/profiles-sdk/profiles-go/internal/rest"
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

// validate reports the first missing or malformed credential, naming the
// field but never its value. Both travel as header values.
func (c Credentials) validate() error {
	return rest.RequireFields("kiwi",
		rest.Field{Name: "Credentials.AppKey", Value: c.AppKey},
		rest.Field{Name: "Credentials.UserToken", Value: c.UserToken},
	)
}
