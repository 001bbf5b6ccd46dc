package rest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/profiles-sdk/profiles-go"
)

// Authenticator adds credentials to an outgoing request. It runs once per
// attempt, so it may refresh what it sends.
type Authenticator func(*http.Request)

// ErrorParser fills the vendor-specific parts of e (Message, Code, Field,
// RequestID, Err) from an error answer's headers and body. Whatever it
// leaves empty gets a generic value.
type ErrorParser func(e *profiles.APIError, h http.Header, body []byte)

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
	// CredentialHeaders name the vendor's own credential headers
	// ("X-API-KEY"), which WithHeader refuses to set, like Authorization.
	CredentialHeaders []string
	// Secrets are the credentials' values in every form they travel in
	// (a token, the base64 of user:password), masked wherever an error
	// answer echoes them.
	Secrets []string
	// CallLimit, if set, reads the vendor's rate-limit bucket from an
	// answer's headers, for Response.CallLimit.
	CallLimit func(http.Header) (profiles.CallLimit, bool)
	// RoutePrefixes are the paths the vendor's routes start with ("/loy"):
	// New refuses a base URL whose path ends in one, which would be sent
	// twice (/loy/loy/profiles.json).
	RoutePrefixes []string

	// Pace, if set, is waited for before every attempt (a vendor's rate
	// limiter); it must honour ctx.
	Pace func(context.Context) error

	settings profiles.Settings // the caller's options applied (New)
}

// VendorOption is an option only one vendor package's NewClient takes: the
// vendor applies it to its own settings T with TakeVendorOptions, and any
// other vendor's New refuses it, naming the option and both packages.
type VendorOption[T any] struct {
	Vendor string // the package that owns it: "haravan"
	Name   string // as the user writes it: "haravan.WithPacing"
	Set    func(*T) error
}

// Apply is reached only when another vendor's New applies the option.
func (o VendorOption[T]) Apply(s *profiles.Settings) error {
	return fmt.Errorf("%s is an option of package %s; package %s does not take it", o.Name, o.Vendor, s.Vendor)
}

// TakeVendorOptions applies the options of type VendorOption[T] to into and
// returns the others, for New.
func TakeVendorOptions[T any](into *T, opts []profiles.Option) ([]profiles.Option, error) {
	var rest []profiles.Option
	for _, opt := range opts {
		vo, ok := opt.(VendorOption[T])
		if !ok {
			rest = append(rest, opt)
			continue
		}
		if err := vo.Set(into); err != nil {
			return nil, fmt.Errorf("%s: %w: %s: %w", vo.Vendor, profiles.ErrInvalidArgument, vo.Name, err)
		}
	}
	return rest, nil
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
