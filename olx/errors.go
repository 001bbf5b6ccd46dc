package olx

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// ErrTokenExpired is matched by errors.Is when OLX says the access token
// has expired. OLX answers this with 403, not 401; the call is not retried.
// Refresh the token and build a new Client. It matches ErrUnauthorized
// too, because the credentials are expired (and, as every 403 does,
// ErrForbidden): test ErrTokenExpired or ErrUnauthorized to know when to
// refresh.
var ErrTokenExpired = rest.NewSentinel("olx: access token expired", ErrUnauthorized)

// ErrInvalidAPIKey is matched by errors.Is when OLX does not know the
// partner API key ("Invalid API Key - unknown Partner", 403). Like
// ErrTokenExpired it matches ErrUnauthorized (the credentials are wrong)
// as well as ErrForbidden.
var ErrInvalidAPIKey = rest.NewSentinel("olx: invalid API key", ErrUnauthorized)

// Messages OLX sends for the two credential failures it documents.
const (
	msgTokenExpired  = "The access token provided has expired"
	msgInvalidAPIKey = "Invalid API Key - unknown Partner"
)

// parseError reads an OLX error answer into e and links the documented
// credential failures to their sentinels. OLX documents
// {"transaction_id": "...", "message": "..."}; its token service answers
// {"error": "invalid_grant", "error_description": "..."}, and its partner
// API {"error": {"status": 400, "title": "...", "detail": "...",
// "validation": [...]}}. Each member is read on its own, whatever its
// type, so an unexpected one never hides the others.
func parseError(e *APIError, _ http.Header, body []byte) {
	members := rest.BodyMembers(body)
	if id := rest.Scalar(members["transaction_id"]); id != "" {
		e.RequestID = id
	}
	e.Message = rest.FirstMessage(members, "message", "error_description", "error")
	e.Code = rest.Scalar(members["error"])
	if nested := rest.Members(members["error"]); nested != nil {
		readNestedError(e, nested)
	}
	e.Err = sentinelFor(e.Message)
}

// readNestedError takes the code, the transaction id and the validation
// details of an "error" object; its message was read with the others.
func readNestedError(e *APIError, nested map[string]json.RawMessage) {
	if e.Code == "" {
		e.Code = rest.FirstScalar(nested, "code", "type")
	}
	if e.RequestID == "" {
		e.RequestID = rest.Scalar(nested["transaction_id"])
	}
	validation := nested["validation"]
	if details := rest.Text(validation); details != "" && !strings.Contains(e.Message, details) {
		e.Message = strings.TrimSpace(e.Message + " (" + details + ")")
	}
	var list []json.RawMessage
	if json.Unmarshal(validation, &list) == nil && len(list) > 0 {
		e.Field = rest.FirstScalar(rest.Members(list[0]), "field", "name", "path")
	}
}

// sentinelFor matches OLX's messages loosely (case, punctuation around
// them) because they are prose, not codes.
func sentinelFor(message string) error {
	m := strings.ToLower(message)
	switch {
	case strings.Contains(m, strings.ToLower(msgTokenExpired)):
		return ErrTokenExpired
	case strings.Contains(m, "invalid api key"):
		return ErrInvalidAPIKey
	}
	return nil
}

// MissingMemberError is the cause of the *DecodeError of a token answer
// without an access_token: the code or refresh token was spent, and no
// token came back. Find it with errors.As.
type MissingMemberError = rest.MissingMemberError
