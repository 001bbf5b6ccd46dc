package aktiv

import (
	"net/http"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// parseError reads an error answer. The vendor does not document its error
// body, so the common JSON shapes are read member by member, whatever each
// member's type; whatever is not found is left for the generic fallback
// (an HTML page's title or the status text). Aktiv has no sentinels of its
// own: the core matches a 401 with ErrUnauthorized (the token is missing,
// wrong or expired) and a 403 with ErrForbidden (the user's role does not
// allow the call: GetBalance and PutProfile are for administrators).
func parseError(e *rest.APIError, _ http.Header, body []byte) {
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
