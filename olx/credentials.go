package olx

import (
	"strings"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// Credentials are what every OLX request carries. All three are required.
//
// Every fmt verb, log/slog handler and encoding/json print a Credentials
// value as olx.Credentials{APIKey:[redacted], AccessToken:[redacted],
// CRMName:"acme_crm"}: the CRM name, never the key or the token.
type Credentials struct {
	// APIKey is the partner key OLX issued, sent as X-API-KEY.
	APIKey string
	// AccessToken is the user's OAuth access token, sent as
	// "Authorization: Bearer". OLX tokens live one hour.
	AccessToken string
	// CRMName is the partner's CRM name, which OLX requires as the
	// User-Agent. The SDK's product token follows it. White space around it
	// are trimmed.
	CRMName string
}

// String describes c without its secrets.
func (c Credentials) String() string {
	return rest.RedactedStruct("olx.Credentials",
		rest.Field{Name: "APIKey", Value: c.APIKey},
		rest.Field{Name: "AccessToken", Value: c.AccessToken},
		rest.Field{Name: "CRMName", Value: c.CRMName, Public: true},
	)
}

// validate reports the first missing or malformed credential, naming the
// field but never its value. Each travels as a header value.
func (c Credentials) validate() error {
	return rest.RequireFields("olx",
		rest.Field{Name: "Credentials.APIKey", Value: c.APIKey},
		rest.Field{Name: "Credentials.AccessToken", Value: c.AccessToken},
		rest.Field{Name: "Credentials.CRMName", Value: strings.TrimSpace(c.CRMName), Public: true},
	)
}
