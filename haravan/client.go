package haravan

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// DefaultBaseURL is Haravan's API origin; WithBaseURL replaces it.
const DefaultBaseURL = "https://apis.haravan.com"

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
	if err := creds.validate(); err != nil {
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
		Secrets:         []string{creds.AccessToken},
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
func (c *Client) do(ctx context.Context, call *rest.Call) (*rest.Response, error) {
	if ctx == nil {
		return nil, errors.New("haravan: nil context")
	}
	if c.pacer != nil {
		if err := c.pacer.wait(ctx); err != nil {
			return nil, &RequestError{Vendor: "haravan", Method: call.Method, Path: call.Path, Err: err}
		}
	}
	return c.rc.Do(ctx, call)
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
