package kiwi

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// Kiwi's own sentinels, matched with errors.Is. Each comes wrapped in an
// *APIError, so errors.As gives the HTTP status, the operation status (in
// Code) and the body as well.
var (
	// ErrInvalidToken is operation_status 1 (ERROR_INVALID_TOKEN): the user
	// token is missing or invalid. Kiwi may send it with HTTP 200. It
	// matches ErrUnauthorized too.
	ErrInvalidToken = rest.NewSentinel("kiwi: the authentication token is missing or invalid", profiles.ErrUnauthorized)
	// ErrOperationFailed is any other non-zero operation_status.
	ErrOperationFailed = errors.New("kiwi: the operation failed")
	// ErrMalformedResponse is a 2xx answer that is not the documented
	// envelope: not JSON, no operation_status, or SUCCESS without an
	// account_profile.
	ErrMalformedResponse = errors.New("kiwi: malformed answer")
	// ErrInvalidPart is a Part value the API does not accept; it is
	// returned before anything is sent and matches ErrInvalidArgument.
	ErrInvalidPart = rest.NewSentinel("kiwi: invalid Part", profiles.ErrInvalidArgument)
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

// UnmarshalJSON accepts the number, the number as text, or the name.
func (s *OperationStatus) UnmarshalJSON(b []byte) error {
	return decodeEnum(b, operationNames, s, "operation_status")
}

// outcome describes a non-success status in the manual's words and gives
// the sentinel it matches.
func (s OperationStatus) outcome() (message string, sentinel error) {
	if s == OperationInvalidToken {
		return "ERROR_INVALID_TOKEN: the authentication token is either missing or invalid", ErrInvalidToken
	}
	return "operation_status " + strconv.Itoa(int(s)) + " (" + s.String() + ")", ErrOperationFailed
}

// parseError reads a non-2xx answer's body: the envelope's
// operation_status, and for errors outside it (a rejected application key)
// a message and a code under the names JSON APIs commonly use, a guess as
// Kiwi documents no such body. Each member is read on its own, so one of
// an unexpected type does not hide the others.
func parseError(e *profiles.APIError, _ http.Header, body []byte) {
	members := rest.BodyMembers(body)
	e.Message = rest.FirstMessage(members, "message", "error_message", "error_description", "error")
	e.Code = rest.FirstScalar(members, "code", "error_code")
	if e.Code == "" {
		e.Code = rest.FirstScalar(rest.Members(members["error"]), "code")
	}
	if e.RequestID == "" {
		e.RequestID = rest.Scalar(members["request_id"])
	}
	var st OperationStatus
	if raw, ok := members["operation_status"]; ok && st.UnmarshalJSON(raw) == nil && st != OperationSuccess {
		e.Code = strconv.Itoa(int(st))
		var message string
		message, e.Err = st.outcome()
		if e.Message == "" {
			e.Message = message
		}
	}
}

// answerError builds the *APIError of a 2xx answer that is a failure.
func answerError(call *rest.Call, resp *profiles.Response, message, code string, sentinel error) *profiles.APIError {
	return &profiles.APIError{
		Vendor:     "kiwi",
		Method:     call.Method,
		Path:       call.Route,
		StatusCode: resp.StatusCode,
		Message:    message,
		Code:       code,
		RequestID:  resp.Header.Get(requestIDHeader),
		Attempts:   resp.Attempts,
		Err:        sentinel,
	}
}

// requestIDHeader is undocumented; read in case Kiwi or a proxy sends it.
const requestIDHeader = "X-Request-Id"
