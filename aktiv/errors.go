package aktiv

import (
	"net/http"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// The sentinels every profiles-go package shares (the same values as
// haravan.ErrNotFound, olx.ErrNotFound, ...), matched with errors.Is. An
// *APIError matches the one of its status.
var (
	// ErrInvalidArgument marks a call or a client refused before anything
	// was sent: a malformed token, an empty profile update.
	ErrInvalidArgument = rest.ErrInvalidArgument
	// ErrUnauthorized is a 401 from Aktiv: the token is missing, wrong or
	// expired.
	ErrUnauthorized = rest.ErrUnauthorized
	// ErrForbidden is a 403 from Aktiv: the user's role does not allow the
	// call (GetBalance and PutProfile are for administrators).
	ErrForbidden = rest.ErrForbidden
	// ErrNotFound is a 404 from Aktiv.
	ErrNotFound = rest.ErrNotFound
	// ErrRateLimited is a 429 from Aktiv that retries did not get past.
	ErrRateLimited = rest.ErrRateLimited
)

// parseError reads an error answer. The vendor does not document its error
// body, so the common JSON shapes are read member by member, whatever each
// member's type; whatever is not found is left for the generic fallback
// (an HTML page's title or the status text).
func parseError(e *rest.APIError, _ http.Header, body []byte) {
	e.Err = rest.StatusSentinel(e.StatusCode)
	members := rest.BodyMembers(body)
	e.Message = rest.FirstMessage(members, "message", "error_description", "detail", "title", "error")
	e.Code = rest.FirstScalar(members, "code", "errorcode", "error_code")
	if e.Code == "" {
		e.Code = rest.FirstScalar(rest.Members(members["error"]), "code")
	}
	if code := rest.Scalar(members["error"]); e.Code == "" && code != e.Message {
		// {"error": "invalid_token", "error_description": "..."} names a code.
		e.Code = code
	}
}

// MissingMemberError is the cause of the *DecodeError of a success answer
// without the element the call reads ("user", "balance", "accesscodes"),
// or with it null; Member names it. Find it with errors.As.
type MissingMemberError = rest.MissingMemberError
