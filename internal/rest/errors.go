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

// The sentinels every vendor package re-exports (P/shared.go documents
// them); being one set, errors.Is agrees across packages.
var (
	ErrInvalidArgument  = errors.New("profiles-go: invalid argument")
	ErrUnauthorized     = errors.New("profiles-go: unauthorized")
	ErrForbidden        = errors.New("profiles-go: forbidden")
	ErrNotFound         = errors.New("profiles-go: not found")
	ErrRateLimited      = errors.New("profiles-go: rate limited")
	ErrOutcomeUnknown   = errors.New("profiles-go: outcome unknown, the change may have been applied: reconcile before trying again")
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

// APIError is a vendor's non-success answer (fields: see P/shared.go).
// apiError and the vendor's ErrorParser fill it; failedAnswer sets
// RetryAfter and OutcomeUnknown.
type APIError struct {
	Vendor         string
	Method         string
	Path           string
	StatusCode     int
	Message        string
	Code           string
	Field          string
	RequestID      string
	Attempts       int
	RetryAfter     time.Duration
	Body           []byte
	Err            error // the vendor sentinel, if any
	OutcomeUnknown bool
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s %s: %d", e.Vendor, e.Method, e.Path, e.StatusCode)
	if text := http.StatusText(e.StatusCode); text != "" {
		b.WriteString(" " + text)
	}
	if text := http.StatusText(e.StatusCode); e.Message != "" && e.Message != text && e.Message != strconv.Itoa(e.StatusCode)+" "+text {
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
	if e.OutcomeUnknown {
		b.WriteString(outcomeUnknownNote)
	}
	return b.String()
}

// outcomeUnknownNote ends the text of every error matching
// ErrOutcomeUnknown, so that a log line says what errors.Is would.
const outcomeUnknownNote = " (outcome unknown: the change may have been applied; reconcile before trying again)"

// Unwrap gives errors.Is access to the vendor sentinel.
func (e *APIError) Unwrap() error { return e.Err }

// Is matches the status's sentinel whatever the vendor sentinel in Err,
// and ErrOutcomeUnknown.
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

// RequestError is a call that got no complete answer (fields: see
// P/shared.go); Err keeps the cause for errors.Is.
type RequestError struct {
	Vendor         string
	Method         string
	Host           string
	Path           string
	Attempts       int
	Err            error
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

func (e *RequestError) Unwrap() error { return e.Err }

// Is matches ErrOutcomeUnknown when the call may have been applied.
func (e *RequestError) Is(target error) bool { return target == ErrOutcomeUnknown && e.OutcomeUnknown }

// DecodeError is a 2xx answer the call cannot use (see decode and
// Call.Check); it is not retried.
type DecodeError struct {
	StatusCode     int
	Err            error
	OutcomeUnknown bool
}

func (e *DecodeError) Error() string {
	msg := fmt.Sprintf("decoding %d response: %v", e.StatusCode, e.Err)
	if e.OutcomeUnknown {
		msg += outcomeUnknownNote
	}
	return msg
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
