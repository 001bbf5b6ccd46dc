package cloudsigma

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// Credentials authenticate a Client. Set Username (the account's email)
// and Password for HTTP Basic authentication, or Token for a Bearer token;
// when Token is set it is used and the others are ignored.
//
// Every fmt verb, log/slog handler and encoding/json print a Credentials
// value as cloudsigma.Credentials{Username:[redacted],
// Password:[redacted], Token:""}: which fields are set, never a value.
type Credentials struct {
	Username string
	Password string
	Token    string
}

// String describes the credentials without revealing them.
func (c Credentials) String() string {
	return rest.RedactedStruct("cloudsigma.Credentials",
		rest.Field{Name: "Username", Value: c.Username},
		rest.Field{Name: "Password", Value: c.Password},
		rest.Field{Name: "Token", Value: c.Token},
	)
}

// auth checks the credentials of the scheme they pick and returns that
// scheme, with the values the credentials travel as, to be masked in an
// error answer that quotes them.
func (c Credentials) auth() (rest.Authenticator, []string, error) {
	if c.Token != "" {
		err := rest.RequireFields("cloudsigma", rest.Field{Name: "Credentials.Token", Value: c.Token})
		return rest.Bearer(c.Token), []string{c.Token}, err
	}
	if c.Username == "" && c.Password == "" {
		return nil, nil, fmt.Errorf("cloudsigma: %w: empty credentials: set Username and Password, or Token", profiles.ErrInvalidArgument)
	}
	err := rest.RequireBasic("cloudsigma",
		rest.Field{Name: "Credentials.Username", Value: c.Username},
		rest.Field{Name: "Credentials.Password", Value: c.Password},
	)
	return rest.Basic(c.Username, c.Password), []string{c.Password, rest.BasicSecret(c.Username, c.Password)}, err
}

// Client calls the CloudSigma API. It is safe for concurrent use.
type Client struct {
	rc *rest.Client
}

// NewClient returns a client for the location chosen with WithLocation
// (zrh by default). Empty credentials, a token holding a space or a control
// character, a user or password holding a control character, an unknown
// location and a malformed option fail with an error matching
// ErrInvalidArgument.
func NewClient(creds Credentials, opts ...profiles.Option) (*Client, error) {
	auth, secrets, err := creds.auth()
	if err != nil {
		return nil, err
	}
	o := options{location: Location{Code: DefaultLocation, BaseURL: DefaultBaseURL}}
	if opts, err = rest.TakeVendorOptions(&o, opts); err != nil {
		return nil, err
	}
	rc, err := rest.New(rest.Config{
		Vendor:          "cloudsigma",
		DefaultBaseURL:  o.location.BaseURL,
		Auth:            auth,
		ParseError:      parseError,
		RequestIDHeader: "X-REQUEST-ID",
		Secrets:         secrets,
		RoutePrefixes:   []string{"/api/2.0"},
	}, opts...)
	if err != nil {
		return nil, err
	}
	return &Client{rc: rc}, nil
}

// The location a Client talks to without WithLocation, and its origin.
const (
	DefaultLocation = "zrh"
	DefaultBaseURL  = "https://zrh.cloudsigma.com"
)

// Location is one CloudSigma location (a separate cloud with its own API
// host and accounts).
type Location struct {
	Code    string // the short name WithLocation takes: "zrh"
	BaseURL string // the origin; the SDK appends "/api/2.0/..."
}

// locations lists every location the API documentation names; four are
// run by partners on hosts of their own.
var locations = []Location{
	{Code: "adb", BaseURL: "https://siaflex.cloud"},
	{Code: "crk", BaseURL: "https://crk.cloudsigma.com"},
	{Code: "cwl", BaseURL: "https://cwl.cloudsigma.com"},
	{Code: "dub", BaseURL: "https://ec.servecentric.com"},
	{Code: "dus", BaseURL: "https://dus.cloudsigma.com"},
	{Code: "fra", BaseURL: "https://fra.cloudsigma.com"},
	{Code: "gva", BaseURL: "https://gva.cloudsigma.com"},
	{Code: "hnl", BaseURL: "https://hnl.cloudsigma.com"},
	{Code: "lon", BaseURL: "https://lon.cloudsigma.com"},
	{Code: "mnl", BaseURL: "https://mnl.cloudsigma.com"},
	{Code: "mnl2", BaseURL: "https://mnl2.cloudsigma.com"},
	{Code: "per", BaseURL: "https://per.cloudsigma.com"},
	{Code: "ruh", BaseURL: "https://ruh.cld.v2.sa"},
	{Code: "tyo", BaseURL: "https://tyo.cloudsigma.com"},
	{Code: "wdc", BaseURL: "https://wdc.alpha3cloud.com"},
	{Code: "zrh", BaseURL: DefaultBaseURL},
}

// Locations returns a copy of every documented location, ordered by code.
func Locations() []Location { return slices.Clone(locations) }

// LookupLocation returns the location with the given code (case does not
// matter) and whether it exists.
func LookupLocation(code string) (Location, bool) {
	code = strings.ToLower(strings.TrimSpace(code))
	for _, l := range locations {
		if l.Code == code {
			return l, true
		}
	}
	return Location{}, false
}

// WithLocation sends calls to the API host of a CloudSigma location such as
// "fra", "dub" or "wdc" (see Locations); "zrh" is the default. Accounts
// exist per location, so credentials must belong to the chosen one.
// WithBaseURL, given in any order, still wins. An unknown code fails
// NewClient with an error listing the valid codes.
func WithLocation(code string) profiles.Option {
	return rest.VendorOption[options]{Vendor: "cloudsigma", Name: "cloudsigma.WithLocation", Set: func(o *options) error {
		loc, ok := LookupLocation(code)
		if !ok {
			return fmt.Errorf("unknown location %q; valid locations: %s", code, strings.Join(locationCodes(), ", "))
		}
		o.location = loc
		return nil
	}}
}

// options are the settings of cloudsigma's own options.
type options struct {
	location Location
}

func locationCodes() []string {
	codes := make([]string, len(locations))
	for i, l := range locations {
		codes[i] = l.Code
	}
	return codes
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
func (c *Client) String() string { return "cloudsigma.Client{" + c.BaseURL() + "}" }

// GoString is String.
func (c *Client) GoString() string { return c.String() }

// Format makes every fmt verb print String.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// GoString is String, so that %#v redacts too.
func (c Credentials) GoString() string { return c.String() }

// Format makes every fmt verb print String.
func (c Credentials) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// LogValue makes log/slog print String.
func (c Credentials) LogValue() slog.Value { return slog.StringValue(c.String()) }

// MarshalJSON encodes String, so that a nested Credentials stays redacted.
func (c Credentials) MarshalJSON() ([]byte, error) { return json.Marshal(c.String()) }
