package haravan

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// Option configures a Client; see NewClient.
type Option = rest.Option

// RetryPolicy says how often and how patiently a Client retries.
// MaxRetries 0 turns retries off.
type RetryPolicy = rest.RetryPolicy

// APIError is a non-success answer from the vendor. It is the same type in
// every profiles-go package, so one errors.As serves them all.
type APIError = rest.APIError

// RequestError is a call that got no answer: the connection failed, dropped
// or timed out. errors.Is(err, context.DeadlineExceeded) sees through it.
type RequestError = rest.RequestError

// DecodeError is a success answer whose body is not the JSON the call
// expects (an HTML page from a captive portal, a changed schema). It is not
// retried.
type DecodeError = rest.DecodeError

// ErrResponseTooLarge is matched by errors.Is when an answer exceeds the
// limit set with WithMaxResponseBytes.
var ErrResponseTooLarge = rest.ErrResponseTooLarge

// DefaultRetryPolicy is the policy of a Client built without
// WithRetryPolicy: 3 retries, backoff from 250ms to 8s, Retry-After
// honoured up to one minute.
var DefaultRetryPolicy = rest.DefaultRetryPolicy

// WithBaseURL points the Client at a proxy, a sandbox or a test server. It
// replaces the vendor's origin; the documented paths are appended after any
// path the URL has. Plain http:// is allowed only for loopback hosts unless
// WithInsecureHTTP is given.
func WithBaseURL(url string) Option { return rest.WithBaseURL(url) }

// WithInsecureHTTP allows a plain http:// base URL on a non-loopback host.
func WithInsecureHTTP() Option { return rest.WithInsecureHTTP() }

// WithHTTPClient sends through a copy of hc (oauth2 clients, proxies);
// retries wrap around it and hc itself is never modified.
func WithHTTPClient(hc *http.Client) Option { return rest.WithHTTPClient(hc) }

// WithRetryPolicy replaces DefaultRetryPolicy.
func WithRetryPolicy(p RetryPolicy) Option { return rest.WithRetryPolicy(p) }

// WithUserAgent appends ua to the SDK's User-Agent product token.
func WithUserAgent(ua string) Option { return rest.WithUserAgent(ua) }

// WithLogger logs every attempt at debug level (method, host, path, status,
// attempt, duration), never a credential. Without it nothing is logged.
func WithLogger(l *slog.Logger) Option { return rest.WithLogger(l) }

// WithTimeout bounds each attempt on the SDK's own HTTP client (default one
// minute); ctx bounds the whole call.
func WithTimeout(d time.Duration) Option { return rest.WithTimeout(d) }

// WithMaxResponseBytes caps how much of an answer is read (default 16 MiB).
func WithMaxResponseBytes(n int64) Option { return rest.WithMaxResponseBytes(n) }

// ErrOutcomeUnknown is matched by errors.Is when a value-moving call failed
// after its request may have reached the vendor: reconcile before trying
// again.
var ErrOutcomeUnknown = rest.ErrOutcomeUnknown

// Observer sees every attempt and the end of every call; see WithObserver.
type Observer = rest.Observer

// Event is what an Observer is told: never a header value, a query or a body.
type Event = rest.Event

// WithObserver reports every attempt and the end of every call to o.
func WithObserver(o Observer) Option { return rest.WithObserver(o) }
