package kiwi

import (
	"cmp"
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
	e.Code = cmp.Or(rest.FirstScalar(members, "code", "error_code"), rest.FirstScalar(rest.Members(members["error"]), "code"))
	e.RequestID = cmp.Or(e.RequestID, rest.Scalar(members["request_id"]))
	var st OperationStatus
	if raw, ok := members["operation_status"]; ok && st.UnmarshalJSON(raw) == nil && st != OperationSuccess {
		e.Code = strconv.Itoa(int(st))
		message, sentinel := st.outcome()
		e.Message, e.Err = cmp.Or(e.Message, message), sentinel
	}
}

// malformed is the *APIError of a 2xx answer that is not the envelope; it
// is also a *DecodeError matching ErrMalformedResponse. Inside the call,
// the client fills in the rest (vendor, method, path, request id).
func malformed(status int, message, code string) *profiles.APIError {
	decodeErr := &profiles.DecodeError{StatusCode: status, Err: ErrMalformedResponse}
	return &profiles.APIError{StatusCode: status, Message: message, Code: code, Err: decodeErr}
}
