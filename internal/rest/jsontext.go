package rest

import "unicode/utf8"

// UnquoteSimple returns the text of the JSON string literal b when it has
// no escapes and no control characters and is valid UTF-8: then the text
// is exactly what json.Unmarshal would give, without its cost (a decoder
// state, a scan, a pointer). ok is false for every other input, which the
// caller decodes the usual way. Vendor decoders use it on their hot paths.
func UnquoteSimple(b []byte) (s string, ok bool) {
	inner, ok := SimpleQuoted(b)
	if !ok {
		return "", false
	}
	return string(inner), true
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
