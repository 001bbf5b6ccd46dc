package haravan

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
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

// options are the settings of haravan's own options.
type options struct {
	// newLimiter gives a new client its Limiter: a shared one, or a Pacer
	// of its own.
	newLimiter func() Limiter
	ledger     Ledger
}

// option makes one of haravan's own options, which only NewClient takes.
func option(name string, set func(*options) error) profiles.Option {
	return rest.VendorOption[options]{Vendor: "haravan", Name: name, Set: set}
}

// WithPacing makes the client pace its own calls to Haravan's documented
// bucket (80 calls, leaking 4 per second), so a bulk sync runs at the
// sustained rate instead of bursting into 429 answers. The pacer adopts the
// level the shop reports, since other apps of the shop fill the same
// bucket, and honours the call's context while it waits. It knows only
// this process's calls: for replicas, see WithLimiter and package
// haravanredis.
func WithPacing() profiles.Option {
	return option("haravan.WithPacing", func(o *options) error {
		o.newLimiter = func() Limiter { return newPacer(LeakRate, BucketSize) }
		return nil
	})
}

// WithRateLimit is WithPacing with a bucket of your own: at most burst calls
// at once, refilled at perSecond calls per second. Every client built with
// it gets a Pacer of its own; to share one, pass a NewPacer to WithLimiter.
func WithRateLimit(perSecond float64, burst int) profiles.Option {
	return option("haravan.WithRateLimit", func(o *options) error {
		if err := checkRate(perSecond, burst); err != nil {
			return err
		}
		o.newLimiter = func() Limiter { return newPacer(perSecond, burst) }
		return nil
	})
}

// WithLimiter makes the client wait for l before every attempt and report
// every call-limit reading to l. Clients given the same l share it. It
// replaces WithPacing and WithRateLimit (the last of the three wins).
func WithLimiter(l Limiter) profiles.Option {
	return option("haravan.WithLimiter", func(o *options) error {
		if isNil(l) {
			return errors.New("the limiter is nil")
		}
		o.newLimiter = func() Limiter { return l }
		return nil
	})
}

// WithLedger makes AddPoints and SubtractPoints claim their RefID in l
// before sending, and record in l how the send ended: a RefID is then sent
// at most once by every client sharing l, even across restarts. With it,
// those calls need a RefID (else ErrInvalidArgument, nothing sent), and a
// RefID claimed before fails them with ErrDuplicateRefID. A ledger that
// cannot claim means nothing is sent.
func WithLedger(l Ledger) profiles.Option {
	return option("haravan.WithLedger", func(o *options) error {
		if isNil(l) {
			return errors.New("the ledger is nil")
		}
		o.ledger = l
		return nil
	})
}
