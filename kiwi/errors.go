package kiwi

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/profiles-sdk/profiles-go/internal/flex"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// Sentinels matched with errors.Is. Each comes wrapped in an *APIError, so
// errors.As gives the HTTP status, the operation status (in Code) and the
// body as well.
var (
	// ErrInvalidToken is operation_status 1 (ERROR_INVALID_TOKEN): the user
	// token is missing or invalid. Kiwi may send it with HTTP 200.
	ErrInvalidToken = errors.New("kiwi: the authentication token is missing or invalid")
	// ErrOperationFailed is any other non-zero operation_status.
	ErrOperationFailed = errors.New("kiwi: the operation failed")
	// ErrMalformedResponse is a 2xx answer that is not the documented
	// envelope: not JSON, no operation_status, or SUCCESS without an
	// account_profile.
	ErrMalformedResponse = errors.New("kiwi: malformed answer")
	// ErrInvalidPart is a Part value the API does not accept; it is
	// returned before anything is sent.
	ErrInvalidPart = errors.New("kiwi: invalid Part")
)

// OperationStatus is the operation_status every Kiwi answer carries.
type OperationStatus int

// The operation statuses the manual lists.
const (
	OperationSuccess      OperationStatus = 0 // SUCCESS
	OperationInvalidToken OperationStatus = 1 // ERROR_INVALID_TOKEN
)

var operationNames = map[OperationStatus]string{
	OperationSuccess:      "SUCCESS",
	OperationInvalidToken: "ERROR_INVALID_TOKEN",
}

// String returns the manual's name, or "OperationStatus(N)".
func (s OperationStatus) String() string { return enumName(operationNames, s, "OperationStatus") }

// UnmarshalJSON accepts the number, the number as a string, or the name.
func (s *OperationStatus) UnmarshalJSON(b []byte) error {
	return decodeEnum(b, operationNames, s, "operation_status")
}

// sentinel is the error a non-success status matches.
func (s OperationStatus) sentinel() error {
	if s == OperationInvalidToken {
		return ErrInvalidToken
	}
	return ErrOperationFailed
}

// message describes a non-success status in the manual's words.
func (s OperationStatus) message() string {
	if s == OperationInvalidToken {
		return "ERROR_INVALID_TOKEN: the authentication token is either missing or invalid"
	}
	return "operation_status " + strconv.Itoa(int(s)) + " (" + s.String() + ")"
}

// parseError reads a non-2xx answer's body; it is rest.Config.ParseError.
// Besides the documented envelope (operation_status) it reads a message and
// a code under the names JSON APIs commonly use, for errors outside the
// envelope such as a rejected application key: Kiwi documents no such
// shape, so these names are a guess. Each member is read on its own, so one
// of an unexpected type does not hide the others.
func parseError(e *APIError, _ http.Header, body []byte) {
	var members map[string]json.RawMessage
	if json.Unmarshal(body, &members) != nil {
		return
	}
	text := func(names ...string) string {
		for _, name := range names {
			var s flex.String
			if raw, ok := members[name]; ok && s.UnmarshalJSON(raw) == nil && strings.TrimSpace(string(s)) != "" {
				return strings.TrimSpace(string(s))
			}
		}
		return ""
	}
	e.Message = text("message", "error_message", "error_description")
	e.Code = text("code", "error_code")
	readNestedError(e, members["error"])
	if e.RequestID == "" {
		e.RequestID = text("request_id")
	}
	var st OperationStatus
	if raw, ok := members["operation_status"]; ok && st.UnmarshalJSON(raw) == nil && st != OperationSuccess {
		e.Code = strconv.Itoa(int(st))
		e.Err = st.sentinel()
		if e.Message == "" {
			e.Message = st.message()
		}
	}
}

// readNestedError reads "error": "text" or "error": {"code", "message"}.
func readNestedError(e *APIError, raw json.RawMessage) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return
	}
	var text string
	if json.Unmarshal(raw, &text) == nil {
		e.Message = firstNonEmpty(e.Message, text)
		return
	}
	var inner struct {
		Code    flex.String `json:"code"`
		Message flex.String `json:"message"`
	}
	if json.Unmarshal(raw, &inner) == nil {
		e.Message = firstNonEmpty(e.Message, string(inner.Message))
		e.Code = firstNonEmpty(e.Code, string(inner.Code))
	}
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// answerError builds the *APIError of a 2xx answer that is a failure.
func answerError(call *rest.Call, resp *rest.Response, body []byte, message, code string, sentinel error) *APIError {
	if len(body) > maxKeptBody {
		body = body[:maxKeptBody]
	}
	return &APIError{
		Vendor:     "kiwi",
		Method:     call.Method,
		Path:       call.Path,
		StatusCode: resp.StatusCode,
		Message:    message,
		Code:       code,
		RequestID:  resp.Header.Get(requestIDHeader),
		Attempts:   resp.Attempts,
		Body:       body,
		Err:        sentinel,
	}
}

// maxKeptBody matches how much of an error body the foundation keeps.
const maxKeptBody = 8 << 10

// requestIDHeader is not documented by Kiwi; it is read in case the vendor
// or a proxy in front of it sends one.
const requestIDHeader = "X-Request-Id"
