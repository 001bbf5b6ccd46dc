package rest

import (
	"fmt"
	"net/textproto"
	"slices"

	"github.com/profiles-sdk/profiles-go"
)

// applyCallOptions applies opts and reports the first invalid one.
func applyCallOptions(s *profiles.CallSettings, opts []profiles.CallOption, credentialHeaders []string) error {
	for _, o := range opts {
		if o != nil {
			o.ApplyCall(s)
		}
	}
	if s.Err != nil {
		return s.Err
	}
	for key := range s.Header {
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
