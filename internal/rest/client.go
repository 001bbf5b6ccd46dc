package rest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-querystring/query"
	"github.com/hashicorp/go-retryablehttp"
)

// Client sends Calls for one vendor package. It is safe for concurrent use.
type Client struct {
	vendor       string
	baseURL      string
	userAgent    string
	auth         Authenticator
	parseError   ErrorParser
	requestIDHdr string
	onResponse   func(*http.Response)
	httpClient   *http.Client
	transport    *http.Transport // nil when the caller brought the client
	retry        RetryPolicy
	logger       *slog.Logger
	maxBody      int64
	bodyTimeout  time.Duration
	watchdog     *watchdog
	retrier      *retryablehttp.Client
	extensions   map[any]any
}

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
			return nil, fmt.Errorf("%s: %w", cfg.Vendor, err)
		}
	}
	raw := cfg.DefaultBaseURL
	if cfg.baseURL != "" {
		raw = cfg.baseURL
	}
	if cfg.Auth == nil && cfg.ErrNoAuth != nil {
		return nil, cfg.ErrNoAuth
	}
	base, err := parseBaseURL(raw, cfg.allowHTTP)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Vendor, err)
	}
	hc, tr := newHTTPClient(cfg.httpClient, cfg.timeout)
	parse := cfg.ParseError
	if parse == nil {
		parse = func(*APIError, http.Header, []byte) {}
	}
	c := &Client{
		vendor:       cfg.Vendor,
		baseURL:      base,
		userAgent:    joinUserAgent(cfg.UserAgentPrefix, cfg.userAgent),
		auth:         cfg.Auth,
		parseError:   parse,
		requestIDHdr: cfg.RequestIDHeader,
		onResponse:   cfg.OnResponse,
		httpClient:   hc,
		transport:    tr,
		retry:        cfg.retry,
		logger:       cfg.logger,
		maxBody:      cfg.maxResponseBytes,
		bodyTimeout:  cfg.timeout,
		watchdog:     newWatchdog(cfg.timeout),
		extensions:   cfg.extensions,
	}
	c.retrier = c.newRetrier()
	return c, nil
}

func joinUserAgent(prefix, suffix string) string {
	parts := make([]string, 0, 3)
	if p := strings.TrimSpace(prefix); p != "" {
		parts = append(parts, p)
	}
	parts = append(parts, product)
	if suffix != "" {
		parts = append(parts, suffix)
	}
	return strings.Join(parts, " ")
}

// Extension returns what a vendor option stored with Config.SetExtension,
// or nil.
func (c *Client) Extension(key any) any { return c.extensions[key] }

// BaseURL returns the origin and path prefix calls are sent to.
func (c *Client) BaseURL() string { return c.baseURL }

// UserAgent returns the User-Agent header the client sends.
func (c *Client) UserAgent() string { return c.userAgent }

// CloseIdleConnections closes the idle connections of the SDK's own
// transport. A caller-provided client's transport is left alone.
func (c *Client) CloseIdleConnections() {
	if c.transport != nil {
		c.transport.CloseIdleConnections()
	}
}

// Call describes one API call.
type Call struct {
	Method string
	// Path is the escaped path after the base URL, starting with "/"; build
	// it with Path so that ids are escaped.
	Path string
	// Query is nil, url.Values, or a struct with go-querystring `url` tags.
	Query any
	// Body, if not nil, is sent as JSON.
	Body any
	// Safety decides which failures may be retried.
	Safety Safety
	// Out, if not nil, receives the decoded JSON of a 2xx answer. An empty
	// 2xx body leaves it untouched.
	Out any
}

// Response describes the answer to a successful Call.
type Response struct {
	StatusCode int
	Header     http.Header
	Attempts   int
}

// Path formats an escaped request path: each argument is turned into text
// and path-escaped before it replaces its %s verb, so an id can never add
// path segments or a query.
func Path(format string, segments ...any) string {
	var b strings.Builder
	b.Grow(len(format) + 16*len(segments))
	next := 0
	for {
		i := strings.Index(format, "%s")
		if i < 0 || next == len(segments) {
			b.WriteString(format)
			return b.String()
		}
		b.WriteString(format[:i])
		writeSegment(&b, segments[next])
		next++
		format = format[i+2:]
	}
}

func writeSegment(b *strings.Builder, s any) {
	var digits [20]byte
	switch v := s.(type) {
	case int64:
		b.Write(strconv.AppendInt(digits[:0], v, 10))
	case int:
		b.Write(strconv.AppendInt(digits[:0], int64(v), 10))
	case uint64:
		b.Write(strconv.AppendUint(digits[:0], v, 10))
	case string:
		b.WriteString(url.PathEscape(v))
	default:
		b.WriteString(url.PathEscape(fmt.Sprint(v)))
	}
}

