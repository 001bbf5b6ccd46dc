package rest

import (
	"fmt"
	"strconv"
	"strings"
)

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
	var b strings.Builder
	b.WriteString(typeName)
	b.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(f.Name)
		b.WriteByte(':')
		if f.Public {
			b.WriteString(strconv.Quote(f.Value))
		} else {
			b.WriteString(Redacted(f.Value))
		}
	}
	b.WriteByte('}')
	return b.String()
}

// Redacted is how a secret prints: "[redacted]", or `""` when empty, so
// that a missing credential is still visible.
func Redacted(secret string) string {
	if secret == "" {
		return `""`
	}
	return "[redacted]"
}

// RequireFields checks, before anything is sent, credentials that travel
// as header values (tokens, keys, OLX's CRM name). The error wraps
// ErrInvalidArgument and names the field, never its value.
//
// Each value must be present and one net/http agrees to send: no control
// byte but a tab, no DEL (the rule of httpguts.ValidHeaderFieldValue).
// Without this check the transport refuses every attempt, and the call
// fails late, as a network error. A secret must also hold no space or tab
// at all: tokens and keys never do, HTTP strips them at either end (the
// vendor would see another value) and a Bearer token cannot carry one. A
// public value may; the vendor package trims its ends.
func RequireFields(vendor string, fields ...Field) error {
	for _, f := range fields {
		if err := requireHeaderValue(vendor, f); err != nil {
			return err
		}
	}
	return nil
}

func requireHeaderValue(vendor string, f Field) error {
	if err := requirePrintable(vendor, f); err != nil {
		return err
	}
	if !f.Public && strings.ContainsAny(f.Value, " \t") {
		return invalidField(vendor, f, "must not contain spaces or tabs")
	}
	return nil
}

// RequireBasic checks a user and a password for HTTP Basic
// authentication. They travel base64-encoded, so any byte would reach the
// server, but RFC 7617 allows no control characters in either, and a
// colon in the user would end it early. Spaces are kept as given: they can
// be part of a password.
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
	if !ValidHeaderValue(f.Value) {
		return invalidField(vendor, f, "must not contain line breaks or other control characters")
	}
	return nil
}

func invalidField(vendor string, f Field, problem string) error {
	return fmt.Errorf("%s: %w: %s %s", vendor, ErrInvalidArgument, f.Name, problem)
}
