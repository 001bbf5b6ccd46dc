package haravan

import (
	"encoding/json"
	"errors"
	"net/http"
	"sort"
	"strings"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// Sentinels matched with errors.Is. An *APIError matches the one of its
// status; ErrInvalidArgument marks input refused before any request.
var (
	ErrUnprocessable = errors.New("haravan: request refused by validation") // 422

	// ErrUnexpectedResponse marks a 2xx answer that lacks what the
	// documentation promises.
	ErrUnexpectedResponse = errors.New("unexpected response")
)

// errorBody is Haravan's error format: "errors" is either a message or an
// object of field → messages. OAuth failures use error/error_description.
type errorBody struct {
	Errors           json.RawMessage `json:"errors"`
	Error            string          `json:"error"`
	ErrorDescription string          `json:"error_description"`
	Message          string          `json:"message"`
}

// parseError fills e from a Haravan error answer.
func parseError(e *rest.APIError, _ http.Header, body []byte) {
	if e.StatusCode == http.StatusUnprocessableEntity {
		e.Err = ErrUnprocessable
	}
	var b errorBody
	if json.Unmarshal(body, &b) != nil {
		return
	}
	e.Message, e.Field = errorsMessage(b.Errors)
	switch {
	case e.Message != "":
	case b.ErrorDescription != "":
		e.Message, e.Code = b.ErrorDescription, b.Error
	case b.Error != "":
		e.Message = b.Error
	default:
		e.Message = b.Message
	}
}

// errorsMessage turns the "errors" member into one text. The object form
// gives "field: message, message; field: message" in field order, and the
// field's name when exactly one field is concerned.
func errorsMessage(raw json.RawMessage) (message, field string) {
	if len(raw) == 0 {
		return "", ""
	}
	var text string
	if json.Unmarshal(raw, &text) == nil {
		return strings.TrimSpace(text), ""
	}
	var list []any
	if json.Unmarshal(raw, &list) == nil {
		return joinMessages(list), ""
	}
	var fields map[string]any
	if json.Unmarshal(raw, &fields) != nil || len(fields) == 0 {
		return "", ""
	}
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	parts := make([]string, 0, len(names))
	for _, name := range names {
		msg := joinMessages([]any{fields[name]})
		if msg == "" {
			parts = append(parts, name)
			continue
		}
		parts = append(parts, name+": "+msg)
	}
	if len(names) == 1 {
		field = names[0]
	}
	return strings.Join(parts, "; "), field
}

// joinMessages flattens strings, numbers and nested lists into "a, b".
func joinMessages(values []any) string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			if s := strings.TrimSpace(v); s != "" {
				out = append(out, s)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		case nil:
		default:
			if b, err := json.Marshal(v); err == nil {
				out = append(out, string(b))
			}
		}
	}
	for _, v := range values {
		walk(v)
	}
	return strings.Join(out, ", ")
}
