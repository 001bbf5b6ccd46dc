package haravan

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"

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

// GoString is String, so that %#v redacts too.
func (c Credentials) GoString() string { return c.String() }

// Format makes every verb print String, so no verb can reveal the token.
func (c Credentials) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// LogValue makes log/slog print String.
func (c Credentials) LogValue() slog.Value { return slog.StringValue(c.String()) }

// MarshalJSON encodes String, so that a Credentials value nested in a
// struct, slice or map (which slog's JSON handler encodes with
// encoding/json, past LogValue) stays redacted.
func (c Credentials) MarshalJSON() ([]byte, error) { return json.Marshal(c.String()) }

// validate reports an empty or malformed token without showing it.
func (c Credentials) validate() error {
	return rest.RequireFields("haravan", rest.Field{Name: "Credentials.AccessToken", Value: c.AccessToken})
}
