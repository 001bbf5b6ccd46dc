package haravan

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// DefaultBaseURL is Haravan's API origin; WithBaseURL replaces it.
const DefaultBaseURL = "https://apis.haravan.com"

// Credentials authenticate a Client. AccessToken is an OAuth2 app token or a
// private-app token with the loy.read_profiles scope (and loy.write_profiles
// for points). Formatting a Credentials value never shows the token.
type Credentials struct {
	AccessToken string
}

// String hides the token.
func (c Credentials) String() string {
	token := "<empty>"
	if c.AccessToken != "" {
		token = "<redacted>"
	}
	return "haravan.Credentials{AccessToken: " + token + "}"
}

// GoString hides the token from %#v.
func (c Credentials) GoString() string { return c.String() }

// Format hides the token from every verb (%v, %+v, %s, %q, %x, %d, ...).
func (c Credentials) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// LogValue makes log/slog print the redacted form, JSON handlers included.
func (c Credentials) LogValue() slog.Value { return slog.StringValue(c.String()) }

// Client calls the Haravan Loyalty profile API. It is safe for concurrent
// use.
type Client struct {
	rc    *rest.Client
	pacer *bucket // nil unless WithPacing or WithRateLimit was given
	limit atomic.Pointer[CallLimit]
}

// NewClient returns a Client for creds. It fails on an empty or malformed
// token and on an invalid option.
func NewClient(creds Credentials, opts ...Option) (*Client, error) {
	token := strings.TrimSpace(creds.AccessToken)
	if token == "" {
		return nil, fmt.Errorf("haravan: %w: Credentials.AccessToken is empty", ErrInvalidArgument)
	}
	if strings.ContainsAny(token, "\r\n\t ") {
		return nil, fmt.Errorf("haravan: %w: Credentials.AccessToken contains whitespace", ErrInvalidArgument)
	}
	c := &Client{}
	rc, err := rest.New(rest.Config{
		Vendor:          "haravan",
		DefaultBaseURL:  DefaultBaseURL,
		Auth:            rest.Bearer(token),
		ParseError:      parseError,
		RequestIDHeader: "X-Request-Id",
		OnResponse:      c.observe,
	}, opts...)
	if err != nil {
		return nil, err
	}
	c.rc = rc
	if p, ok := rc.Extension(pacingKey{}).(pacing); ok {
		c.pacer = newBucket(p.rate, p.burst)
	}
	return c, nil
}

// do sends one call after waiting for the pacer, if any.
func (c *Client) do(ctx context.Context, call *rest.Call) error {
	if ctx == nil {
		return errors.New("haravan: nil context")
	}
	if c.pacer != nil {
		if err := c.pacer.wait(ctx); err != nil {
			return &RequestError{Vendor: "haravan", Method: call.Method, Path: call.Path, Err: err}
		}
	}
	_, err := c.rc.Do(ctx, call)
	return err
}

// observe sees every attempt's answer: it records the call limit and lets
// the pacer adopt the shop's real bucket level, which other apps of the
// same shop fill too.
func (c *Client) observe(resp *http.Response) {
	cl, ok := ParseCallLimit(resp.Header.Get(CallLimitHeader))
	if !ok {
		return
	}
	if prev := c.limit.Load(); prev == nil || *prev != cl {
		v := cl // only a changed reading costs an allocation
		c.limit.Store(&v)
	}
	if c.pacer != nil {
		c.pacer.observe(cl.Used, cl.Max)
	}
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("haravan: %w: %s", ErrInvalidArgument, fmt.Sprintf(format, args...))
}
