package flex

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// UnquoteSimple returns the text of the JSON string literal b when it has
// no escapes and no control characters and is valid UTF-8: then the text
// is exactly what json.Unmarshal would give, read without a second JSON
// scan of a value json.Unmarshal has already checked. ok is false for
// every other input, which the caller decodes the usual way (Text does
// both).
func UnquoteSimple(b []byte) (s string, ok bool) {
	inner, ok := SimpleQuoted(b)
	if !ok {
		return "", false
	}
	return string(inner), true
}

// Text decodes a JSON string, or null as "", as json.Unmarshal into a
// string does.
func Text(b []byte) (string, error) {
	if string(b) == "null" {
		return "", nil
	}
	if s, ok := UnquoteSimple(b); ok {
		return s, nil
	}
	var s string
	err := json.Unmarshal(b, &s)
	return s, err
}

// SimpleQuoted is UnquoteSimple returning the text as a sub-slice of b,
// without copying it.
func SimpleQuoted(b []byte) (inner []byte, ok bool) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return nil, false
	}
	inner = b[1 : len(b)-1]
	ascii := true
	for _, c := range inner {
		switch {
		case c < 0x20, c == '"', c == '\\':
			return nil, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	if !ascii && !utf8.Valid(inner) {
		return nil, false
	}
	return inner, true
}

// ParseDigits reads a JSON integer of at most 18 digits (an optional "-",
// no leading zero), which cannot overflow, straight from the bytes, as most
// integers arrive; ok is false for anything else, which callers read the
// general way (ParseWholeNumber).
func ParseDigits(b []byte) (n int64, ok bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 18 || (b[0] == '0' && len(b) > 1) {
		return 0, false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// ParseWholeNumber reads a 64-bit integer, also one written as 100.0 or
// 1e3, as vendors that send numbers loosely do.
func ParseWholeNumber(s string) (int64, error) {
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return v, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || f < math.MinInt64 || f >= math.MaxInt64 {
		return 0, fmt.Errorf("%q is not a 64-bit integer", s)
	}
	return int64(f), nil
}

// TimeOrNil returns a pointer to a copy of t, or nil for the zero time: the
// vendors send null for a time they do not have, and the SDK's types keep
// such times as pointers, so that "not sent" differs from a real time.
func TimeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	v := t
	return &v
}
