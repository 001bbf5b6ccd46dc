package olx

import (
	"fmt"
	"log/slog"
	"strings"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// DefaultBaseURL is the origin of the OLX Group API.
const DefaultBaseURL = "https://api.olxgroup.com"

// Credentials are what every OLX request carries. All three are required.
//
// Formatting a Credentials value with any fmt verb shows CRMName but never
// the API key or the access token.
type Credentials struct {
	// APIKey is the partner key OLX issued, sent as X-API-KEY.
	APIKey string
	// AccessToken is the user's OAuth access token, sent as
	// "Authorization: Bearer". OLX tokens live one hour.
	AccessToken string
	// CRMName is the partner's CRM name, which OLX requires as the
	// User-Agent. The SDK's product token follows it.
	CRMName string
}

// String describes c without its secrets.
func (c Credentials) String() string {
	return fmt.Sprintf("olx.Credentials{APIKey:%s, AccessToken:%s, CRMName:%q}",
		rest.Redacted(c.APIKey), rest.Redacted(c.AccessToken), c.CRMName)
}

// GoString is String, so that %#v redacts too.
func (c Credentials) GoString() string { return c.String() }

// Format makes every verb (%v, %+v, %s, %d, %x, ...) print String, so no
// verb can reveal a secret.
func (c Credentials) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// LogValue makes log/slog print String, JSON handlers included.
func (c Credentials) LogValue() slog.Value { return slog.StringValue(c.String()) }

// validate reports the first missing or malformed credential, naming the
// field but never its value.
func (c Credentials) validate() error {
	return rest.RequireFields("olx",
		rest.Field{Name: "Credentials.APIKey", Value: c.APIKey},
		rest.Field{Name: "Credentials.AccessToken", Value: c.AccessToken},
		rest.Field{Name: "Credentials.CRMName", Value: c.CRMName},
	)
}

// Client calls the OLX Group Profile API. It is safe for concurrent use.
//
// Deprecated: OLX discontinued the Profile API on 2023-11-30. Remove
// production dependencies on it; keep using Client only to replay or
// archive old answers or against the olxtest fake.
type Client struct {
	rc *rest.Client
}

// NewClient checks creds and opts and returns a Client. It sends nothing.
func NewClient(creds Credentials, opts ...Option) (*Client, error) {
	if err := creds.validate(); err != nil {
		return nil, err
	}
	rc, err := rest.New(rest.Config{
		Vendor:          "olx",
		DefaultBaseURL:  DefaultBaseURL,
		UserAgentPrefix: strings.TrimSpace(creds.CRMName),
		Auth: rest.Chain(
			rest.Headers("X-API-KEY", creds.APIKey),
			rest.Bearer(creds.AccessToken),
		),
		ParseError: parseError,
	}, opts...)
	if err != nil {
		return nil, err
	}
	return &Client{rc: rc}, nil
}