// Do sends the call, retrying as its Safety and the policy allow, and
// decodes the answer. A non-2xx answer is returned as *APIError; a call that
// got no answer as *RequestError.
func (c *Client) Do(ctx context.Context, call *Call) (*Response, error) {
	if ctx == nil {
		return nil, fmt.Errorf("%s: nil context", c.vendor)
	}
	st := &attemptState{Context: ctx, client: c, call: *call}
	req, err := c.newRequest(st, call)
	if err != nil {
		return nil, err
	}
	if call.Out != nil {
		req.SetResponseHandler(st.decodeAttempt)
	}
	resp, err := c.retrier.Do(req)
	if resp != nil {
		if call.Out == nil || !isSuccess(resp.StatusCode) {
			// Nothing has read this body under the watchdog: apiError and
			// drainAndClose must not wait on a server that stalls it.
			c.watchdog.begin(&st.watch, resp.Body)
			defer c.watchdog.end(&st.watch)
		}
		defer drainAndClose(resp.Body)
	}
	switch {
	case err != nil && st.decodeErr != nil && errors.Is(err, st.decodeErr) && !isBodyError(err):
		return nil, fmt.Errorf("%s: %s %s: %w", c.vendor, call.Method, call.Path, err)
	case err != nil:
		cause := unwrapURLError(err)
		return nil, &RequestError{Vendor: c.vendor, Method: call.Method, Path: call.Path, Attempts: st.attempts, Err: cause,
			OutcomeUnknown: call.Safety == MovesValue && !isDialError(cause)}
	case !isSuccess(resp.StatusCode):
		e := c.apiError(call, resp, st)
		e.OutcomeUnknown = call.Safety == MovesValue && resp.StatusCode >= 500
		return nil, e
	}
	// The Response lives in the state, which is on the heap already.
	st.resp = Response{StatusCode: resp.StatusCode, Header: resp.Header, Attempts: st.attempts}
	return &st.resp, nil
}

func isSuccess(status int) bool { return status >= 200 && status <= 299 }

// isBodyError reports a body that broke off or stalled mid-read: like a
// dropped connection, the call got no complete answer, so Do reports it as
// a *RequestError (errors.Is(err, context.DeadlineExceeded) for a stall).
func isBodyError(err error) bool {
	var broken *bodyError
	return errors.As(err, &broken)
}

func (c *Client) newRequest(ctx context.Context, call *Call) (*retryablehttp.Request, error) {
	target := c.baseURL + call.Path
	if q, err := encodeQuery(call.Query); err != nil {
		return nil, fmt.Errorf("%s: encoding query: %w", c.vendor, err)
	} else if q != "" {
		target += "?" + q
	}
	var body any // an untyped nil keeps GET requests free of a body
	if call.Body != nil {
		b, err := EncodeJSON(call.Body)
		if err != nil {
			return nil, fmt.Errorf("%s: encoding request body: %w", c.vendor, err)
		}
		body = b
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, call.Method, target, body)
	if err != nil {
		return nil, fmt.Errorf("%s: building request: %w", c.vendor, err)
	}
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	if call.Body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.auth != nil {
		c.auth(req.Request)
	}
	return req, nil
}

func encodeQuery(q any) (string, error) {
	switch v := q.(type) {
	case nil:
		return "", nil
	case url.Values:
		return v.Encode(), nil
	default:
		values, err := query.Values(v)
		if err != nil {
			return "", err
		}
		return values.Encode(), nil
	}
}

// EncodeJSON encodes v as compact JSON without HTML escaping, so that
// "<", ">" and "&" in user text reach the vendor as typed.
func EncodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func (c *Client) apiError(call *Call, resp *http.Response, st *attemptState) *APIError {
	limit := int64(maxErrorBody)
	if c.maxBody < limit {
		limit = c.maxBody
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, limit))
	e := &APIError{
		Vendor:     c.vendor,
		Method:     call.Method,
		Path:       call.Path,
		StatusCode: resp.StatusCode,
		Attempts:   st.attempts,
		Body:       body,
	}
	if c.requestIDHdr != "" {
		e.RequestID = resp.Header.Get(c.requestIDHdr)
	}
	if wait, ok := retryAfterOf(resp); ok {
		e.RetryAfter = wait
	}
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		e.Message = "redirect to another origin not followed (credentials stay with the configured host)"
		if loc, err := resp.Location(); err == nil {
			e.Message = "redirect to " + loc.Scheme + "://" + loc.Host + " not followed (credentials stay with the configured host)"
		}
		return e
	}
	c.parseError(e, resp.Header, body)
	if e.Message == "" {
		e.Message = fallbackMessage(resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	return e
}

// unwrapURLError drops net/http's *url.Error wrapper, whose text repeats the
// full URL (query included), and keeps its cause.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
