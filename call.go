package profiles

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// CallOption changes one call; every API method takes them last. Vendors
// add their own (kiwi.Part).
type CallOption interface {
	// ApplyCall records the option in s.
	ApplyCall(s *CallSettings)
}

// CallSettings is what a call's options ask for. Only code writing a
// CallOption of its own needs it.
type CallSettings struct {
	Responses   []*Response  // filled when the call ends (WithResponse)
	Header      http.Header  // added to every attempt (WithHeader)
	RetryPolicy *RetryPolicy // replaces the client's (WithCallRetryPolicy)
	Err         error        // the first invalid option; the call then sends nothing
}

// Fail records err unless an earlier option already failed.
func (s *CallSettings) Fail(err error) {
	if s.Err == nil {
		s.Err = err
	}
}

// callOptionFunc adapts a function to CallOption.
type callOptionFunc func(*CallSettings)

func (f callOptionFunc) ApplyCall(s *CallSettings) { f(s) }

// WithResponse fills r with the call's final answer when the call ends,
// on success and on failure.
func WithResponse(r *Response) CallOption {
	return callOptionFunc(func(s *CallSettings) {
		if r == nil {
			s.Fail(errors.New("profiles.WithResponse: nil *Response"))
			return
		}
		s.Responses = append(s.Responses, r)
	})
}

// WithHeader adds a header to every attempt of this call. The vendor's
// credential headers, Authorization, Proxy-Authorization, Cookie, Host,
// Content-Type, Content-Length, Transfer-Encoding and invalid names or
// values are refused with ErrInvalidArgument, before anything is sent.
func WithHeader(key, value string) CallOption {
	return callOptionFunc(func(s *CallSettings) {
		if !validHeaderName(key) || !validHeaderValue(value) {
			s.Fail(fmt.Errorf("profiles.WithHeader: %q is not a valid header name and value", key))
			return
		}
		if s.Header == nil {
			s.Header = http.Header{}
		}
		s.Header.Add(key, value)
	})
}

// WithCallRetryPolicy sets this call's retry policy; a value-moving call
// stays safe whatever the policy says.
func WithCallRetryPolicy(p RetryPolicy) CallOption {
	return callOptionFunc(func(s *CallSettings) {
		if err := p.validate(); err != nil {
			s.Fail(fmt.Errorf("profiles.WithCallRetryPolicy: %w", err))
			return
		}
		p = p.withDefaults()
		s.RetryPolicy = &p
	})
}

// validHeaderName reports an RFC 9110 token.
func validHeaderName(key string) bool {
	return key != "" && !strings.ContainsFunc(key, func(r rune) bool {
		return r <= ' ' || r >= 0x7f || strings.ContainsRune(`:"(),/;<=>?@[\]{}`, r)
	})
}

// Response is a call's final answer, filled by WithResponse.
type Response struct {
	StatusCode int // 0 when no answer arrived
	Header     http.Header
	RequestID  string        // the vendor's request id, when it sends one
	Attempts   int           // retries included
	Duration   time.Duration // the whole call, waits included
	// CallLimit is the vendor's rate-limit bucket as the answer reports
	// it; nil when it does not (only Haravan reports one).
	CallLimit *CallLimit
}

// CallLimit is a reading of a vendor's call bucket: Used calls of Max
// (Haravan's X-Haravan-Api-Call-Limit: "32/80").
type CallLimit struct {
	Used, Max int
}

// Remaining is how many calls fit in the bucket right now.
func (l CallLimit) Remaining() int { return max(l.Max-l.Used, 0) }

// String gives the reading as the header writes it: "32/80".
func (l CallLimit) String() string { return strconv.Itoa(l.Used) + "/" + strconv.Itoa(l.Max) }
