package haravan

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// The sentinels every profiles-go package shares (the same values as
// olx.ErrNotFound, cloudsigma.ErrNotFound, ...), matched with errors.Is.
// An *APIError matches the one of its status.
var (
	// ErrInvalidArgument marks input refused before any request: an empty
	// or malformed access token, a profile id that is not positive, a
	// point change without a value.
	ErrInvalidArgument = rest.ErrInvalidArgument
	// ErrUnauthorized is a 401 from Haravan: the access token is missing,
	// invalid or expired.
	ErrUnauthorized = rest.ErrUnauthorized
	// ErrForbidden is a 403 from Haravan: the access token lacks a
	// required scope (loy.read_profiles, loy.write_profiles).
	ErrForbidden = rest.ErrForbidden
	// ErrNotFound is a 404 from Haravan: no profile has the id.
	ErrNotFound = rest.ErrNotFound
	// ErrRateLimited is a 429 from Haravan that retries did not get past:
	// the shop's call bucket stayed full.
	ErrRateLimited = rest.ErrRateLimited
)

var (
	// ErrUnprocessable is a 422 from Haravan: the request was refused by
	// validation; APIError.Message lists the fields and their messages.
	ErrUnprocessable = errors.New("haravan: request refused by validation")

	// ErrUnexpectedResponse marks a 2xx answer that lacks what the
	// documentation promises; the error is a *DecodeError as well.
	ErrUnexpectedResponse = errors.New("unexpected response")
)

// parseError fills e from a Haravan error answer. Haravan's format is
// {"errors": ...}, a message or an object of field → messages; OAuth
// failures use {"error": "...", "error_description": "..."}, and some
// answers {"message": "..."}. Each member is read on its own, whatever its
// type, so an unexpected one never hides the others.
func parseError(e *rest.APIError, _ http.Header, body []byte) {
	var vendorErr error
	if e.StatusCode == http.StatusUnprocessableEntity {
		vendorErr = ErrUnprocessable
	}
	e.Err = rest.SentinelsFor(e.StatusCode, vendorErr)
	members := rest.BodyMembers(body)
	e.Message, e.Field = errorsMessage(members["errors"])
	if e.Message == "" {
		e.Message = rest.FirstMessage(members, "error_description", "error", "message")
	}
	if code := rest.Scalar(members["error"]); code != e.Message {
		// {"error": "invalid_token", "error_description": "..."} names a code.
		e.Code = code
	}
}

// errorsMessage turns the "errors" member into one text. The object form
// gives "field: message, message; field: message" in field order, and the
// field's name when exactly one field is concerned.
func errorsMessage(raw json.RawMessage) (message, field string) {
	message = rest.Text(raw)
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) == nil && len(fields) == 1 {
		for name := range fields {
			field = name
		}
	}
	return message, field
}

// MissingMemberError is the cause of the *DecodeError of a success answer
// without its "profile" (reads) or "id" (points) member; Member names it,
// and the error matches ErrUnexpectedResponse too. Find it with errors.As.
type MissingMemberError = rest.MissingMemberError
