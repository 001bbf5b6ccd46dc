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
	"sync"
	"sync/atomic"
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
	base, err := parseBaseURL(raw, cfg.allowHTTP)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Vendor, err)
	}
	hc, tr := newHTTPClient(cfg.httpClient, cfg.timeout)
	parse := cfg.ParseError
	if parse == nil {
		parse = func(*APIError, http.Header, []byte) {}
	}
	return &Client{
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
	}, nil
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
	req, err := c.newRequest(ctx, call)
	if err != nil {
		return nil, err
	}
	st := c.newAttemptState(call)
	resp, err := st.retry.Do(req)
	if err != nil {
		if resp != nil {
			drainAndClose(resp.Body)
		}
		return nil, &RequestError{Vendor: c.vendor, Method: call.Method, Path: call.Path, Attempts: st.attempts, Err: unwrapURLError(err)}
	}
	// A server that sends headers and then stalls would hold a call without
	// a context deadline forever; closing the body unblocks the read. The
	// guard is stopped only after the body has been drained.
	guard := time.AfterFunc(c.bodyTimeout, st.bodyTimedOut(resp))
	defer guard.Stop()
	defer drainAndClose(resp.Body)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, c.apiError(call, resp, st)
	}
	if err := c.decode(resp, call.Out, st); err != nil {
		return nil, fmt.Errorf("%s: %s %s: %w", c.vendor, call.Method, call.Path, err)
	}
	return &Response{StatusCode: resp.StatusCode, Header: resp.Header, Attempts: st.attempts}, nil
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

func (c *Client) decode(resp *http.Response, out any, st *attemptState) error {
	if out == nil {
		return nil
	}
	st.body = cappedReader{r: resp.Body, left: c.maxBody, limit: c.maxBody}
	if err := json.NewDecoder(&st.body).Decode(out); err != nil {
		if errors.Is(err, io.EOF) {
			return nil // an empty 2xx body is a valid answer
		}
		var tooLarge *ResponseTooLargeError
		if errors.As(err, &tooLarge) {
			return tooLarge
		}
		if st.stalled.Load() {
			return fmt.Errorf("response body not received within %s (see WithTimeout): %w", c.bodyTimeout, context.DeadlineExceeded)
		}
		return fmt.Errorf("decoding response: %w", err)
	}
	return nil
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

// cappedReader fails with ResponseTooLargeError once more than limit bytes
// have been read.
type cappedReader struct {
	r     io.Reader
	left  int64
	limit int64
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, &ResponseTooLargeError{Limit: c.limit}
	}
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n, &ResponseTooLargeError{Limit: c.limit}
	}
	return n, err
}

// drainBuffers backs drainAndClose without an allocation per call.
var drainBuffers = sync.Pool{New: func() any { b := make([]byte, 4<<10); return &b }}

// drainAndClose reads what is left of a body (up to 64 KiB) so the
// connection can be reused, then closes it.
func drainAndClose(body io.ReadCloser) {
	buf := drainBuffers.Get().(*[]byte)
	for left := 64 << 10; left > 0; {
		n, err := body.Read(*buf)
		left -= n
		if err != nil {
			break
		}
	}
	drainBuffers.Put(buf)
	_ = body.Close()
}

// attemptState follows one Do call through its attempts. It holds the
// call's retry loop and body reader too, so a call costs one allocation for
// all of them.
type attemptState struct {
	client   *Client
	call     *Call
	retry    retryablehttp.Client
	body     cappedReader
	attempts int
	started  time.Time
	nextWait time.Duration
	stalled  atomic.Bool
}

func (c *Client) newAttemptState(call *Call) *attemptState {
	st := &attemptState{client: c, call: call}
	st.retry = retryablehttp.Client{
		HTTPClient:     c.httpClient,
		RetryMax:       c.retry.MaxRetries,
		RetryWaitMin:   c.retry.MinBackoff,
		RetryWaitMax:   c.retry.MaxBackoff,
		RequestLogHook: st.beforeAttempt,
		CheckRetry:     st.checkRetry,
		Backoff:        st.backoff,
		ErrorHandler:   retryablehttp.PassthroughErrorHandler,
	}
	return st
}

// bodyTimedOut returns the guard that closes a stalled body.
func (s *attemptState) bodyTimedOut(resp *http.Response) func() {
	return func() {
		s.stalled.Store(true)
		_ = resp.Body.Close()
	}
}

func (s *attemptState) beforeAttempt(_ retryablehttp.Logger, _ *http.Request, _ int) {
	s.attempts++
	s.started = time.Now()
}

// checkRetry decides after each attempt whether to try again, and how long
// to wait first. It refuses a wait that the context's deadline or the
// policy's Retry-After cap would not allow, so the call ends at once with
// the answer in hand instead of sleeping into a timeout.
func (s *attemptState) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	c := s.client
	c.logAttempt(ctx, s, resp, err)
	if resp != nil && c.onResponse != nil {
		c.onResponse(resp)
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	if err != nil {
		if !retryableError(err, s.call.Safety) {
			return false, nil
		}
	} else if !retryableStatus(resp.StatusCode, s.call.Safety) {
		return false, nil
	}
	wait := c.retry.jitteredBackoff(s.attempts - 1)
	if ra, ok := retryAfterOf(resp); ok {
		if ra > c.retry.retryAfterCap() {
			return false, nil
		}
		wait = ra
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
		return false, nil
	}
	s.nextWait = wait
	return true, nil
}

func (s *attemptState) backoff(_, _ time.Duration, _ int, _ *http.Response) time.Duration {
	return s.nextWait
}

func (c *Client) logAttempt(ctx context.Context, s *attemptState, resp *http.Response, err error) {
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("vendor", c.vendor),
		slog.String("method", s.call.Method),
		slog.String("host", hostOf(c.baseURL)),
		slog.String("path", s.call.Path),
		slog.Int("attempt", s.attempts),
		slog.Duration("duration", time.Since(s.started)),
	}
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", unwrapURLError(err).Error()))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "profiles-go request", attrs...)
}

func hostOf(base string) string {
	rest := base[strings.Index(base, "://")+3:]
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		return rest[:i]
	}
	return rest
}
