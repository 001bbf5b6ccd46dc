package aktiv

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// parseError reads an error answer. The vendor does not document its error
// body, so the common JSON shapes are tried in turn; whatever is not found
// is left for the generic fallback (an HTML page's title or the status text).
func parseError(e *rest.APIError, _ http.Header, body []byte) {
	fields := lowerKeys(body)
	if fields == nil {
		return
	}
	e.Message = firstString(fields, "message", "error_description", "detail", "title", "error")
	e.Code = firstString(fields, "code", "errorcode", "error_code")
	if nested := lowerKeys(fields["error"]); nested != nil {
		if e.Message == "" {
			e.Message = firstString(nested, "message", "description", "detail")
		}
		if e.Code == "" {
			e.Code = firstString(nested, "code")
		}
	}
	if e.Code == "" && fields["error"] != nil && e.Message != textOf(fields["error"]) {
		// {"error": "invalid_token", "error_description": "..."} names a code.
		e.Code = textOf(fields["error"])
	}
}

// lowerKeys decodes a JSON object with its keys lowercased (ASP.NET style
// "Message" and plain "message" alike), or returns nil.
func lowerKeys(raw []byte) map[string]json.RawMessage {
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil || obj == nil {
		return nil
	}
	out := make(map[string]json.RawMessage, len(obj))
	for k, v := range obj {
		out[strings.ToLower(k)] = v
	}
	return out
}

// firstString returns the first of keys whose value is a non-empty string or
// a number, as text.
func firstString(fields map[string]json.RawMessage, keys ...string) string {
	for _, k := range keys {
		if s := textOf(fields[k]); s != "" {
			return s
		}
	}
	return ""
}

func textOf(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		if _, err := strconv.ParseFloat(n.String(), 64); err == nil {
			return n.String()
		}
	}
	return ""
}
