package rest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// Client sends Calls for one vendor package. It is safe for concurrent use.
type Client struct {
	// cfg is the vendor's Config with the options applied, behind a pointer
	// so that printing a Client shows an address, not its Secrets.
	cfg       *Config
	baseURL   string
	host      string // of baseURL, for logs and RequestError
	userAgent string
	pace      func(context.Context) error
}

// errNoClient is what every call on a nil or zero-value client returns.
var errNoClient = errors.New("nil or zero-value Client: build one with NewClient")

// New applies opts on top of cfg and returns a ready client, or the first
// configuration error.
func New(cfg Config, opts ...Option) (*Client, error) {
	cfg.retry = DefaultRetryPolicy
	cfg.timeout = DefaultTimeout
	cfg.maxResponseBytes = DefaultMaxResponseBytes
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&cfg); err != nil {
			return nil, fmt.Errorf("%s: %w: %w", cfg.Vendor, ErrInvalidArgument, err)
		}
	}
	if cfg.Auth == nil && cfg.ErrNoAuth != nil {
		return nil, cfg.ErrNoAuth
	}
	raw := cfg.DefaultBaseURL
	if cfg.baseURL != "" {
		raw = cfg.baseURL
	}
	base, host, err := parseBaseURL(raw, cfg.allowHTTP)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %w", cfg.Vendor, ErrInvalidArgument, err)
	}
	return &Client{cfg: &cfg, baseURL: base, host: host, userAgent: joinUserAgent(cfg.UserAgentPrefix, cfg.userAgent)}, nil
}

func joinUserAgent(prefix, suffix string) string {
	ua := product
	if p := strings.TrimSpace(prefix); p != "" {
		ua = p + " " + ua
	}
	if suffix != "" {
		ua += " " + suffix
	}
	return ua
}

// SetPacer makes every attempt wait for wait first (a vendor's rate
// limiter); wait must honour ctx. Vendor packages call it right after New.
func (c *Client) SetPacer(wait func(context.Context) error) { c.pace = wait }

// Extension returns what a vendor option stored with Config.SetExtension,
// or nil.
func (c *Client) Extension(key any) any { return c.cfg.extensions[key] }

// BaseURL returns "" for a nil client, as UserAgent does.
func (c *Client) BaseURL() string {
	if c == nil {
		return ""
	}
	return c.baseURL
}

// UserAgent returns the User-Agent header.
func (c *Client) UserAgent() string {
	if c == nil {
		return ""
	}
	return c.userAgent
}

// CloseIdleConnections leaves every pool alone: a caller's transport is
// the caller's, and the shared one (sharedClient) serves other clients,
// whose calls closing it could break (net/http then reports a request in
// flight as "connection broken: CloseIdleConnections called", which a
// value-moving call must treat as an unknown outcome). The shared pool
// closes a connection after 90 s idle (NewDefaultTransport).
func (c *Client) CloseIdleConnections() {}

// sharedClient sends the calls of every client built without
// WithHTTPClient: one connection pool in the process, as with
// http.DefaultTransport, so that a service holding one client per tenant
// keeps a few connections per vendor host, not a pool per tenant. What is
// per client (credentials, pacer, base URL, options) travels with each
// request; the redirect rule compares each hop with the request's own
// first one only.
var sharedClient = &http.Client{Transport: NewDefaultTransport(), CheckRedirect: sameOriginRedirects(nil)}

// httpClient returns the client an attempt is sent through. A caller's
// client is read at every request, by reference, so that a transport it
// gets later (httpmock.ActivateNonDefault, say) is used; it is never
// modified: the SDK sends through a copy that only adds its redirect rule.
func (c *Client) httpClient() *http.Client {
	user := c.cfg.httpClient
	if user == nil {
		return sharedClient
	}
	return &http.Client{
		Transport:     user.Transport,
		Jar:           user.Jar,
		Timeout:       user.Timeout,
		CheckRedirect: sameOriginRedirects(user.CheckRedirect),
	}
}

// maxConnsPerHost bounds the connections to one host, idle or not, so that
// concurrent callers racing a connection back into the pool wait for it
// instead of dialing extra ones. The bound is for the process's shared
// pool (sharedClient): over HTTP/1, at most 40 calls to one vendor host are
// in flight at once, whatever the number of clients; HTTP/2 multiplexes
// calls on each connection. A service that needs more brings its own
// client (WithHTTPClient).
const maxConnsPerHost = 40

// NewDefaultTransport returns the transport of a client whose caller brings
// none: unlike http.DefaultTransport it keeps enough idle connections per
// host for concurrent callers, and bounds each phase of a connection but
// the wait for an answer, which WithTimeout bounds.
func NewDefaultTransport() *http.Transport {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   maxConnsPerHost,
		MaxConnsPerHost:       maxConnsPerHost,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}

// sameOriginRedirects follows redirects only within the origin of the
// first request. Go drops Authorization on a cross-host redirect but not the
// vendors' own secret headers (X-API-KEY, X-Auth-Token, ...), so a redirect
// elsewhere is not followed at all: the 3xx answer becomes an APIError.
func sameOriginRedirects(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		first := via[0].URL
		if req.URL.Scheme != first.Scheme || req.URL.Host != first.Host {
			return http.ErrUseLastResponse
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return http.ErrUseLastResponse
		}
		return nil
	}
}
