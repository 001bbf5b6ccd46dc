package aktiv

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// DefaultBaseURL is the origin a Client calls unless WithBaseURL says
// otherwise. It is a guess inferred from Aktiv's other Guardant v1.0 APIs:
// the vendor's page does not name its host.
const DefaultBaseURL = "https://station.guardant.ru"

// Credentials authenticate a Client.
//
// Token is sent as "Authorization: Bearer <Token>". It is required unless
// WithAuthenticator replaces how requests are authenticated. Credentials
// never print the token: fmt and log/slog show "[redacted]".
type Credentials struct {
	Token string
}

const redacted = "[redacted]"

func (c Credentials) redactedToken() string {
	if c.Token == "" {
		return `""`
	}
	return redacted
}

// String describes the credentials without revealing the token.
func (c Credentials) String() string { return "{Token:" + c.redactedToken() + "}" }

// GoString is String in Go syntax, for %#v.
func (c Credentials) GoString() string { return "aktiv.Credentials{Token:" + c.redactedToken() + "}" }

// Format makes every fmt verb (%v, %+v, %#v, %s, %d, %x, ...) print the
// redacted form.
func (c Credentials) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, c.GoString())
		return
	}
	_, _ = io.WriteString(f, c.String())
}

// LogValue makes log/slog print the redacted form, JSON handlers included.
func (c Credentials) LogValue() slog.Value { return slog.StringValue(c.String()) }

func (c Credentials) validate() error {
	if strings.TrimSpace(c.Token) != c.Token || strings.ContainsAny(c.Token, "\r\n\t ") {
		// The token is deliberately not quoted: errors end up in logs.
		return errors.New("aktiv: Credentials.Token must not contain spaces or line breaks")
	}
	return nil
}

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
		ErrNoAuth:       errors.New("aktiv: Credentials.Token is empty (give a token, or WithAuthenticator)"),
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
