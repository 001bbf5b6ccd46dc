package rest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// What the vendors' error parsers share. Vendors send error shapes besides
// the documented one (an OAuth layer's {"error": "invalid_token"}, a
// gateway's {"error": {"title": ...}}), so the parsers read a body member
// by member, whatever each member's JSON type: one member of an unexpected
// type never hides the others.

// NewSentinel returns a vendor sentinel with the given text that also
// matches general with errors.Is: kiwi.ErrInvalidToken is an
// ErrUnauthorized whatever the HTTP status that carried it.
func NewSentinel(text string, general error) error {
	return &vendorSentinel{text: text, general: general}
}

type vendorSentinel struct {
	text    string
	general error
}

func (s *vendorSentinel) Error() string { return s.text }
func (s *vendorSentinel) Unwrap() error { return s.general }

// maxTextDepth bounds how deep Text and FirstMessage look into nested
// arrays and objects; an error message is never deeper than this.
const maxTextDepth = 8

// Members decodes a JSON object into its members, with the names
// lowercased: encoding/json matches names without regard to case as well,
// and some vendors' frameworks write "Message" where others write
// "message". It returns nil for anything that is not an object.
func Members(raw []byte) map[string]json.RawMessage {
	raw = bytes.TrimSpace(raw) // also the Unicode spaces JSON does not skip
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil || obj == nil { // not an object, or null
		return nil
	}
	out := make(map[string]json.RawMessage, len(obj))
	for name, value := range obj {
		lower := strings.ToLower(name)
		if _, taken := out[lower]; !taken || name == lower {
			out[lower] = value
		}
	}
	return out
}

// BodyMembers returns the members an error body carries, whatever its
// shape: an object's own members; for an array, those of its first
// object ([{"message": "..."}]); for a bare JSON string, that string as
// "message". Anything else gives nil.
func BodyMembers(body []byte) map[string]json.RawMessage {
	if members := Members(body); members != nil {
		return members
	}
	var list []json.RawMessage
	if json.Unmarshal(body, &list) == nil {
		for _, item := range list {
			if members := Members(item); members != nil {
				return members
			}
		}
		return nil
	}
	if Scalar(body) != "" && bytes.TrimSpace(body)[0] == '"' {
		return map[string]json.RawMessage{"message": bytes.TrimSpace(body)}
	}
	return nil
}

// Scalar returns the text of a JSON string (trimmed) or number; "" for
// anything else. Codes and ids are read with it: a code may come as 42 or
// as "42", never as an object.
func Scalar(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	switch c := raw[0]; {
	case c == '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return strings.TrimSpace(s)
		}
	case c == '-' || (c >= '0' && c <= '9'):
		var n json.Number
		if json.Unmarshal(raw, &n) == nil {
			return n.String()
		}
	}
	return ""
}

// FirstScalar returns the Scalar of the first of names that has one.
func FirstScalar(members map[string]json.RawMessage, names ...string) string {
	for _, name := range names {
		if s := Scalar(members[name]); s != "" {
			return s
		}
	}
	return ""
}

// Text flattens any JSON value into one line: a string (trimmed), a number
// or a boolean as itself, an array's texts joined with ", ", an object's
// members as "name: text" in name order joined with "; ". null, empty
// values and anything that is not JSON give "".
func Text(raw json.RawMessage) string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return ""
	}
	return textOf(v, 0)
}

func textOf(v any, depth int) string {
	if depth > maxTextDepth {
		return ""
	}
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case float64, bool:
		b, _ := json.Marshal(v)
		return string(b)
	case []any:
		parts := make([]string, 0, len(v))
		for _, x := range v {
			if s := textOf(x, depth+1); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		parts := make([]string, 0, len(v))
		for _, name := range slices.Sorted(maps.Keys(v)) {
			if s := textOf(v[name], depth+1); s != "" {
				parts = append(parts, name+": "+s)
			}
		}
		return strings.Join(parts, "; ")
	}
	return ""
}

// messageMembers are the names under which an error object nested in a
// body carries its message, most telling first ("detail" says more than
// "title" in an RFC 7807 style problem).
var messageMembers = []string{"message", "detail", "description", "error_description", "error_message", "title", "error"}

// FirstMessage returns the first non-empty message among members' names,
// whatever their shape: a string or a number is itself, an object is
// searched for its own message member ({"error": {"detail": "..."}}),
// and an array or an object without one is flattened with Text.
func FirstMessage(members map[string]json.RawMessage, names ...string) string {
	return firstMessage(members, names, 0)
}

func firstMessage(members map[string]json.RawMessage, names []string, depth int) string {
	if depth > maxTextDepth {
		return ""
	}
	for _, name := range names {
		raw := members[name]
		if inner := Members(raw); inner != nil {
			if s := firstMessage(inner, messageMembers, depth+1); s != "" {
				return s
			}
		}
		if s := Text(raw); s != "" {
			return s
		}
	}
	return ""
}

// MissingMemberError is the cause of a DecodeError when a success answer
// lacks a member the call's documentation promises, or has it null; a
// Call's Check returns it. Like other decoding failures, it matches
// ErrOutcomeUnknown for a value-moving call.
type MissingMemberError struct {
	Member string // the member's name, e.g. "profile"
	Err    error  // the vendor's sentinel for it (haravan.ErrUnexpectedResponse), or nil
}

func (e *MissingMemberError) Error() string {
	return fmt.Sprintf("the answer has no %q member", e.Member)
}

func (e *MissingMemberError) Unwrap() error { return e.Err }
