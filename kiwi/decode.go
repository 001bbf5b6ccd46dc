package kiwi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// The manual does not say how numbers, ids and dates are written, so the
// decoders below accept the spellings a JSON API commonly uses for each.

// flexString is text sent as a JSON string or number ("id": 42 or "42").
type flexString string

func (s *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if text, ok := rest.UnquoteSimple(b); ok { // fast path
		*s = flexString(text)
		return nil
	}
	if _, ok := rest.ParseDigits(b); ok { // fast path: the text of an integer
		*s = flexString(b)
		return nil
	}
	switch {
	case string(b) == "null":
		*s = ""
	case len(b) > 0 && b[0] == '"':
		var text string
		if err := json.Unmarshal(b, &text); err != nil {
			return err
		}
		*s = flexString(text)
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("want a string or a number, got %.40s", b)
		}
		*s = flexString(n.String())
	}
	return nil
}

// flexInt is an integer sent as a number (499, 499.0) or as text ("499").
type flexInt int64

func (n *flexInt) UnmarshalJSON(b []byte) error {
	if v, ok := rest.ParseDigits(bytes.TrimSpace(b)); ok { // fast path
		*n = flexInt(v)
		return nil
	}
	var s flexString
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	if strings.TrimSpace(string(s)) == "" {
		*n = 0
		return nil
	}
	v, err := rest.ParseWholeNumber(strings.TrimSpace(string(s)))
	if err != nil {
		return err
	}
	*n = flexInt(v)
	return nil
}

// flexBool is a boolean sent as true/false, 0/1 or their text.
type flexBool bool

func (v *flexBool) UnmarshalJSON(b []byte) error {
	switch string(bytes.TrimSpace(b)) { // fast path
	case "true":
		*v = true
		return nil
	case "false":
		*v = false
		return nil
	}
	var s flexString
	if err := json.Unmarshal(b, (*bool)(v)); err == nil {
		return nil
	}
	if err := s.UnmarshalJSON(b); err != nil {
		return fmt.Errorf("want a boolean, got %.40s", b)
	}
	switch strings.ToLower(strings.TrimSpace(string(s))) {
	case "", "0", "false":
		*v = false
	case "1", "true":
		*v = true
	default:
		return fmt.Errorf("want a boolean, got %.40s", b)
	}
	return nil
}

// flexTime is a date sent as RFC 3339 text or as a Unix time in seconds,
// milliseconds or microseconds, told apart by magnitude. null, 0 and ""
// are the zero time.
type flexTime time.Time

func (t *flexTime) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if text, ok := rest.UnquoteSimple(b); ok { // fast path
		v, err := parseTimeText(text)
		*t = flexTime(v)
		return err
	}
	if len(b) > 0 && b[0] == '"' {
		var text string
		if err := json.Unmarshal(b, &text); err != nil {
			return err
		}
		v, err := parseTimeText(text)
		*t = flexTime(v)
		return err
	}
	var s flexString
	if err := s.UnmarshalJSON(b); err != nil {
		return fmt.Errorf("want a date, got %.40s", b)
	}
	if s == "" { // null
		*t = flexTime{}
		return nil
	}
	v, err := parseUnix(string(s))
	*t = flexTime(v)
	return err
}

// textLayouts are tried in order for dates sent as text.
var textLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700", // offset without colon
	"2006-01-02T15:04:05.999999999",      // no offset: UTC
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	time.DateOnly,
}

func parseTimeText(text string) (time.Time, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return time.Time{}, nil
	}
	// No number has a colon: a date with a time skips the float attempt,
	// whose error alone costs two allocations.
	if strings.IndexByte(text, ':') < 0 {
		if _, err := strconv.ParseFloat(text, 64); err == nil {
			return parseUnix(text)
		}
	}
	for _, layout := range textLayouts {
		if v, err := time.Parse(layout, text); err == nil {
			return v, nil
		}
	}
	return time.Time{}, fmt.Errorf("date %q is neither RFC 3339 nor a Unix time", text)
}

// Magnitudes that tell the units of a Unix time apart: 1e11 seconds is the
// year 5138, while 1e11 milliseconds is already March 1973, so any real
// date fits one unit only.
const (
	maxUnixSeconds = 1e11
	maxUnixMillis  = 1e14
	maxUnixMicros  = 1e17
)

var errDateRange = errors.New("unix time out of range")

func parseUnix(text string) (time.Time, error) {
	text = strings.TrimSpace(text)
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q is not a Unix time", text)
	}
	if f == 0 {
		return time.Time{}, nil
	}
	abs := math.Abs(f)
	if !(abs < maxUnixMicros) { // NaN and infinities included
		return time.Time{}, fmt.Errorf("date %q: %w", text, errDateRange)
	}
	t := unixTime(text, f, abs)
	if t.Year() < 1 {
		// Before year 1: no date a subscription has, and not writable as
		// RFC 3339 either.
		return time.Time{}, fmt.Errorf("date %q: %w", text, errDateRange)
	}
	return t, nil
}

func unixTime(text string, f, abs float64) time.Time {
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		// Integers are converted exactly, without float rounding.
		switch {
		case abs < maxUnixSeconds:
			return time.Unix(n, 0).UTC()
		case abs < maxUnixMillis:
			return time.UnixMilli(n).UTC()
		default:
			return time.UnixMicro(n).UTC()
		}
	}
	seconds := f
	switch {
	case abs >= maxUnixMillis:
		seconds = f / 1e6
	case abs >= maxUnixSeconds:
		seconds = f / 1e3
	}
	whole := math.Floor(seconds)
	return time.Unix(int64(whole), int64(math.Round((seconds-whole)*1e9))).UTC()
}

// decodeObject decodes a JSON object into a map whose numbers are
// json.Number, so that large ids keep every digit. null gives nil; a string
// holding a JSON object is unwrapped, as some platforms double-encode.
func decodeObject(b []byte) (map[string]any, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil, nil
	}
	if b[0] == '"' {
		var inner string
		if err := json.Unmarshal(b, &inner); err != nil {
			return nil, err
		}
		b = []byte(inner)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("want an object: %w", err)
	}
	if dec.More() {
		return nil, errors.New("want one object, got more")
	}
	return m, nil
}
