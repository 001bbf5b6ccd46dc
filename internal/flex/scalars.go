package flex

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// String is text sent as a JSON string or as a number ("id": 42 or "42"),
// a number keeping the digits it was sent with. A boolean, an object or an
// array is an error: that is a changed schema, not another spelling.
type String string

// UnmarshalJSON implements json.Unmarshaler.
func (s *String) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0:
		return errors.New("want a string or a number, got nothing")
	case b[0] == '"' || string(b) == "null":
		text, err := Text(b)
		*s = String(text)
		return err
	case b[0] == '-' || b[0] >= '0' && b[0] <= '9':
		*s = String(b)
		return nil
	default:
		return fmt.Errorf("want a string or a number, got %.40s", b)
	}
}

// Int is an integer sent as a number (499, 499.0, 4.99e2) or as text
// ("499"). null and "" are 0.
type Int int64

// UnmarshalJSON implements json.Unmarshaler.
func (n *Int) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	// How nearly every integer arrives: digits, bare or quoted.
	if v, ok := ParseDigits(b); ok {
		*n = Int(v)
		return nil
	}
	if inner, ok := SimpleQuoted(b); ok {
		if v, ok := ParseDigits(inner); ok {
			*n = Int(v)
			return nil
		}
	}
	var s String
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	text := strings.TrimSpace(string(s))
	if text == "" {
		*n = 0
		return nil
	}
	v, err := ParseWholeNumber(text)
	*n = Int(v)
	return err
}

// Bool is a boolean sent as true/false, as 0/1, or as the text of either.
// null and "" are false.
type Bool bool

// UnmarshalJSON implements json.Unmarshaler.
func (v *Bool) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch string(b) { // how nearly every boolean arrives
	case "true":
		*v = true
		return nil
	case "false":
		*v = false
		return nil
	}
	text := string(b)
	if len(b) > 0 && b[0] == '"' {
		var err error
		if text, err = Text(b); err != nil {
			return err
		}
	} else if text == "null" {
		text = ""
	}
	switch strings.ToLower(strings.TrimSpace(text)) {
	case "true", "1":
		*v = true
	case "false", "0", "":
		*v = false
	default:
		return fmt.Errorf("want a boolean, got %.40s", b)
	}
	return nil
}

// Time is a date sent as text (see ParseTime) or as a Unix time in
// seconds, milliseconds or microseconds, as a number or as text, told
// apart by magnitude. null, 0 and "" are the zero time.
type Time time.Time

// UnmarshalJSON implements json.Unmarshaler.
func (t *Time) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	// The two forms dates mostly arrive in are read straight from the
	// bytes: an integer Unix time, and RFC 3339 text.
	if n, ok := ParseDigits(b); ok {
		if v, ok := unixInteger(n); ok {
			*t = Time(v)
			return nil
		}
	}
	if inner, ok := SimpleQuoted(b); ok && bytes.IndexByte(inner, ':') >= 0 {
		var v time.Time
		if v.UnmarshalText(inner) == nil {
			*t = Time(v)
			return nil
		}
	}
	text := string(b)
	if len(b) > 0 && b[0] == '"' || text == "null" {
		var err error
		if text, err = Text(b); err != nil {
			return err
		}
		text = strings.TrimSpace(text)
		// No number has a colon, so a date with a time goes straight to
		// the layouts.
		if text == "" || strings.IndexByte(text, ':') >= 0 || !looksNumeric(text) {
			v, err := ParseTime(text)
			*t = Time(v)
			return err
		}
	}
	v, err := ParseUnix(text)
	*t = Time(v)
	return err
}

func looksNumeric(text string) bool {
	_, err := strconv.ParseFloat(text, 64)
	return err == nil
}

// timeLayouts are tried in order for dates sent as text.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700", // offset without colon
	"2006-01-02T15:04:05.999999999",      // no offset: UTC
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	time.DateOnly,
}

// ParseTime reads a date written as RFC 3339 with any fraction, or as the
// forms close to it that APIs send: no colon in the offset, no offset
// (UTC), a space for the T, or a bare date. Blank text is the zero time.
func ParseTime(text string) (time.Time, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return time.Time{}, nil
	}
	for _, layout := range timeLayouts {
		if v, err := time.Parse(layout, text); err == nil {
			return v, nil
		}
	}
	return time.Time{}, fmt.Errorf("date %q is not RFC 3339", text)
}

// Magnitudes that tell the units of a Unix time apart: 1e11 seconds is the
// year 5138, while 1e11 milliseconds is already March 1973, so any real
// date fits one unit only.
const (
	maxUnixSeconds = 1e11
	maxUnixMillis  = 1e14
	maxUnixMicros  = 1e17
)

// ErrDateRange is a Unix time too far from now to be a real date.
var ErrDateRange = errors.New("unix time out of range")

// ParseUnix reads a Unix time in seconds, milliseconds or microseconds
// (see Time), in UTC; 0 is the zero time.
func ParseUnix(text string) (time.Time, error) {
	text = strings.TrimSpace(text)
	var t time.Time
	var ok bool
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		t, ok = unixInteger(n) // exact, without float rounding
	} else if f, err := strconv.ParseFloat(text, 64); err == nil {
		t, ok = unixFloat(f)
	} else {
		return time.Time{}, fmt.Errorf("date %q is not a Unix time", text)
	}
	if !ok {
		return time.Time{}, fmt.Errorf("date %q: %w", text, ErrDateRange)
	}
	return t, nil
}

// unixInteger converts a Unix time in the unit its magnitude tells; ok is
// false for one out of range. The year must be 1 or later: no date an API
// has is earlier, and RFC 3339 cannot write one.
func unixInteger(n int64) (t time.Time, ok bool) {
	abs := math.Abs(float64(n))
	switch {
	case n == 0:
		return time.Time{}, true
	case abs < maxUnixSeconds:
		t = time.Unix(n, 0).UTC()
	case abs < maxUnixMillis:
		t = time.UnixMilli(n).UTC()
	case abs < maxUnixMicros:
		t = time.UnixMicro(n).UTC()
	default:
		return time.Time{}, false
	}
	return t, t.Year() >= 1
}

// unixFloat is unixInteger for a Unix time with a fraction or an exponent.
func unixFloat(f float64) (t time.Time, ok bool) {
	abs := math.Abs(f)
	if f == 0 {
		return time.Time{}, true
	}
	if !(abs < maxUnixMicros) { // NaN and infinities included
		return time.Time{}, false
	}
	seconds := f
	switch {
	case abs >= maxUnixMillis:
		seconds = f / 1e6
	case abs >= maxUnixSeconds:
		seconds = f / 1e3
	}
	whole := math.Floor(seconds)
	t = time.Unix(int64(whole), int64(math.Round((seconds-whole)*1e9))).UTC()
	return t, t.Year() >= 1
}
