// Package flex decodes the JSON scalars vendors send loosely: text sent as
// a number, numbers sent as text or as 100.0, booleans as 0/1, dates as
// text in several layouts or as Unix times. A value the vendor sends as
// null decodes as the zero value throughout.
package flex

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// String is text sent as a JSON string or as a number ("id": 42 or "42"),
// a number keeping the digits it was sent with. A boolean, an object or an
// array is an error: that is a changed schema, not another spelling.
type String string

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

func (n *Int) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if v, ok := Integer(b); ok { // how nearly every integer arrives
		*n = Int(v)
		return nil
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

func (v *Bool) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	text := string(b)
	if len(b) > 0 && b[0] == '"' || text == "null" {
		var err error
		if text, err = Text(b); err != nil {
			return err
		}
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

func (t *Time) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if n, ok := Integer(b); ok { // an integer Unix time
		if v, ok := unixInteger(n); ok {
			*t = Time(v)
			return nil
		}
	}
	if body, ok := Unquoted(b); ok && bytes.IndexByte(body, ':') >= 0 {
		var v time.Time
		if v.UnmarshalText(body) == nil { // RFC 3339, how most dates arrive
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
		// No number has a colon, so a date with a time skips ParseFloat.
		if strings.IndexByte(text, ':') >= 0 || !looksNumeric(strings.TrimSpace(text)) {
			v, err := ParseTime(text)
			*t = Time(v)
			return err
		}
	}
	v, err := parseUnix(text)
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

// parseUnix reads a Unix time (see Time) in UTC; 0 is the zero time.
func parseUnix(text string) (time.Time, error) {
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
		return time.Time{}, fmt.Errorf("date %q: unix time out of range", text)
	}
	return t, nil
}

// unixInteger converts a Unix time in the unit its magnitude tells; ok is
// false for one out of range. The year must be 1 or later: no date an API
// has is earlier, and RFC 3339 cannot write one.
func unixInteger(n int64) (t time.Time, ok bool) {
	switch abs := math.Abs(float64(n)); {
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

// Text decodes a JSON string, or null as "", as json.Unmarshal into a
// string does. A string without escapes (nearly every one a vendor sends)
// is its own bytes: returning them spares a second decoder per member,
// which cost Haravan's loopback GetProfile about 6% of the call.
func Text(b []byte) (string, error) {
	if body, ok := Unquoted(b); ok {
		return string(body), nil
	}
	if string(b) == "null" { // as often as a string, in some answers
		return "", nil
	}
	var s string
	err := json.Unmarshal(b, &s)
	return s, err
}

// Integer reads b as a JSON integer that fits in 64 bits. It tells a
// string or null apart by its first byte, so that they cost no error value.
func Integer(b []byte) (int64, bool) {
	if len(b) == 0 || b[0] != '-' && (b[0] < '0' || b[0] > '9') {
		return 0, false
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	return n, err == nil
}

// Unquoted returns the body of the JSON string b when it decodes to
// itself: valid UTF-8 without a quote, a backslash or a control character.
// Such a string's value is its bytes, read without a second decoder.
func Unquoted(b []byte) ([]byte, bool) {
	n := len(b)
	if n < 2 || b[0] != '"' || b[n-1] != '"' {
		return nil, false
	}
	body := b[1 : n-1]
	for _, c := range body {
		if c < ' ' || c == '"' || c == '\\' {
			return nil, false
		}
	}
	return body, utf8.Valid(body)
}

// ParseWholeNumber reads a 64-bit integer, also one written as 100.0 or
// 1e3, as vendors that send numbers loosely do. A number that is not whole
// or does not fit is an error, never a rounded or clamped value: the digits
// are read exactly, not through a float64.
func ParseWholeNumber(s string) (int64, error) {
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return v, nil
	}
	if digits, ok := wholeDigits(s); ok {
		if v, err := strconv.ParseInt(digits, 10, 64); err == nil {
			return v, nil
		}
	}
	return 0, fmt.Errorf("%q is not a whole number that fits in 64 bits", s)
}

// wholeDigits rewrites a JSON number with a fraction or an exponent
// ("100.0", "1.5e2") as the digits of the integer it is ("100", "150"); ok
// is false for anything else, a fraction included.
func wholeDigits(s string) (string, bool) {
	if s == "" || s[0] != '-' && (s[0] < '0' || s[0] > '9') || !json.Valid([]byte(s)) {
		return "", false
	}
	sign, exp := "", 0
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(s[i+1:])
		if err != nil {
			return "", false
		}
		s, exp = s[:i], e
	}
	whole, fraction, _ := strings.Cut(s, ".")
	digits := strings.TrimLeft(whole+fraction, "0")
	exp -= len(fraction)
	switch {
	case digits == "":
		return "0", true
	case exp >= 0:
		if len(digits)+exp > 20 { // more digits than any int64
			return "", false
		}
		return sign + digits + strings.Repeat("0", exp), true
	case -exp >= len(digits) || strings.TrimRight(digits[len(digits)+exp:], "0") != "":
		return "", false // a fraction
	}
	return sign + digits[:len(digits)+exp], true
}

// TimeOrNil returns a pointer to a copy of t, or nil for the zero time: the
// SDK's types keep times the vendor sends as null as pointers, so that "not
// sent" differs from a real time.
func TimeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
