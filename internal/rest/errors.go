package rest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The sentinels every vendor package re-exports under the same names, so
// that errors.Is(err, haravan.ErrNotFound) and
// errors.Is(err, cloudsigma.ErrNotFound) agree.
var (
	// ErrInvalidArgument marks a call or a client refused before anything
	// was sent: bad credentials, options or input.
	ErrInvalidArgument = errors.New("profiles-go: invalid argument")
	// ErrUnauthorized is a 401 answer (or Kiwi's invalid token).
	ErrUnauthorized = errors.New("profiles-go: unauthorized")
	ErrForbidden    = errors.New("profiles-go: forbidden") // a 403 answer
	ErrNotFound     = errors.New("profiles-go: not found") // a 404 answer
	// ErrRateLimited is a 429 answer that retries did not get past.
	ErrRateLimited = errors.New("profiles-go: rate limited")
	// ErrOutcomeUnknown is a value-moving call that failed after its
	// request may have reached the vendor: it may have been applied, and it
	// was not sent again. Reconcile before trying again.
	ErrOutcomeUnknown = errors.New("profiles-go: outcome unknown, the change may have been applied: reconcile before trying again")
	// ErrResponseTooLarge is an answer over WithMaxResponseBytes.
	ErrResponseTooLarge = errors.New("response body exceeds the size limit")
)

// statusSentinel returns the general sentinel an error answer of this
// status matches, or nil.
func statusSentinel(status int) error {
	switch status {
	case 401:
		return ErrUnauthorized
	case 403:
		return ErrForbidden
	case 404:
		return ErrNotFound
	case 429:
		return ErrRateLimited
	}
	return nil
}

// maxErrorBody is how much of an error answer's body APIError keeps.
const maxErrorBody = 8 << 10

