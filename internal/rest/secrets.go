package rest

import (
	"bytes"
	"strings"
)

// mask is what a secret is replaced with wherever an answer echoes it.
const mask = "[redacted]"

// minMaskedLen keeps very short values (which would match ordinary words)
// from being masked; no vendor issues a credential that short.
const minMaskedLen = 4

// maskBytes replaces every occurrence of each secret in b.
func maskBytes(b []byte, secrets []string) []byte {
	for _, s := range secrets {
		if len(s) >= minMaskedLen && bytes.Contains(b, []byte(s)) {
			b = bytes.ReplaceAll(b, []byte(s), []byte(mask))
		}
	}
	return b
}

// maskString replaces every occurrence of each secret in s.
func maskString(s string, secrets []string) string {
	for _, secret := range secrets {
		if len(secret) >= minMaskedLen && strings.Contains(s, secret) {
			s = strings.ReplaceAll(s, secret, mask)
		}
	}
	return s
}

// ValidHeaderValue reports whether v can travel in an HTTP header value as
// net/http sends it: no control characters other than a tab.
func ValidHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if b := v[i]; (b < 0x20 && b != '\t') || b == 0x7f {
			return false
		}
	}
	return true
}
