package haravan

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"

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
	limit   atomic.Pointer[CallLimit]
}

// NewClient returns a Client for creds. It fails, with an error matching
// ErrInvalidArgument, on an invalid option and on an empty token or one
// holding a space or a control character (the token is not trimmed).
func NewClient(creds Credentials, opts ...Option) (*Client, error) {
	if err := rest.RequireFields("haravan", rest.Field{Name: "Credentials.AccessToken", Value: creds.AccessToken}); err != nil {
		return nil, err
	}
	c := &Client{}
	rc, err := rest.New(rest.Config{
		Vendor:          "haravan",
		DefaultBaseURL:  DefaultBaseURL,
		Auth:            rest.Bearer(creds.AccessToken),
		ParseError:      parseError,
		RequestIDHeader: "X-Request-Id",
		OnResponse:      c.observe,
		CallLimit:       callLimitOf,
		Secrets:         []string{creds.AccessToken},
		RoutePrefixes:   []string{"/loy"},
	}, opts...)
	if err != nil {
		return nil, err
	}
	c.rc = rc
	if newLimiter, ok := rc.Extension(limiterKey{}).(func() Limiter); ok {
		c.limiter = newLimiter()
		rc.SetPacer(c.limiter.Wait) // before every attempt: a retry takes a slot too
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
func callLimitOf(h http.Header) (CallLimit, bool) { return ParseCallLimit(h.Get(CallLimitHeader)) }

func invalid(format string, args ...any) error {
	return fmt.Errorf("haravan: %w: %s", ErrInvalidArgument, fmt.Sprintf(format, args...))
}
