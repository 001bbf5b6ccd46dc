package profiles

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The sentinels every vendor shares: errors.Is matches them whichever
// package's call failed. Vendor sentinels (haravan.ErrUnprocessable,
// kiwi.ErrInvalidToken, ...) also match the one of these that fits.
var (
	// ErrInvalidArgument: refused before anything was sent (credentials,
	// options, input).
	ErrInvalidArgument = errors.New("profiles-go: invalid argument")
	// ErrUnauthorized: a 401, credentials missing, wrong or expired.
	ErrUnauthorized = errors.New("profiles-go: unauthorized")
	// ErrForbidden: a 403.
	ErrForbidden = errors.New("profiles-go: forbidden")
	// ErrNotFound: a 404.
	ErrNotFound = errors.New("profiles-go: not found")
	// ErrRateLimited: a 429 that retries did not get past.
	ErrRateLimited = errors.New("profiles-go: rate limited")
	// ErrOutcomeUnknown: a value-moving call may have reached the vendor
	// and been applied, but its result is not known. It is never sent
	// again by the SDK; reconcile before trying again. A call that failed
	// before anything was sent does not match it.
	ErrOutcomeUnknown = errors.New("profiles-go: outcome unknown, the change may have been applied: reconcile before trying again")
	// ErrResponseTooLarge: an answer exceeded WithMaxResponseBytes.
	ErrResponseTooLarge = errors.New("response body exceeds the size limit")
)

// outcomeUnknownNote ends the text of every error that matches
// ErrOutcomeUnknown.
const outcomeUnknownNote = " (outcome unknown: the change may have been applied; reconcile before trying again)"

// statusSentinels are the sentinels error answers of these statuses match.
var statusSentinels = map[int]error{
	http.StatusUnauthorized:    ErrUnauthorized,
	http.StatusForbidden:       ErrForbidden,
	http.StatusNotFound:        ErrNotFound,
	http.StatusTooManyRequests: ErrRateLimited,
}

// APIError is a vendor's non-success answer, one type for every vendor.
// errors.Is matches ErrUnauthorized (401), ErrForbidden (403), ErrNotFound
// (404) and ErrRateLimited (429), the vendor sentinel in Err, and
// ErrOutcomeUnknown when OutcomeUnknown is set. Message, Code, Field,
// RequestID and Body never hold a secret the call sent: an echoed one is
// masked.
type APIError struct {
	Vendor     string // the package that made the call: "haravan"
	Method     string // "GET"
	Path       string // the path as sent, without the query
	StatusCode int    // of the final answer
	// Message is the vendor's message, else an HTML page's <title> (a
	// proxy's error page) or the status text.
	Message   string
	Code      string // the vendor's error code or type, when it sends one
	Field     string // the field the vendor names, when it names one
	RequestID string // the vendor's request id, when it sends one
	Attempts  int    // attempts made, retries included
	// RetryAfter is the wait the vendor asked for with a 429 or 503.
	RetryAfter time.Duration
	Body       []byte // the first 8 KiB of the answer's body
	Err        error  // the vendor sentinel the answer matches, if any
	// OutcomeUnknown reports that a value-moving call may have been
	// applied (a 5xx, or a redirect, to it).
	OutcomeUnknown bool
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s %s: %d", e.Vendor, e.Method, e.Path, e.StatusCode)
	text := http.StatusText(e.StatusCode)
	if text != "" {
		b.WriteString(" " + text)
	}
	if e.Message != "" && e.Message != text && e.Message != strconv.Itoa(e.StatusCode)+" "+text {
		b.WriteString(": " + e.Message) // not a proxy page titled "502 Bad Gateway" again
	}
	var details []string
	for _, d := range []struct{ name, value string }{{"code ", e.Code}, {"field ", e.Field}, {"request id ", e.RequestID}} {
		if d.value != "" {
			details = append(details, d.name+d.value)
		}
	}
	if e.Attempts > 1 {
		details = append(details, strconv.Itoa(e.Attempts)+" attempts")
	}
	if e.RetryAfter > 0 {
		details = append(details, "retry after "+e.RetryAfter.String())
	}
	if len(details) > 0 {
		b.WriteString(" (" + strings.Join(details, ", ") + ")")
	}
	if e.OutcomeUnknown {
		b.WriteString(outcomeUnknownNote)
	}
	return b.String()
}

// Unwrap gives errors.Is access to the vendor sentinel.
func (e *APIError) Unwrap() error { return e.Err }

// Is matches the status's sentinel whatever the vendor sentinel in Err,
// and ErrOutcomeUnknown.
func (e *APIError) Is(target error) bool {
	if target == ErrOutcomeUnknown {
		return e.OutcomeUnknown
	}
	return target != nil && target == statusSentinels[e.StatusCode]
}

// Temporary reports whether trying again later may succeed: a 429 or a
// 5xx answer.
func (e *APIError) Temporary() bool {
	return e.StatusCode == http.StatusTooManyRequests || e.StatusCode >= 500
}

// RequestError is a call that got no complete answer: the connection
// failed, dropped or timed out, or the body broke off. errors.Is sees its
// cause (context.DeadlineExceeded, say), and ErrOutcomeUnknown when
// OutcomeUnknown is set.
type RequestError struct {
	Vendor   string
	Method   string
	Host     string
	Path     string // the path as sent, without the query
	Attempts int
	Err      error // the cause
	// OutcomeUnknown reports that a value-moving call may have reached the
	// vendor.
	OutcomeUnknown bool
}

func (e *RequestError) Error() string {
	attempts := ""
	if e.Attempts > 1 {
		attempts = " (" + strconv.Itoa(e.Attempts) + " attempts)"
	}
	msg := fmt.Sprintf("%s: %s %s%s%s: %v", e.Vendor, e.Method, e.Host, e.Path, attempts, e.Err)
	if e.OutcomeUnknown {
		msg += outcomeUnknownNote
	}
	return msg
}

// Unwrap returns the cause.
func (e *RequestError) Unwrap() error { return e.Err }

// Is matches ErrOutcomeUnknown when the call may have been applied.
func (e *RequestError) Is(target error) bool { return target == ErrOutcomeUnknown && e.OutcomeUnknown }

// DecodeError is a success answer the call cannot use: not the expected
// JSON, empty, null, missing a member the call needs, a number that does
// not fit, or over the size cap (it then matches ErrResponseTooLarge). It
// is not retried.
type DecodeError struct {
	StatusCode int
	Err        error // the cause
	// OutcomeUnknown reports that a value-moving call was answered with
	// success, so was applied, but its answer cannot be read.
	OutcomeUnknown bool
}

func (e *DecodeError) Error() string {
	msg := fmt.Sprintf("decoding %d response: %v", e.StatusCode, e.Err)
	if e.OutcomeUnknown {
		msg += outcomeUnknownNote
	}
	return msg
}

// Unwrap returns the cause.
func (e *DecodeError) Unwrap() error { return e.Err }

// Is matches ErrOutcomeUnknown when the call may have been applied.
func (e *DecodeError) Is(target error) bool { return target == ErrOutcomeUnknown && e.OutcomeUnknown }
