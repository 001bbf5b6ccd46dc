package rest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Safety classifies a call for the retry rules.
type Safety int

const (
	// Idempotent calls (GET, state-replacing PUT) may be sent again after
	// any connection failure and after 429, 502, 503 and 504.
	Idempotent Safety = iota
	// MovesValue calls are sent again only when the server certainly did not
	// act on them: a dial error (nothing was sent) or a 429 (the server said
	// it refused). After an ambiguous failure, a 5xx or a dropped
	// connection, the error is returned, so value never moves twice.
	MovesValue
)

func (s Safety) String() string {
	if s == MovesValue {
		return "moves-value"
	}
	return "idempotent"
}

// retryableStatus reports whether an idempotent call may be repeated after
// this status.
func retryableStatus(code int, s Safety) bool {
	if code == http.StatusTooManyRequests {
		return true
	}
	if s == MovesValue {
		return false
	}
	return code == http.StatusBadGateway || code == http.StatusServiceUnavailable || code == http.StatusGatewayTimeout
}

// retryableError reports whether a transport error allows another attempt.
func retryableError(err error, s Safety) bool {
	// The caller's own context is checked before this; a deadline error here
	// is the per-attempt timeout, which an idempotent call may retry.
	if errors.Is(err, context.Canceled) {
		return false
	}
	if isDialError(err) {
		return true
	}
	if s == MovesValue || permanentTransportError(err) {
		return false
	}
	return true
}

// isDialError reports whether the connection was never established, so the
// request cannot have reached the server.
func isDialError(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && (op.Op == "dial" || op.Op == "proxyconnect") {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// permanentTransportError reports failures a retry cannot fix.
func permanentTransportError(err error) bool {
	var certErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var tooLarge *ResponseTooLargeError
	var decodeErr *DecodeError
	switch {
	case errors.As(err, &certErr), errors.As(err, &unknownCA), errors.As(err, &hostErr), errors.As(err, &tooLarge), errors.As(err, &decodeErr):
		return true
	case strings.Contains(err.Error(), "stopped after") && strings.Contains(err.Error(), "redirects"):
		return true
	case strings.Contains(err.Error(), "unsupported protocol scheme"):
		return true
	}
	return false
}

// ParseRetryAfter reads a Retry-After header value in any of its forms:
// whole seconds ("2"), fractional seconds ("2.0", as Haravan sends) or an
// HTTP date. It reports false for an absent or unreadable value. A date in
// the past means no wait.
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if math.IsNaN(secs) || secs < 0 || math.IsInf(secs, 0) {
			return 0, false
		}
		if secs > float64(math.MaxInt64/int64(time.Second)) {
			return time.Duration(math.MaxInt64), true
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	if d := t.Sub(now); d > 0 {
		return d, true
	}
	return 0, true
}

// retryAfterOf returns the Retry-After wait of a 429 or 503 answer.
func retryAfterOf(resp *http.Response) (time.Duration, bool) {
	if resp == nil || (resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable) {
		return 0, false
	}
	return ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
}

// jitteredBackoff returns a full-jitter wait for retry number n (0-based):
// uniformly between MinBackoff and min(MaxBackoff, MinBackoff·2ⁿ).
func (p RetryPolicy) jitteredBackoff(n int) time.Duration {
	ceiling := p.MaxBackoff
	if n < 62 && p.MinBackoff > 0 && p.MinBackoff<<n > 0 && p.MinBackoff<<n < ceiling {
		ceiling = p.MinBackoff << n
	}
	if ceiling <= p.MinBackoff {
		return p.MinBackoff
	}
	return p.MinBackoff + rand.N(ceiling-p.MinBackoff+1)
}
