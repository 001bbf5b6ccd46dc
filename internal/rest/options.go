package rest

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultMaxResponseBytes caps how much of a response body is read.
const DefaultMaxResponseBytes = 16 << 20

// DefaultTimeout bounds each attempt (see WithTimeout).
const DefaultTimeout = time.Minute

// Authenticator adds credentials to an outgoing request. It runs once per
// attempt, so it may refresh what it sends.
type Authenticator func(*http.Request)

// ErrorParser fills the vendor-specific parts of e (Message, Code, Field,
// RequestID, Err) from an error answer's headers and body. Whatever it
// leaves empty gets a generic value.
type ErrorParser func(e *APIError, h http.Header, body []byte)

// Config is what a vendor package hands to New: its defaults, then the
// caller's options applied on top.
type Config struct {
	Vendor          string // names the package in error text and logs ("haravan")
	DefaultBaseURL  string // the vendor's origin; WithBaseURL replaces it
	UserAgentPrefix string // stands before the SDK's product token (OLX's CRM name)
	Auth            Authenticator
	ParseError      ErrorParser
	RequestIDHeader string // the vendor's request id header, if any
	// OnResponse, if set, sees every attempt's response headers (rate-limit
	// counters); it must not read the body.
	OnResponse func(*http.Response)
	// ErrNoAuth, if set, is returned by New when no Authenticator is left
	// after the options.
	ErrNoAuth error
	// CredentialHeaders name the vendor's own credential headers
	// ("X-API-KEY"), which WithHeader refuses to set, like Authorization.
	CredentialHeaders []string
	// Secrets are the credentials' values in every form they travel in
	// (a token, the base64 of user:password), masked wherever an error
	// answer echoes them.
	Secrets []string
	// CallLimit, if set, reads the vendor's rate-limit bucket from an
	// answer's headers, for Response.CallLimit.
	CallLimit func(http.Header) (CallLimit, bool)
	// RoutePrefixes are the paths the vendor's routes start with ("/loy"):
	// New refuses a base URL whose path ends in one, which would be sent
	// twice (/loy/loy/profiles.json).
	RoutePrefixes []string

	baseURL          string
	allowHTTP        bool
	httpClient       *http.Client
	retry            RetryPolicy
	userAgent        string
	logger           *slog.Logger
	timeout          time.Duration
	maxResponseBytes int64
	extensions       map[any]any
	observer         Observer
}

// SetExtension stores a vendor option's setting under key (an unexported
// type of the vendor package), read back with (*Client).Extension after
// New, so that vendor options need no Config field of their own.
func (c *Config) SetExtension(key, value any) {
	if c.extensions == nil {
		c.extensions = map[any]any{}
	}
	c.extensions[key] = value
}

// Option configures a client; New reports the first invalid one.
type Option func(*Config) error

// WithBaseURL replaces Config.DefaultBaseURL; New checks it (parseBaseURL).
func WithBaseURL(rawURL string) Option {
	return func(c *Config) error {
		if strings.TrimSpace(rawURL) == "" {
			return errors.New("WithBaseURL: empty URL")
		}
		c.baseURL = rawURL
		return nil
	}
}

// WithInsecureHTTP lets parseBaseURL accept http:// on any host.
func WithInsecureHTTP() Option {
	return func(c *Config) error {
		c.allowHTTP = true
		return nil
	}
}

// WithHTTPClient sends through hc (see Client.httpClient).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Config) error {
		if hc == nil {
			return errors.New("WithHTTPClient: nil *http.Client")
		}
		c.httpClient = hc
		return nil
	}
}

// WithRetryPolicy replaces DefaultRetryPolicy.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *Config) error {
		if err := p.validate(); err != nil {
			return fmt.Errorf("WithRetryPolicy: %w", err)
		}
		c.retry = p.withDefaults()
		return nil
	}
}

// WithUserAgent appends ua to the User-Agent.
func WithUserAgent(ua string) Option {
	return func(c *Config) error {
		if !validHeaderValue(ua) {
			return errors.New("WithUserAgent: the value holds a byte a header cannot carry (a control character)")
		}
		c.userAgent = strings.TrimSpace(ua)
		return nil
	}
}

// WithLogger sets the debug log of attempts (see logAttempt); without it
// the client logs nothing.
func WithLogger(l *slog.Logger) Option {
	return func(c *Config) error {
		c.logger = l
		return nil
	}
}

// WithTimeout bounds each attempt, body read included; a timed-out attempt
// is a timeoutError, which an idempotent call retries.
func WithTimeout(d time.Duration) Option {
	return func(c *Config) error {
		if d <= 0 {
			return errors.New("WithTimeout: the duration must be positive")
		}
		c.timeout = d
		return nil
	}
}

// WithMaxResponseBytes caps the body decode and apiError read.
func WithMaxResponseBytes(n int64) Option {
	return func(c *Config) error {
		if n <= 0 {
			return errors.New("WithMaxResponseBytes: the limit must be positive")
		}
		c.maxResponseBytes = n
		return nil
	}
}

// WithAuthenticator replaces how requests are authenticated.
func WithAuthenticator(a Authenticator) Option {
	return func(c *Config) error {
		if a == nil {
			return errors.New("WithAuthenticator: nil Authenticator")
		}
		c.Auth = a
		return nil
	}
}

// WithDefaultBaseURL replaces the vendor's default origin while leaving
// WithBaseURL in charge (cloudsigma's WithLocation).
func WithDefaultBaseURL(rawURL string) Option {
	return func(c *Config) error {
		c.DefaultBaseURL = rawURL
		return nil
	}
}

// parseBaseURL checks a base URL and returns its origin, its path without
// a trailing slash, and its host.
func parseBaseURL(raw string, allowHTTP bool) (origin, path, host string, err error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil { // url.Error's text repeats the URL, user credentials included
		return "", "", "", fmt.Errorf("malformed base URL: %w", unwrapURLError(err))
	}
	shown := redactedURL(u)
	switch {
	case u.Scheme != "https" && u.Scheme != "http":
		return "", "", "", fmt.Errorf("malformed base URL %q: scheme must be https", shown)
	case u.Host == "" || u.Hostname() == "":
		return "", "", "", fmt.Errorf("malformed base URL %q: no host", shown)
	case u.User != nil:
		return "", "", "", errors.New("malformed base URL: it must not carry user credentials; use Credentials")
	case u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
		return "", "", "", fmt.Errorf("malformed base URL %q: no query or fragment allowed", shown)
	case u.Scheme == "http" && !allowHTTP && !isLoopback(u.Hostname()):
		return "", "", "", fmt.Errorf("base URL %q: plain http is allowed only for loopback hosts (see WithInsecureHTTP)", shown)
	}
	return u.Scheme + "://" + u.Host, strings.TrimRight(u.EscapedPath(), "/"), u.Host, nil
}

// redactedURL shows a base URL in an error without what may be secret:
// user credentials, query and fragment.
func redactedURL(u *url.URL) string {
	c := *u
	if c.User != nil {
		c.User = url.User("redacted")
	}
	c.RawQuery, c.ForceQuery = "", false
	c.Fragment, c.RawFragment = "", ""
	return c.String()
}

func isLoopback(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// WithObserver sets the Observer (see reportAttempt, reportEnd).
func WithObserver(o Observer) Option {
	return func(c *Config) error {
		if o == nil {
			return errors.New("WithObserver: nil Observer")
		}
		c.observer = o
		return nil
	}
}
