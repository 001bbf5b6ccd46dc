package haravan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// Haravan's wire layouts. Timestamps are sent with six fractional digits;
// list filters are written with three, as the documentation shows.
const (
	timestampLayout = "2006-01-02T15:04:05.000000Z07:00"
	filterLayout    = "2006-01-02T15:04:05.000Z07:00"
	dateLayout      = "2006-01-02"
)

// flexInt decodes an integer sent as a number, a numeric string ("id" is
// documented as a string) or null, and encodes as a number.
type flexInt int64

func (n *flexInt) UnmarshalJSON(b []byte) error {
	// Fast paths for a plain number and a quoted one: no allocation.
	if v, ok := rest.ParseDigits(b); ok {
		*n = flexInt(v)
		return nil
	}
	if text, ok := rest.UnquoteSimple(b); ok {
		if v, ok := rest.ParseDigits([]byte(text)); ok {
			*n = flexInt(v)
			return nil
		}
	}
	s := string(bytes.TrimSpace(b))
	if s == "null" {
		*n = 0
		return nil
	}
	if strings.HasPrefix(s, `"`) {
		var text string
		if err := json.Unmarshal(b, &text); err != nil {
			return err
		}
		s = strings.TrimSpace(text)
		if s == "" {
			*n = 0
			return nil
		}
	}
	v, err := rest.ParseWholeNumber(s)
	if err != nil {
		return fmt.Errorf("haravan: %w", err)
	}
	*n = flexInt(v)
	return nil
}

// flexString decodes a string, or a number or boolean as its text, or null
// as "".
type flexString string

func (s *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case string(b) == "null":
		*s = ""
	case len(b) > 0 && b[0] == '"':
		if text, ok := rest.UnquoteSimple(b); ok {
			*s = flexString(text)
			return nil
		}
		var text string // apart from the fast path, which it would cost an allocation
		if err := json.Unmarshal(b, &text); err != nil {
			return err
		}
		*s = flexString(text)
	case len(b) > 0 && (b[0] == '{' || b[0] == '['):
		return fmt.Errorf("haravan: expected a string, got %.20s", b)
	default:
		*s = flexString(b)
	}
	return nil
}

// timestamp is a point in time in Haravan's format.
type timestamp time.Time

// MarshalJSON writes null for the zero time, as Haravan does for a time it
// does not have.
func (t timestamp) MarshalJSON() ([]byte, error) {
	if time.Time(t).IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + time.Time(t).UTC().Format(timestampLayout) + `"`), nil
}

// UnmarshalJSON reads RFC 3339 with any fraction, and also the forms some
// Haravan endpoints use without a zone (taken as UTC). "" decodes as no
// time.
func (t *timestamp) UnmarshalJSON(b []byte) error {
	// Fast path: RFC 3339, which is what Haravan sends, read from the bytes
	// without copying them into a string. Anything else takes the long way.
	if len(b) > 0 && b[0] == '"' {
		var v time.Time
		if v.UnmarshalJSON(b) == nil {
			*t = timestamp(v)
			return nil
		}
	}
	s, err := jsonText(b)
	if err != nil {
		return fmt.Errorf("haravan: timestamp: %w", err)
	}
	s = strings.TrimSpace(s)
	if s == "" {
		*t = timestamp{}
		return nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999"} {
		if v, err := time.Parse(layout, s); err == nil {
			*t = timestamp(v)
			return nil
		}
	}
	return fmt.Errorf("haravan: %q is not a timestamp", s)
}

// date is a calendar day (YYYY-MM-DD) at midnight UTC.
type date time.Time

// MarshalJSON writes null for the zero time, as Haravan does for an
// unknown birthday.
func (d date) MarshalJSON() ([]byte, error) {
	if time.Time(d).IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + time.Time(d).Format(dateLayout) + `"`), nil
}

// UnmarshalJSON reads YYYY-MM-DD, and a full timestamp as its day.
func (d *date) UnmarshalJSON(b []byte) error {
	s, err := jsonText(b)
	if err != nil {
		return fmt.Errorf("haravan: date: %w", err)
	}
	s = strings.TrimSpace(s)
	if s == "" {
		*d = date{}
		return nil
	}
	if v, err := time.Parse(dateLayout, s); err == nil {
		*d = date(v)
		return nil
	}
	var ts timestamp
	if err := ts.UnmarshalJSON(b); err != nil {
		return errors.New("haravan: birthday " + strconv.Quote(s) + " is not a YYYY-MM-DD date")
	}
	y, m, day := time.Time(ts).Date()
	*d = date(time.Date(y, m, day, 0, 0, 0, 0, time.UTC))
	return nil
}

// timeOrZero is rest.TimeOrNil's inverse, from Profile's optional times to
// the wire's values, where the zero time stands for null.
func timeOrZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// jsonText decodes a JSON string, or null as "", as json.Unmarshal into a
// string does, without its cost in the common cases.
func jsonText(b []byte) (string, error) {
	if string(b) == "null" {
		return "", nil
	}
	if s, ok := rest.UnquoteSimple(b); ok {
		return s, nil
	}
	var s string
	err := json.Unmarshal(b, &s)
	return s, err
}

// marshalNoEscape encodes v as JSON keeping "<", ">" and "&" as typed.
func marshalNoEscape(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
