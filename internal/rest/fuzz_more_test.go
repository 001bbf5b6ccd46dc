package rest

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/profiles-sdk/profiles-go"
)

// FuzzFallbackMessage: the reader of error bodies without a vendor message
// (a proxy's HTML page, plain text) never panics and gives one readable
// line.
func FuzzFallbackMessage(f *testing.F) {
	f.Add(502, "text/html", []byte("<html><head><title>502 Bad Gateway</title></head></html>"))
	f.Add(503, "text/plain; charset=utf-8", []byte("upstream connect error"))
	f.Add(599, "", []byte(""))
	f.Add(500, "text/html", []byte("<TITLE>a &amp; b</title"))
	f.Add(404, "application/json", []byte(`{"x":1}`))
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		msg := fallbackMessage(status, contentType, body)
		if msg == "" {
			t.Fatal("empty message")
		}
		if utf8.Valid(body) && strings.ContainsAny(htmlTitle(body), "\n\r\t") {
			t.Fatalf("title keeps line breaks: %q", htmlTitle(body))
		}
		_ = (&profiles.APIError{StatusCode: status, Message: msg}).Error()
	})
}
