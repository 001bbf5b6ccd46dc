package olx

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// DefaultBaseURL is the origin of the OLX Group API.
const DefaultBaseURL = "https://api.olxgroup.com"

// Credentials are what every OLX request carries. All three are required;
// NewClient refuses a key or token holding a space or a control character.
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
	// User-Agent, before the SDK's product token. It is trimmed.
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

// GoString is String, so that %#v redacts too.
func (c Credentials) GoString() string { return c.String() }

// Format makes every fmt verb print String.
func (c Credentials) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// LogValue makes log/slog print String.
func (c Credentials) LogValue() slog.Value { return slog.StringValue(c.String()) }

// MarshalJSON encodes String, so that a nested Credentials stays redacted.
func (c Credentials) MarshalJSON() ([]byte, error) { return json.Marshal(c.String()) }

// Client calls the OLX Group Profile API. It is safe for concurrent use.
//
// Deprecated: OLX discontinued the Profile API on 2023-11-30; see the
// package documentation.
type Client struct {
	rc *rest.Client
}

// NewClient checks creds and opts and returns a Client. It sends nothing.
func NewClient(creds Credentials, opts ...profiles.Option) (*Client, error) {
	err := rest.RequireFields("olx",
		rest.Field{Name: "Credentials.APIKey", Value: creds.APIKey},
		rest.Field{Name: "Credentials.AccessToken", Value: creds.AccessToken},
		rest.Field{Name: "Credentials.CRMName", Value: strings.TrimSpace(creds.CRMName), Public: true},
	)
	if err != nil {
		return nil, err
	}
	rc, err := newRest(creds.APIKey, creds.CRMName, rest.Bearer(creds.AccessToken), opts, creds.AccessToken)
	if err != nil {
		return nil, err
	}
	return &Client{rc: rc}, nil
}

// newRest returns the REST client of a Client or an AuthClient: every OLX request
// carries the partner's API key and, as its User-Agent, the CRM name.
func newRest(apiKey, crmName string, auth rest.Authenticator, opts []profiles.Option, secrets ...string) (*rest.Client, error) {
	return rest.New(rest.Config{
		Vendor:            "olx",
		DefaultBaseURL:    DefaultBaseURL,
		UserAgentPrefix:   strings.TrimSpace(crmName),
		Auth:              rest.Chain(rest.Headers("X-API-KEY", apiKey), auth),
		ParseError:        parseError,
		CredentialHeaders: []string{"X-API-KEY"},
		Secrets:           append([]string{apiKey}, secrets...),
		RoutePrefixes:     []string{"/oauth/v1", "/profile/v1"},
	}, opts...)
}

// core is nil for a nil or zero-value Client, whose calls then fail.
func (c *Client) core() *rest.Client {
	if c == nil {
		return nil
	}
	return c.rc
}

// BaseURL returns the origin and path prefix the Client sends to.
func (c *Client) BaseURL() string { return c.core().BaseURL() }

// UserAgent returns the User-Agent header the Client sends.
func (c *Client) UserAgent() string { return c.core().UserAgent() }

// CloseIdleConnections does nothing, and is kept so that existing code
// builds: clients built without WithHTTPClient share one connection pool
// in the process, which closes a connection after 90 s idle, and closing
// it from one client could break other clients' calls in flight. Close
// your own transport's idle connections yourself (WithHTTPClient).
func (c *Client) CloseIdleConnections() { c.core().CloseIdleConnections() }

// String describes the Client by its base URL, never a credential.
func (c *Client) String() string { return "olx.Client{" + c.BaseURL() + "}" }

// GoString is String.
func (c *Client) GoString() string { return c.String() }

// Format makes every fmt verb print String.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }
