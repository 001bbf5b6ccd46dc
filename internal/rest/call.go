package rest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/profiles-sdk/profiles-go"
)

// Safety classifies a call for the retry rules.
type Safety int

const (
	// Idempotent calls (GET, state-replacing PUT) are sent again after any
	// connection failure and after 429, 502, 503 and 504.
	Idempotent Safety = iota
	// MovesValue calls are sent again only when nothing was sent (no
	// connection was made, see wireTrace) or after a 429 (the server
	// refused), and never follow a redirect. After any failure that may
	// have reached the vendor (a 5xx, a 301/302/303, a dropped connection,
	// a timeout, an unreadable answer) the error matches ErrOutcomeUnknown
	// and nothing is sent again, by the SDK or by a transport (see
	// newRequest).
	MovesValue
)

func (s Safety) String() string {
	if s == MovesValue {
		return "moves-value"
	}
	return "idempotent"
}

// Call describes one API call.
type Call struct {
	// Operation names the call for observers and logs ("GetProfile"); the
	// vendor is prefixed ("haravan.GetProfile").
	Operation string
	Method    string
	// Route is the path after the base URL, with one {name} placeholder
	// per entry of Args ("/loy/profiles/{id}.json"). Each argument is
	// path-escaped, so an id can never add path segments or a query.
	// Observers see Route, never the ids.
	Route  string
	Args   []any
	Query  any    // nil, url.Values, or a struct with go-querystring `url` tags
	Body   any    // if not nil, sent as JSON
	Safety Safety // which failures may be retried
	// Out, if not nil, receives the decoded JSON of a 2xx answer; an empty
	// body (or null) is then a DecodeError.
	Out any
	// Secrets are values this call sends besides the client's credentials
	// (an OAuth code), masked wherever an answer echoes them.
	Secrets []string
	// Check, if set, judges a 2xx answer (of the status it is given) once
	// Out is decoded, inside the attempt, so that the caller, the logger, the observer and
	// WithResponse all see what it finds (Kiwi's operation_status, a member
	// the call needs). It returns nil, an *APIError (the engine fills in the
	// call's vendor, method, path, status, request id and attempts), or the
	// cause of a DecodeError (such as a *MissingMemberError). Not retried.
	Check func(status int) error
}

// callState follows one Do call through its attempts.
type callState struct {
	call     *Call
	client   *Client
	id       uint64 // Event.CallID
	path     string // the base URL's path, then Route with its Args filled in
	query    string // the encoded query, without "?"
	body     []byte // the encoded request body, sent by every attempt
	settings profiles.CallSettings
	policy   profiles.RetryPolicy
	started  time.Time
	attempt  int
}

// callIDs numbers the calls of the process, for Event.CallID.
var callIDs atomic.Uint64

// op names the call for errors, logs and events ("haravan.GetProfile").
func (s *callState) op() string { return s.client.cfg.Vendor + "." + s.call.Operation }

// attempt is what one attempt ended with.
type attempt struct {
	status        int
	header        http.Header
	requestID     string
	duration      time.Duration
	err           error         // what the caller gets if no other attempt follows
	retryReason   string        // why another attempt may help (Event.RetryReason); "" if none may
	retryAfter    time.Duration // the vendor's Retry-After, when it sent one
	hasRetryAfter bool
}

// Do sends a call and decodes its answer into call.Out. The life of a call,
// top to bottom:
//
//  1. Prepare (encode): apply the call options, fill the route, encode
//     the body. Bad input ends the call here with ErrInvalidArgument;
//     nothing is sent.
//  2. Attempt (attemptOnce): wait for the vendor's pacer, build a fresh
//     request under a per-attempt timeout (WithTimeout), authenticate it,
//     send it, and read the answer inside the attempt: a 2xx body is
//     decoded into Out, so an idempotent call retries a body cut short; any
//     other status becomes an APIError.
//  3. Decide (retryDelay): another attempt only if the failure allows it
//     for the call's Safety, the policy has retries left, and the wait (the
//     backoff, or the vendor's Retry-After) fits before ctx's deadline. A
//     value-moving call is never sent again once its request may have
//     reached the vendor: its error then matches ErrOutcomeUnknown.
//  4. Wait, unless ctx ends first.
//  5. Report: the logger and the observer hear about every attempt and the
//     end of the call; WithResponse's Response is filled in.
//
// A non-2xx answer is returned as *APIError, a call that got no complete
// answer as *RequestError, an answer that is not the expected JSON as
// *DecodeError.
func (c *Client) Do(ctx context.Context, call *Call, opts ...profiles.CallOption) (*profiles.Response, error) {
	if c == nil || c.cfg == nil {
		return nil, fmt.Errorf("%w: %w", profiles.ErrInvalidArgument, errNoClient)
	}
	if ctx == nil {
		return nil, fmt.Errorf("%s: %w: nil context", c.cfg.Vendor, profiles.ErrInvalidArgument)
	}
	s := &callState{client: c, id: callIDs.Add(1), call: call, policy: c.cfg.settings.RetryPolicy, started: time.Now()}
	if err := s.encode(opts); err != nil {
		return nil, fmt.Errorf("%s: %w: %w", s.op(), profiles.ErrInvalidArgument, err)
	}
	for {
		s.attempt++
		a := c.attemptOnce(ctx, s)
		wait, again := c.retryDelay(ctx, s, &a)
		c.reportAttempt(ctx, s, &a, wait, again)
		if !again {
			return c.finish(ctx, s, &a)
		}
		if err := Sleep(ctx, wait); err != nil {
			a.err = c.requestError(s, err, false)
			return c.finish(ctx, s, &a)
		}
	}
}

// encode applies the call options, fills the route and encodes the query
// and the body: step 1 of Do, before anything is sent.
func (s *callState) encode(opts []profiles.CallOption) (err error) {
	if err = applyCallOptions(&s.settings, opts, s.client.cfg.CredentialHeaders); err != nil {
		return err
	}
	if s.settings.RetryPolicy != nil {
		s.policy = *s.settings.RetryPolicy
	}
	if s.path, err = fillRoute(s.call.Route, s.call.Args); err != nil {
		return err
	}
	s.path = s.client.basePath + s.path // the path as sent
	if s.query, err = encodeQuery(s.call.Query); err != nil {
		return fmt.Errorf("encoding the query: %w", err)
	}
	if s.call.Body != nil {
		if s.body, err = EncodeJSON(s.call.Body); err != nil {
			return fmt.Errorf("encoding the request body: %w", err)
		}
	}
	return nil
}

// attemptOnce sends the call once and reads its answer.
func (c *Client) attemptOnce(ctx context.Context, s *callState) (a attempt) {
	start := time.Now()
	defer func() { a.duration = time.Since(start) }()
	if c.cfg.Pace != nil {
		if err := c.cfg.Pace(ctx); err != nil {
			return attempt{err: c.requestError(s, err, false)}
		}
	}
	actx, cancel := context.WithTimeout(ctx, c.cfg.settings.Timeout)
	defer cancel()
	var wire *wireTrace
	if s.call.Safety == MovesValue {
		wire = new(wireTrace)
		actx = wire.attach(actx)
	}
	req, err := c.newRequest(actx, s)
	if err != nil {
		return attempt{err: fmt.Errorf("%s: %w: %w", s.op(), profiles.ErrInvalidArgument, err)}
	}
	if err := actx.Err(); err != nil { // ended before anything was sent
		return c.transportFailure(ctx, actx, s, err, true)
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return c.transportFailure(ctx, actx, s, err, wire.unsent())
	}
	defer drainAndClose(resp.Body)
	if c.cfg.OnResponse != nil {
		c.cfg.OnResponse(resp)
	}
	a = attempt{status: resp.StatusCode, header: resp.Header}
	if c.cfg.RequestIDHeader != "" {
		a.requestID = resp.Header.Get(c.cfg.RequestIDHeader)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		c.failedAnswer(s, resp, &a)
		return a
	}
	if s.call.Out != nil {
		if err := c.decode(resp, s.call.Out); err != nil {
			c.unreadableAnswer(ctx, actx, s, err, &a)
			return a
		}
	}
	if s.call.Check != nil {
		a.err = c.check(s, &a)
	}
	return a
}

// check runs the call's Check on a decoded 2xx answer.
func (c *Client) check(s *callState, a *attempt) error {
	err := s.call.Check(a.status)
	var apiErr *profiles.APIError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &apiErr):
		apiErr.Vendor, apiErr.Method, apiErr.Path = c.cfg.Vendor, s.call.Method, s.path
		apiErr.StatusCode, apiErr.Attempts = a.status, s.attempt
		if apiErr.RequestID == "" {
			apiErr.RequestID = a.requestID
		}
		return err
	}
	return c.decodeError(s, &profiles.DecodeError{StatusCode: a.status, Err: err})
}

// decodeError names the call in a DecodeError, which matches
// ErrOutcomeUnknown for a value-moving call: the vendor answered success.
func (c *Client) decodeError(s *callState, e *profiles.DecodeError) error {
	e.OutcomeUnknown = s.call.Safety == MovesValue
	return fmt.Errorf("%s: %s %s: %w", c.cfg.Vendor, s.call.Method, s.path, e)
}

// transportFailure classifies a request that got no answer; unsent says
// that it certainly never left (see wireTrace), as a failed dial does.
func (c *Client) transportFailure(ctx, actx context.Context, s *callState, err error, unsent bool) attempt {
	cause := unwrapURLError(err)
	dial := isDialError(cause)
	reason := ""
	switch {
	case dial:
		reason = "dial"
	case !permanentTransportError(err):
		reason = "network"
	}
	unknown := s.call.Safety == MovesValue && !unsent && !dial // it may have reached the vendor
	var a attempt
	a.retryReason, a.err = c.cutShort(ctx, actx, s, cause, reason, "no answer", unknown)
	return a
}

// cutShort makes the RequestError of an attempt that ended without a
// complete answer, and says why another attempt may help. The caller's own
// deadline or cancel ends the call; the attempt's timeout (WithTimeout) is
// worth another attempt, whatever cause and reason said; unknown (a
// value-moving call that may have reached the vendor) rules one out.
func (c *Client) cutShort(ctx, actx context.Context, s *callState, cause error, reason, missing string, unknown bool) (string, error) {
	switch {
	case ctx.Err() != nil:
		cause, reason = ctx.Err(), ""
	case actx.Err() != nil:
		cause, reason = &timeoutError{missing, c.cfg.settings.Timeout}, "timeout"
	}
	if unknown {
		reason = ""
	}
	return reason, c.requestError(s, cause, unknown)
}

// failedAnswer turns a non-2xx answer into an APIError and says whether its
// status allows another attempt.
func (c *Client) failedAnswer(s *callState, resp *http.Response, a *attempt) {
	e := c.apiError(s, resp, a.requestID)
	a.retryAfter, a.hasRetryAfter = retryAfterOf(resp)
	e.RetryAfter = a.retryAfter
	if retryableStatus(resp.StatusCode, s.call.Safety) {
		a.retryReason = "status " + strconv.Itoa(resp.StatusCode)
	}
	e.OutcomeUnknown = s.call.Safety == MovesValue && mayHaveApplied(resp.StatusCode)
	a.err = e
}

// mayHaveApplied reports whether a vendor may have applied a request it
// answered with this error status: after a 5xx, and after a redirect other
// than 307 and 308, which ask for the same request elsewhere. A redirect
// is never followed for a value-moving call (see sameOriginRedirects); a 303
// even says that the request was processed.
func mayHaveApplied(status int) bool {
	redirect := status >= 300 && status < 400
	sameRequestElsewhere := status == http.StatusTemporaryRedirect || status == http.StatusPermanentRedirect
	return redirect && !sameRequestElsewhere || status >= 500
}

// unreadableAnswer classifies a 2xx answer whose body could not be read or
// decoded. The vendor did answer with success, so a value-moving call was
// applied, but the caller cannot know its result: the error matches
// ErrOutcomeUnknown.
func (c *Client) unreadableAnswer(ctx, actx context.Context, s *callState, err error, a *attempt) {
	var decodeErr *profiles.DecodeError
	if errors.As(err, &decodeErr) {
		a.err = c.decodeError(s, decodeErr)
		return
	}
	read := fmt.Errorf("reading response body: %w", err)
	a.retryReason, a.err = c.cutShort(ctx, actx, s, read, "body", "response body not received", s.call.Safety == MovesValue)
}

func (c *Client) requestError(s *callState, err error, outcomeUnknown bool) *profiles.RequestError {
	return &profiles.RequestError{Vendor: c.cfg.Vendor, Method: s.call.Method, Host: c.host, Path: s.path,
		Attempts: s.attempt, Err: err, OutcomeUnknown: outcomeUnknown}
}

// retryDelay says whether another attempt follows a, and after what wait.
// It refuses a wait that ctx's deadline or the policy's Retry-After cap
// would not allow, so the call ends at once with the answer in hand instead
// of sleeping into a timeout.
func (c *Client) retryDelay(ctx context.Context, s *callState, a *attempt) (time.Duration, bool) {
	if a.retryReason == "" || s.attempt > s.policy.MaxRetries || ctx.Err() != nil {
		return 0, false
	}
	wait := jitteredBackoff(s.policy, s.attempt-1)
	if a.hasRetryAfter {
		if a.retryAfter > s.policy.MaxRetryAfter {
			return 0, false
		}
		wait = a.retryAfter
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
		return 0, false
	}
	return wait, true
}

// finish fills the caller's Response and tells the observer how the call
// ended.
func (c *Client) finish(ctx context.Context, s *callState, a *attempt) (*profiles.Response, error) {
	resp := &profiles.Response{StatusCode: a.status, Header: a.header, RequestID: a.requestID,
		Attempts: s.attempt, Duration: time.Since(s.started)}
	if c.cfg.CallLimit != nil && a.header != nil {
		if cl, ok := c.cfg.CallLimit(a.header); ok {
			resp.CallLimit = &cl
		}
	}
	for _, r := range s.settings.Responses {
		*r = *resp
	}
	if c.cfg.settings.Observer != nil {
		e := c.event(s, a)
		e.Final, e.Attempt, e.Duration = true, s.attempt, resp.Duration
		c.notify(ctx, e)
	}
	if a.err != nil {
		return nil, a.err
	}
	return resp, nil
}

// Sleep waits d unless ctx ends first, and then returns ctx's error. The
// retry loop and the rate limiters wait with it.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// WaitSlot is the tail of a rate limiter's Wait: it sleeps d, the wait for a
// slot already booked, with sleep (Sleep, or a test's fake clock). A wait
// beyond ctx's deadline fails at once, as Do's retries do, rather than
// sleeping into a timeout; on either failure giveBack returns the slot.
func WaitSlot(ctx context.Context, d time.Duration, what string, sleep func(context.Context, time.Duration) error, giveBack func()) error {
	if d <= 0 {
		return nil
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d {
		giveBack()
		return fmt.Errorf("%s would wait %s, beyond the context deadline: %w", what, d.Round(time.Millisecond), context.DeadlineExceeded)
	}
	if err := sleep(ctx, d); err != nil {
		giveBack()
		return err
	}
	return nil
}

// fillRoute replaces each {name} of route with the next argument,
// path-escaped.
func fillRoute(route string, args []any) (string, error) {
	if len(args) == 0 && !strings.Contains(route, "{") {
		return route, nil // most routes: nothing to fill, nothing to copy
	}
	var b strings.Builder
	b.Grow(len(route) + 16*len(args))
	tail := route
	for _, arg := range args {
		before, after, open := strings.Cut(tail, "{")
		_, after, closed := strings.Cut(after, "}")
		if !open || !closed {
			return "", fmt.Errorf("route %q does not match its %d arguments", route, len(args))
		}
		b.WriteString(before)
		id, isID := arg.(int64) // the usual argument, written without fmt
		if isID {
			var digits [20]byte
			b.Write(strconv.AppendInt(digits[:0], id, 10))
		} else {
			b.WriteString(url.PathEscape(fmt.Sprint(arg)))
		}
		tail = after
	}
	if strings.Contains(tail, "{") {
		return "", fmt.Errorf("route %q does not match its %d arguments", route, len(args))
	}
	b.WriteString(tail)
	return b.String(), nil
}
