package rest

import (
	"context"
	"crypto/x509"
	"errors"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/profiles-sdk/profiles-go"
)

// jitteredBackoff returns a full-jitter wait for retry number n (0-based):
// uniformly between MinBackoff and min(MaxBackoff, MinBackoff·2ⁿ).
func jitteredBackoff(p profiles.RetryPolicy, n int) time.Duration {
	ceiling := p.MaxBackoff
	if n < 62 && p.MinBackoff > 0 && p.MinBackoff<<n > 0 && p.MinBackoff<<n < ceiling {
		ceiling = p.MinBackoff << n
	}
	if ceiling <= p.MinBackoff {
		return p.MinBackoff
	}
	return p.MinBackoff + rand.N(ceiling-p.MinBackoff+1)
}

// retryableStatus reports whether a call may be repeated after this status:
// a 429 (the vendor refused it), and for an idempotent call a 502, 503 or 504.
func retryableStatus(code int, s Safety) bool {
	gatewayTrouble := code == http.StatusBadGateway || code == http.StatusServiceUnavailable || code == http.StatusGatewayTimeout
	return code == http.StatusTooManyRequests || gatewayTrouble && s != MovesValue
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

// permanentTransportError reports failures a retry cannot fix: a TLS
// certificate that does not verify, too many redirects, an unsupported
// scheme, an invalid header. go-retryablehttp keeps the list of net/http's
// texts for these, so the SDK asks it rather than keeping a copy; err is
// the *url.Error that http.Client.Do returned. A hostname mismatch is
// missing from its list.
func permanentTransportError(err error) bool {
	var hostErr x509.HostnameError
	if errors.As(err, &hostErr) {
		return true
	}
	retry, _ := retryablehttp.DefaultRetryPolicy(context.Background(), nil, err)
	return !retry
}

// parseRetryAfter reads a Retry-After header value in any of its forms:
// whole seconds ("2"), fractional seconds ("2.0", as Haravan sends) or an
// HTTP date. It reports false for an absent or unreadable value. A date in
// the past means no wait.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v) // "" is neither a number nor a date
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
	if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable {
		return 0, false
	}
	return parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
}
