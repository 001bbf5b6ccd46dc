package rest

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"unicode/utf8"

	"github.com/profiles-sdk/profiles-go"
)

// Bearer authenticates with "Authorization: Bearer <token>".
func Bearer(token string) Authenticator {
	value := "Bearer " + token
	return func(r *http.Request) { r.Header.Set("Authorization", value) }
}

// Basic authenticates with HTTP Basic credentials.
func Basic(user, password string) Authenticator {
	return func(r *http.Request) { r.SetBasicAuth(user, password) }
}

// Headers sets fixed header values, for vendors that take keys in headers
// of their own.
func Headers(kv ...string) Authenticator {
	if len(kv)%2 != 0 {
		panic("rest.Headers: odd number of arguments")
	}
	return func(r *http.Request) {
		for i := 0; i < len(kv); i += 2 {
			r.Header.Set(kv[i], kv[i+1])
		}
	}
}

// Chain applies several authenticators in order.
func Chain(as ...Authenticator) Authenticator {
	return func(r *http.Request) {
		for _, a := range as {
			if a != nil {
				a(r)
			}
		}
	}
}

// BasicSecret is the base64 form in which Basic credentials travel, for
// Config.Secrets: a server that echoes the Authorization header quotes it.
func BasicSecret(user, password string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
}

// Field is one credential: the name errors and printing show, and its value.
type Field struct {
	Name  string
	Value string
	// Public marks the one kind of credential that is not a secret (OLX's
	// CRM name, sent as the User-Agent): it prints quoted and may contain
	// inner spaces. Every other field is a secret.
	Public bool
}

// RedactedStruct is the one form in which every package prints a
// credentials value, whatever the verb, handler or encoder: Go syntax with
// each secret replaced by Redacted and each public value quoted.
//
//	haravan.Credentials{AccessToken:[redacted]}
//	olx.Credentials{APIKey:[redacted], AccessToken:"", CRMName:"acme_crm"}
func RedactedStruct(typeName string, fields ...Field) string {
	parts := make([]string, len(fields))
	for i, f := range fields {
		value := Redacted(f.Value)
		if f.Public {
			value = strconv.Quote(f.Value)
		}
		parts[i] = f.Name + ":" + value
	}
	return typeName + "{" + strings.Join(parts, ", ") + "}"
}

// Redacted is how a secret prints: "[redacted]", or `""` when empty, so
// that a missing credential is still visible.
func Redacted(secret string) string {
	if secret == "" {
		return `""`
	}
	return mask
}

// RequireFields checks credentials that travel as header values before
// anything is sent, rather than have every attempt fail as a network error.
// The error wraps ErrInvalidArgument and names the field, never its value.
// A secret may hold no space or tab: tokens never do, HTTP strips them at
// either end and a Bearer token cannot carry one.
func RequireFields(vendor string, fields ...Field) error {
	for _, f := range fields {
		if err := requirePrintable(vendor, f); err != nil {
			return err
		}
		if !f.Public && strings.ContainsAny(f.Value, " \t") {
			return invalidField(vendor, f, "must not contain spaces or tabs")
		}
	}
	return nil
}

// RequireBasic checks HTTP Basic credentials: RFC 7617 allows no control
// characters, and a colon would end the user early. Spaces may be part of
// a password.
func RequireBasic(vendor string, user, password Field) error {
	for _, f := range []Field{user, password} {
		if err := requirePrintable(vendor, f); err != nil {
			return err
		}
	}
	if strings.Contains(user.Value, ":") {
		return invalidField(vendor, user, "must not contain a colon")
	}
	return nil
}

// requirePrintable refuses a blank value and one with a control byte
// other than a tab.
func requirePrintable(vendor string, f Field) error {
	if strings.TrimSpace(f.Value) == "" {
		return invalidField(vendor, f, "is required")
	}
	if !validHeaderValue(f.Value) {
		return invalidField(vendor, f, "must not contain line breaks or other control characters")
	}
	return nil
}

func invalidField(vendor string, f Field, problem string) error {
	return fmt.Errorf("%s: %w: %s %s", vendor, profiles.ErrInvalidArgument, f.Name, problem)
}

const (
	// mask is what a secret is replaced with wherever an answer echoes it.
	mask = "[redacted]"
	// minMaskedLen keeps very short values (which would match ordinary
	// words) from being masked; no vendor issues a credential that short.
	minMaskedLen = 4
)

// maskString replaces every occurrence of each secret in s, also spelled
// the ways a server commonly echoes a value: JSON-escaped ("\/",
// "\u002f", "\u002F") or percent-encoded ("%2F", "%2f", "+" for a
// space), in any mix.
func maskString(s string, secrets []string) string {
	for _, secret := range secrets {
		if len(secret) >= minMaskedLen {
			s = echoPattern(secret).ReplaceAllLiteralString(s, mask)
		}
	}
	return s
}

// needsEscape reports a byte that a JSON or percent encoder may write
// otherwise than as itself: anything but a letter or a digit.
func needsEscape(r rune) bool {
	return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
}

// echoPattern matches secret, each ASCII byte that needsEscape in any of
// its spellings. It is built on an error answer only.
func echoPattern(secret string) *regexp.Regexp {
	var b strings.Builder
	for _, r := range secret {
		if r >= utf8.RuneSelf || !needsEscape(r) {
			b.WriteString(regexp.QuoteMeta(string(r)))
			continue
		}
		anyCase := fmt.Sprintf("[%[1]X%[1]x][%[2]X%[2]x]", r>>4, r&0xf) // hex digits in either case
		spellings := []string{regexp.QuoteMeta(string(r)), `\\` + regexp.QuoteMeta(string(r)), `\\u00` + anyCase, `%` + anyCase}
		if r == ' ' {
			spellings = append(spellings, `\+`)
		}
		b.WriteString("(?:" + strings.Join(spellings, "|") + ")")
	}
	return regexp.MustCompile(b.String())
}

// sentSecrets are the values of the headers an attempt's authenticator set:
// every header the SDK did not set itself, also without its scheme
// ("Bearer x" gives x too) and, for cookies, each cookie's value. Every
// value an authenticator sends is a secret.
func (s *callState) sentSecrets(req *http.Request) []string {
	var out []string
	for key, values := range req.Header {
		if _, own := s.settings.Header[key]; own || key == "User-Agent" || key == "Accept" || key == "Content-Type" {
			continue
		}
		for _, v := range values {
			out = append(out, v)
			if _, token, ok := strings.Cut(v, " "); ok {
				out = append(out, strings.TrimSpace(token))
			}
		}
	}
	for _, c := range req.Cookies() {
		out = append(out, c.Value)
	}
	return out
}

// validHeaderValue reports whether v can travel in an HTTP header value as
// net/http sends it: no control byte but a tab, no DEL (the rule of
// httpguts.ValidHeaderFieldValue).
func validHeaderValue(v string) bool {
	return !strings.ContainsFunc(v, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f })
}
