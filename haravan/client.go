package haravan

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"sync/atomic"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// DefaultBaseURL is Haravan's API origin; WithBaseURL replaces it.
const DefaultBaseURL = "https://apis.haravan.com"

// Credentials authenticate a Client ("Authorization: Bearer <token>").
// AccessToken is an OAuth2 app token or a private-app token with the
// loy.read_profiles scope (and loy.write_profiles for points).
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

// Client calls the Haravan Loyalty profile API. It is safe for concurrent
// use.
type Client struct {
	rc      *rest.Client
	limiter Limiter // nil unless WithPacing, WithRateLimit or WithLimiter was given
	ledger  Ledger  // nil unless WithLedger was given
	limit   atomic.Pointer[profiles.CallLimit]
}

// NewClient returns a Client for creds. It fails, with an error matching
// ErrInvalidArgument, on an invalid option and on an empty token or one
// holding a space or a control character (the token is not trimmed).
func NewClient(creds Credentials, opts ...profiles.Option) (*Client, error) {
	if err := rest.RequireFields("haravan", rest.Field{Name: "Credentials.AccessToken", Value: creds.AccessToken}); err != nil {
		return nil, err
	}
	var o options
	opts, err := rest.TakeVendorOptions(&o, opts)
	if err != nil {
		return nil, err
	}
	c := &Client{ledger: o.ledger}
	if o.newLimiter != nil {
		c.limiter = o.newLimiter()
	}
	cfg := rest.Config{
		Vendor:          "haravan",
		DefaultBaseURL:  DefaultBaseURL,
		Auth:            rest.Bearer(creds.AccessToken),
		ParseError:      parseError,
		RequestIDHeader: "X-Request-Id",
		OnResponse:      c.observe,
		CallLimit:       callLimitOf,
		Secrets:         []string{creds.AccessToken},
		RoutePrefixes:   []string{"/loy"},
	}
	if c.limiter != nil {
		cfg.Pace = c.limiter.Wait // before every attempt: a retry takes a slot too
	}
	if c.rc, err = rest.New(cfg, opts...); err != nil {
		return nil, err
	}
	return c, nil
}

// observe records every attempt's call limit and passes a plausible one to
// the limiter, since other apps of the shop fill the same bucket.
func (c *Client) observe(resp *http.Response) {
	cl, ok := ParseCallLimit(resp.Header.Get(CallLimitHeader))
	if !ok {
		return
	}
	c.limit.Store(&cl)
	if c.limiter != nil && Plausible(cl) {
		ctx := context.Background()
		if resp.Request != nil {
			ctx = resp.Request.Context()
		}
		c.limiter.Observe(ctx, cl)
	}
}

// callLimitOf reads an answer's call limit for Response.CallLimit.
func callLimitOf(h http.Header) (profiles.CallLimit, bool) {
	return ParseCallLimit(h.Get(CallLimitHeader))
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("haravan: %w: %s", profiles.ErrInvalidArgument, fmt.Sprintf(format, args...))
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

// CloseIdleConnections closes the idle connections of the SDK's own transport.
func (c *Client) CloseIdleConnections() { c.core().CloseIdleConnections() }

// String describes the Client by its base URL, never a credential.
func (c *Client) String() string { return "haravan.Client{" + c.BaseURL() + "}" }

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

// isNil reports a nil interface, or one holding a nil pointer (a
// constructor's result whose error was dropped), which an option refuses.
func isNil(v any) bool {
	r := reflect.ValueOf(v)
	return v == nil || r.Kind() == reflect.Pointer && r.IsNil()
}
