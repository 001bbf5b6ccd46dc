package haravan

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// Haravan's own sentinels, matched with errors.Is. The shared ones
// (package profiles) say, for Haravan: ErrUnauthorized, a 401, the access token
// is missing, invalid or expired; ErrForbidden, a 403, it lacks a scope
// (loy.read_profiles, loy.write_profiles); ErrNotFound, a 404, no profile
// has the id; ErrRateLimited, a 429, the shop's call bucket stayed full.
var (
	// ErrUnprocessable is a 422 from Haravan: the request was refused by
	// validation; APIError.Message lists the fields and their messages.
	ErrUnprocessable = errors.New("haravan: request refused by validation")

	// ErrUnexpectedResponse marks a 2xx answer that lacks what the
	// documentation promises; the error is a *DecodeError as well.
	ErrUnexpectedResponse = errors.New("unexpected response")
)

// ErrDuplicateRefID is matched by the error of AddPoints or SubtractPoints
// on a client with a Ledger when the RefID is already claimed (pending,
// applied or outcome unknown): nothing was sent. The error says the state.
var ErrDuplicateRefID = errors.New("haravan: RefID already claimed")

// ErrNotRecorded is matched by the error of AddPoints or SubtractPoints
// when the change was sent but the Ledger failed to record how it ended:
// the entry stays pending, is listed by Unsettled and is never sent again
// until resolved. The error also wraps the call's own error, if any, and
// the ledger's; after an applied change the profile is returned with it.
var ErrNotRecorded = errors.New("haravan: the ledger did not record the outcome; the RefID stays pending until resolved")

// parseError fills e from a Haravan error answer: {"errors": ...}, a
// message or an object of field → messages (Field names the field when
// there is one); OAuth's {"error": "...", "error_description": "..."}; or
// {"message": "..."}. Each member is read on its own, whatever its type,
// so an unexpected one never hides the others.
func parseError(e *profiles.APIError, _ http.Header, body []byte) {
	if e.StatusCode == http.StatusUnprocessableEntity {
		e.Err = ErrUnprocessable
	}
	members := rest.BodyMembers(body)
	e.Message = cmp.Or(rest.Text(members["errors"]), rest.FirstMessage(members, "error_description", "error", "message"))
	var fields map[string]json.RawMessage
	if json.Unmarshal(members["errors"], &fields) == nil && len(fields) == 1 {
		for name := range fields {
			e.Field = name
		}
	}
	if code := rest.Scalar(members["error"]); code != e.Message {
		// {"error": "invalid_token", "error_description": "..."} names a code.
		e.Code = code
	}
}

// MissingMemberError is the cause of the *DecodeError of a success answer
// without its "profile" (reads) or "id" (points) member; Member names it,
// and the error matches ErrUnexpectedResponse too. Find it with errors.As.
type MissingMemberError = rest.MissingMemberError

// needMember is a Check's verdict on a success answer: nil when the member
// the call needs was there (and not null).
func needMember(present bool, member string) error {
	if present {
		return nil
	}
	return &rest.MissingMemberError{Member: member, Err: ErrUnexpectedResponse}
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("haravan: %w: %s", profiles.ErrInvalidArgument, fmt.Sprintf(format, args...))
}