// APIError is a vendor's non-success answer. Every vendor package exposes
// it as P.APIError, so one errors.As serves them all:
//
//	var apiErr *haravan.APIError
//	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound { ... }
type APIError struct {
	Vendor     string        // package that made the call, e.g. "haravan"
	Method     string        // HTTP method of the call
	Path       string        // request path, without query
	StatusCode int           // HTTP status of the final attempt
	Message    string        // the vendor's own message, or the HTTP status text
	Code       string        // vendor error code or type, when it sends one
	Field      string        // field or point the error concerns, when the vendor says
	RequestID  string        // vendor request or transaction id, when it sends one
	Attempts   int           // attempts made, retries included
	RetryAfter time.Duration // wait the vendor asked for (429/503), if any
	Body       []byte        // raw body of the final answer, at most 8 KiB
	Err        error         // the vendor sentinel it matches (olx.ErrTokenExpired), if any
	// OutcomeUnknown is set when a value-moving call got a 5xx answer: the
	// vendor may have applied it (errors.Is(err, ErrOutcomeUnknown)).
	OutcomeUnknown bool
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s %s: %d", e.Vendor, e.Method, e.Path, e.StatusCode)
	if text := http.StatusText(e.StatusCode); text != "" {
		b.WriteString(" " + text)
	}
	if e.Message != "" && e.Message != http.StatusText(e.StatusCode) {
		b.WriteString(": " + e.Message)
	}
	var details []string
	if e.Code != "" {
		details = append(details, "code "+e.Code)
	}
	if e.Field != "" {
		details = append(details, "field "+e.Field)
	}
	if e.RequestID != "" {
		details = append(details, "request id "+e.RequestID)
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
	return b.String()
}

// Unwrap gives errors.Is access to the vendor sentinel.
func (e *APIError) Unwrap() error { return e.Err }

// Is matches the general sentinel of the status (ErrNotFound for a 404,
// ...), whatever the vendor sentinel in Err, and ErrOutcomeUnknown when a
// value-moving call may have been applied.
func (e *APIError) Is(target error) bool {
	if target == ErrOutcomeUnknown {
		return e.OutcomeUnknown
	}
	return target != nil && target == statusSentinel(e.StatusCode)
}

// Temporary reports whether trying again later may succeed.
func (e *APIError) Temporary() bool {
	return e.StatusCode == http.StatusTooManyRequests || e.StatusCode >= 500
}

// RequestError is a call that got no answer from the vendor: the
// connection failed, dropped or timed out. Err keeps the cause, so
// errors.Is(err, context.DeadlineExceeded) works.
type RequestError struct {
	Vendor   string // package that made the call, e.g. "haravan"
	Method   string // HTTP method of the call
	Host     string // host the call was sent to
	Path     string // request path, without query
	Attempts int    // attempts made, retries included
	Err      error  // the cause: a network error, a context error, ...
	// OutcomeUnknown is set when a value-moving call failed after its
	// request may have reached the vendor (errors.Is(err, ErrOutcomeUnknown)).
	OutcomeUnknown bool
}

func (e *RequestError) Error() string {
	attempts := ""
	if e.Attempts > 1 {
		attempts = " (" + strconv.Itoa(e.Attempts) + " attempts)"
	}
	msg := fmt.Sprintf("%s: %s %s%s%s: %v", e.Vendor, e.Method, e.Host, e.Path, attempts, e.Err)
	if e.OutcomeUnknown {
		msg += " (outcome unknown: the change may have been applied; reconcile before trying again)"
	}
	return msg
}

func (e *RequestError) Unwrap() error { return e.Err }

// Is matches ErrOutcomeUnknown when the call may have been applied.
func (e *RequestError) Is(target error) bool { return target == ErrOutcomeUnknown && e.OutcomeUnknown }

// DecodeError is a 2xx answer whose body is not the JSON the call expects:
// an HTML page from a captive proxy, a changed schema, an empty body, a
// missing member, or a body over the size cap (errors.Is(err,
// ErrResponseTooLarge) then holds). It is not retried.
type DecodeError struct {
	StatusCode int
	Err        error
	// OutcomeUnknown is set for a value-moving call: the vendor said it
	// succeeded, but its answer could not be read (errors.Is(err,
	// ErrOutcomeUnknown)).
	OutcomeUnknown bool
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("decoding %d response: %v", e.StatusCode, e.Err)
}

func (e *DecodeError) Unwrap() error { return e.Err }

// Is matches ErrOutcomeUnknown when the call may have been applied.
func (e *DecodeError) Is(target error) bool { return target == ErrOutcomeUnknown && e.OutcomeUnknown }

// timeoutError is an attempt that ran out of WithTimeout's bound: no
// answer came, or its body did not.
type timeoutError struct {
	what string
	d    time.Duration
}

func (e *timeoutError) Error() string {
	return fmt.Sprintf("%s within %s (see WithTimeout)", e.what, e.d)
}

func (e *timeoutError) Is(target error) bool { return target == context.DeadlineExceeded }

// tooLargeError is a body larger than the client's cap.
type tooLargeError struct{ limit int64 }

func (e *tooLargeError) Error() string {
	return fmt.Sprintf("response body exceeds the limit of %d bytes (see WithMaxResponseBytes)", e.limit)
}

func (e *tooLargeError) Is(target error) bool { return target == ErrResponseTooLarge }

// fallbackMessage gives an error answer without a vendor message something
// readable: the <title> of an HTML page from a proxy, a short plain-text
// body, or the status text.
func fallbackMessage(status int, contentType string, body []byte) string {
	trimmed := bytes.TrimSpace(body)
	if title := htmlTitle(trimmed); title != "" {
		return title
	}
	isHTML := strings.Contains(contentType, "html") || bytes.HasPrefix(trimmed, []byte("<"))
	if !isHTML && strings.HasPrefix(contentType, "text/plain") && len(trimmed) > 0 && len(trimmed) <= 200 {
		return string(trimmed)
	}
	if text := http.StatusText(status); text != "" {
		return text
	}
	return "HTTP " + strconv.Itoa(status)
}

func htmlTitle(body []byte) string {
	lower := bytes.ToLower(body)
	start := bytes.Index(lower, []byte("<title>"))
	if start < 0 {
		return ""
	}
	start += len("<title>")
	end := bytes.Index(lower[start:], []byte("</title>"))
	if end < 0 {
		return ""
	}
	return strings.Join(strings.Fields(html.UnescapeString(string(body[start:start+end]))), " ")
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
