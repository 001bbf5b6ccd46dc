package rest

import (
	"cmp"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/profiles-sdk/profiles-go"
)

// Client sends Calls for one vendor package. It is safe for concurrent use.
type Client struct {
	// cfg is the vendor's Config with the options applied, behind a pointer
	// so that printing a Client shows an address, not its Secrets.
	cfg       *Config
	origin    string // of the base URL: scheme://host
	basePath  string // of the base URL, before every route; in errors, logs and events
	host      string // of the base URL, for logs and RequestError
	userAgent string
}

// errNoClient is what every call on a nil or zero-value client returns.
var errNoClient = errors.New("nil or zero-value Client: build one with NewClient")

// New applies opts on top of cfg and returns a ready client, or the first
// configuration error.
func New(cfg Config, opts ...profiles.Option) (*Client, error) {
	cfg.settings = profiles.DefaultSettings(cfg.Vendor)
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt.Apply(&cfg.settings); err != nil {
			return nil, fmt.Errorf("%s: %w: %w", cfg.Vendor, profiles.ErrInvalidArgument, err)
		}
	}
	if cfg.settings.Timeout <= 0 || cfg.settings.MaxResponseBytes <= 0 { // an Option of the caller's own
		return nil, fmt.Errorf("%s: %w: an option set a timeout or a response size limit that is not positive", cfg.Vendor, profiles.ErrInvalidArgument)
	}
	raw := cmp.Or(cfg.settings.BaseURL, cfg.DefaultBaseURL)
	origin, basePath, host, err := parseBaseURL(raw, cfg.settings.InsecureHTTP)
	if err == nil {
		err = checkBasePath(basePath, cfg.RoutePrefixes)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %w", cfg.Vendor, profiles.ErrInvalidArgument, err)
	}
	return &Client{cfg: &cfg, origin: origin, basePath: basePath, host: host, userAgent: joinUserAgent(cfg.UserAgentPrefix, cfg.settings.UserAgent)}, nil
}

// checkBasePath refuses a base path that ends in a route prefix, the
// mistake of giving a documented URL ("https://apis.haravan.com/loy") where
// the origin belongs.
func checkBasePath(path string, prefixes []string) error {
	for _, p := range prefixes {
		if strings.HasSuffix(path, p) {
			return fmt.Errorf("base URL path %q ends in %q, which every route already starts with (it would send %s%s/...): give the URL without it", path, p, path, p)
		}
	}
	return nil
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

// BaseURL returns "" for a nil client, as UserAgent does.
func (c *Client) BaseURL() string {
	if c == nil {
		return ""
	}
	return c.origin + c.basePath
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
	user := c.cfg.settings.HTTPClient
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
// first request, and never for a value-moving call. Go drops Authorization
// on a cross-host redirect but not the vendors' own secret headers
// (X-API-KEY, X-Auth-Token, ...), so a redirect elsewhere is not followed
// at all: the 3xx answer becomes an APIError. Following one would turn a
// PUT into a GET (301, 302, 303), whose answer could then pass for the
// PUT's: a value-moving call's 3xx is an error matching ErrOutcomeUnknown.
func sameOriginRedirects(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		first := via[0].URL
		if via[0].Context().Value(movesValueKey{}) != nil || req.URL.Scheme != first.Scheme || req.URL.Host != first.Host {
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
