package olx

import (
	"strings"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// DefaultBaseURL is the origin of the OLX Group API.
const DefaultBaseURL = "https://api.olxgroup.com"

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
		ParseError:        parseError,
		CredentialHeaders: []string{"X-API-KEY"},
		Secrets:           []string{creds.APIKey, creds.AccessToken},
	}, opts...)
	if err != nil {
		return nil, err
	}
	return &Client{rc: rc}, nil
}
