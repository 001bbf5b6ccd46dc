package aktiv

import (
	"cmp"
	"errors"
	"net/http"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// ErrInvalidCode is matched by errors.Is when a text is not an access code.
var ErrInvalidCode = errors.New("aktiv: invalid access code")

// parseError reads an error answer, whose body the vendor does not
// document: the common JSON shapes, member by member whatever each member's
// type, leaving the rest to the client's fallback (an HTML page's title or
// the status text). The client matches a 401 with ErrUnauthorized and a 403
// (a role that may not make the call) with ErrForbidden.
func parseError(e *profiles.APIError, _ http.Header, body []byte) {
	members := rest.BodyMembers(body)
	e.Message = rest.FirstMessage(members, "message", "error_description", "detail", "title", "error")
	e.Code = cmp.Or(rest.FirstScalar(members, "code", "errorcode", "error_code"), rest.FirstScalar(rest.Members(members["error"]), "code"))
	if code := rest.Scalar(members["error"]); e.Code == "" && code != e.Message {
		// {"error": "invalid_token", "error_description": "..."} names a code.
		e.Code = code
	}
}

// MissingMemberError is the cause of the *DecodeError of a success answer
// without the element the call reads ("user", "balance", "accesscodes"),
// or with it null; Member names it. Find it with errors.As.
type MissingMemberError = rest.MissingMemberError
