package profiles

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// DefaultTimeout bounds each attempt when WithTimeout is not given.
const DefaultTimeout = time.Minute

// DefaultMaxResponseBytes caps how much of an answer is read when
// WithMaxResponseBytes is not given.
const DefaultMaxResponseBytes = 16 << 20

// Option configures a client: pass it to any vendor's NewClient, which
// reports the first invalid one with an error matching ErrInvalidArgument.
// The options of this package suit every vendor. A vendor's own options
// (haravan.WithPacing, cloudsigma.WithLocation, ...) are Options too, but
// only their own package's NewClient takes them: another refuses them.
type Option interface {
	// Apply records the option in s, or says why it cannot.
	Apply(s *Settings) error
}

// Settings is what the client options set. A vendor's NewClient starts
// from DefaultSettings, applies the options in order, and builds its
// client from the result. Only code writing an Option of its own needs it.
type Settings struct {
	// Vendor is the package whose NewClient applies the options
	// ("haravan"); a vendor's own option refuses any other.
	Vendor           string
	BaseURL          string // "" keeps the vendor's origin
	InsecureHTTP     bool
	HTTPClient       *http.Client // nil: the SDK's shared transport
	RetryPolicy      RetryPolicy
	Timeout          time.Duration
	UserAgent        string
	Logger           *slog.Logger // nil: no log
	Observer         Observer     // nil: none
	MaxResponseBytes int64
}

// DefaultSettings are the settings before any option, for vendor.
func DefaultSettings(vendor string) Settings {
	return Settings{Vendor: vendor, RetryPolicy: DefaultRetryPolicy, Timeout: DefaultTimeout,
		MaxResponseBytes: DefaultMaxResponseBytes}
}

// optionFunc adapts a function to Option.
type optionFunc func(*Settings) error

func (f optionFunc) Apply(s *Settings) error { return f(s) }

// WithBaseURL replaces the vendor's origin (a sandbox, a proxy, a test
// server). A path it has stays before the documented paths, and errors,
// logs and events show it: WithBaseURL("https://proxy.example/haravan")
// sends GetProfile to https://proxy.example/haravan/loy/profiles/1.json. A
// path ending in the vendor's documented prefix itself (Haravan's /loy)
// would be sent twice, so NewClient refuses it. http:// needs a loopback
// host or WithInsecureHTTP.
func WithBaseURL(url string) Option {
	return optionFunc(func(s *Settings) error {
		if strings.TrimSpace(url) == "" {
			return errors.New("profiles.WithBaseURL: empty URL")
		}
		s.BaseURL = url
		return nil
	})
}

// WithInsecureHTTP allows http:// on any host; credentials then travel in
// clear text.
func WithInsecureHTTP() Option {
	return optionFunc(func(s *Settings) error {
		s.InsecureHTTP = true
		return nil
	})
}

// WithHTTPClient sends through hc instead of the SDK's shared transport.
// hc is kept by reference and read at every request, never modified; the
// SDK's retries wrap around it, and no redirect to another origin (nor any
// redirect of a value-moving call) is followed.
func WithHTTPClient(hc *http.Client) Option {
	return optionFunc(func(s *Settings) error {
		if hc == nil {
			return errors.New("profiles.WithHTTPClient: nil *http.Client")
		}
		s.HTTPClient = hc
		return nil
	})
}

// WithRetryPolicy replaces DefaultRetryPolicy.
func WithRetryPolicy(p RetryPolicy) Option {
	return optionFunc(func(s *Settings) error {
		if err := p.validate(); err != nil {
			return fmt.Errorf("profiles.WithRetryPolicy: %w", err)
		}
		s.RetryPolicy = p.withDefaults()
		return nil
	})
}

// WithUserAgent appends ua to the SDK's User-Agent product token.
func WithUserAgent(ua string) Option {
	return optionFunc(func(s *Settings) error {
		if !validHeaderValue(ua) {
			return errors.New("profiles.WithUserAgent: the value holds a byte a header cannot carry (a control character)")
		}
		s.UserAgent = strings.TrimSpace(ua)
		return nil
	})
}

// WithLogger logs every attempt at debug level: operation, method, host,
// path, attempt, status, duration, request id and error, never a
// credential, a query or a body. Without it the client logs nothing.
func WithLogger(l *slog.Logger) Option {
	return optionFunc(func(s *Settings) error {
		s.Logger = l
		return nil
	})
}

// WithTimeout bounds each attempt, its answer's body included (default
// DefaultTimeout), failing it with an error matching
// context.DeadlineExceeded; an idempotent call then tries again. ctx
// bounds the whole call.
func WithTimeout(d time.Duration) Option {
	return optionFunc(func(s *Settings) error {
		if d <= 0 {
			return errors.New("profiles.WithTimeout: the duration must be positive")
		}
		s.Timeout = d
		return nil
	})
}

// WithMaxResponseBytes caps how much of an answer is read (default
// DefaultMaxResponseBytes); a larger success answer is a DecodeError
// matching ErrResponseTooLarge.
func WithMaxResponseBytes(n int64) Option {
	return optionFunc(func(s *Settings) error {
		if n <= 0 {
			return errors.New("profiles.WithMaxResponseBytes: the limit must be positive")
		}
		s.MaxResponseBytes = n
		return nil
	})
}

// WithObserver reports every attempt and the end of every call to o (see
// Event); a panic in o is recovered.
func WithObserver(o Observer) Option {
	return optionFunc(func(s *Settings) error {
		if o == nil {
			return errors.New("profiles.WithObserver: nil Observer")
		}
		s.Observer = o
		return nil
	})
}

// validHeaderValue reports whether v can travel in an HTTP header value as
// net/http sends it: no control byte but a tab, no DEL.
func validHeaderValue(v string) bool {
	return !strings.ContainsFunc(v, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f })
}
