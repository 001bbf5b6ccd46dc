package rest

import (
	"errors"
	"fmt"
	"net/http"
	"net/textproto"
	"slices"
	"strings"
)

// CallOption changes one call; vendor packages add their own (kiwi.Part).
type CallOption interface {
	ApplyCall(*CallSettings)
}

// CallSettings collects what a call's options ask for.
type CallSettings struct {
	response []*Response
	header   http.Header
	retry    *RetryPolicy
	err      error
}

// callOptionFunc adapts a function to CallOption.
type callOptionFunc func(*CallSettings)

func (f callOptionFunc) ApplyCall(s *CallSettings) { f(s) }

// apply applies opts and reports the first invalid one.
func (s *CallSettings) apply(opts []CallOption, credentialHeaders []string) error {
	for _, o := range opts {
		if o != nil {
			o.ApplyCall(s)
		}
	}
	if s.err != nil {
		return s.err
	}
	for key := range s.header {
		if refusedHeader(key, credentialHeaders) {
			return fmt.Errorf("WithHeader: %s is set by the client and cannot be changed per call", key)
		}
	}
	return nil
}

// refusedHeader reports a header WithHeader must not set: credentials, and
// what the client itself must control.
func refusedHeader(key string, credentialHeaders []string) bool {
	switch key {
	case "Authorization", "Proxy-Authorization", "Cookie", "Host", "Content-Length", "Transfer-Encoding", "Content-Type":
		return true
	}
	return slices.ContainsFunc(credentialHeaders, func(h string) bool {
		return textproto.CanonicalMIMEHeaderKey(h) == key
	})
}

// WithResponse has finish copy the call's Response into r.
func WithResponse(r *Response) CallOption {
	return callOptionFunc(func(s *CallSettings) {
		if r == nil {
			s.fail(errors.New("WithResponse: nil *Response"))
			return
		}
		s.response = append(s.response, r)
	})
}

// WithHeader adds a header to every attempt; apply refuses the ones
// refusedHeader names.
func WithHeader(key, value string) CallOption {
	return callOptionFunc(func(s *CallSettings) {
		if !validHeaderName(key) || !validHeaderValue(value) {
			s.fail(fmt.Errorf("WithHeader: %q is not a valid header name and value", key))
			return
		}
		if s.header == nil {
			s.header = http.Header{}
		}
		s.header.Add(key, value)
	})
}

// WithCallRetryPolicy replaces the client's policy for this call; Safety
// still decides which failures may be retried.
func WithCallRetryPolicy(p RetryPolicy) CallOption {
	return callOptionFunc(func(s *CallSettings) {
		if err := p.validate(); err != nil {
			s.fail(fmt.Errorf("WithCallRetryPolicy: %w", err))
			return
		}
		p = p.withDefaults()
		s.retry = &p
	})
}

func (s *CallSettings) fail(err error) {
	if s.err == nil {
		s.err = err
	}
}

// validHeaderName reports an RFC 9110 token.
func validHeaderName(key string) bool {
	return key != "" && !strings.ContainsFunc(key, func(r rune) bool {
		return r <= ' ' || r >= 0x7f || strings.ContainsRune(`:"(),/;<=>?@[\]{}`, r)
	})
}
