package aktiv

import "github.com/profiles-sdk/profiles-go/internal/rest"

// DefaultBaseURL is the origin a Client calls unless WithBaseURL says
// otherwise. It is a guess inferred from Aktiv's other Guardant v1.0 APIs:
// the vendor's page does not name its host.
const DefaultBaseURL = "https://station.guardant.ru"

// Client calls the Aktiv vendor profile API. It is safe for concurrent use.
type Client struct {
	rc *rest.Client
}

// NewClient returns a Client for creds. It fails when Credentials.Token is
// empty and no WithAuthenticator option is given, and on invalid options such
// as a malformed base URL.
func NewClient(creds Credentials, opts ...Option) (*Client, error) {
	if err := creds.validate(); err != nil {
		return nil, err
	}
	cfg := rest.Config{
		Vendor:          "aktiv",
		DefaultBaseURL:  DefaultBaseURL,
		ParseError:      parseError,
		RequestIDHeader: "X-Request-Id",
		ErrNoAuth:       errNoToken,
		Secrets:         []string{creds.Token},
	}
	if creds.Token != "" {
		cfg.Auth = rest.Bearer(creds.Token)
	}
	rc, err := rest.New(cfg, opts...)
	if err != nil {
		return nil, err
	}
	return &Client{rc: rc}, nil
}
