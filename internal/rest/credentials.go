package rest

import (
	"fmt"
	"strings"
)

// Field names a credential for RequireFields.
type Field struct{ Name, Value string }

// RequireFields checks, before anything is sent, that every credential is
// present and can travel in a header: a line break would split the header,
// and other control characters are not allowed in header values. The error
// names the field, never its value, which may be secret.
func RequireFields(vendor string, fields ...Field) error {
	for _, f := range fields {
		if strings.TrimSpace(f.Value) == "" {
			return fmt.Errorf("%s: %s is required", vendor, f.Name)
		}
		if strings.ContainsFunc(f.Value, isControl) {
			return fmt.Errorf("%s: %s must not contain line breaks or other control characters", vendor, f.Name)
		}
	}
	return nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// Redacted is how a set secret prints: "[redacted]", or `""` when empty,
// so that a missing credential is still visible in a %v.
func Redacted(secret string) string {
	if secret == "" {
		return `""`
	}
	return "[redacted]"
}
