package rest

import (
	"net"
	"net/http"
	"time"
)

// maxConnsPerHost bounds the connections to one host, idle or not. Without
// a bound, concurrent callers racing a connection back into the pool dial
// extra ones now and then (32 callers opened up to 50 in the benchmarks);
// with it they wait for one instead. Every vendor's rate limit is far below
// what 40 connections carry.
const maxConnsPerHost = 40

// newDefaultTransport returns the transport a client uses when the caller
// brings none: unlike http.DefaultTransport it keeps enough idle
// connections per host for concurrent callers to reuse them instead of
// opening hundreds, and it bounds the phases of a connection. The wait for
// an answer is bounded by each attempt's context (WithTimeout), which ends
// the same way on HTTP/1 and HTTP/2.
func newDefaultTransport() *http.Transport {
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

// NewDefaultTransport returns a new transport with the tuning of the one a
// client uses when the caller brings none, for comparisons such as the
// benchmarks in internal/bench.
func NewDefaultTransport() *http.Transport { return newDefaultTransport() }

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
