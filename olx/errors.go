package olx

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// ErrTokenExpired is matched by errors.Is when OLX says the access token
// has expired, which it answers with 403, not 401; the call is not retried.
// It matches ErrUnauthorized (and, as every 403, ErrForbidden) too: refresh
// the token and build a new Client.
var ErrTokenExpired = rest.NewSentinel("olx: access token expired", profiles.ErrUnauthorized)

// ErrInvalidAPIKey is matched by errors.Is when OLX does not know the
// partner API key ("Invalid API Key - unknown Partner", 403). It matches
// ErrUnauthorized and ErrForbidden too.
var ErrInvalidAPIKey = rest.NewSentinel("olx: invalid API key", profiles.ErrUnauthorized)

// parseError reads OLX's documented {"transaction_id", "message"}, its token
// service's {"error", "error_description"} and its partner API's
// {"error": {"status", "title", "detail", "validation": [...]}}. Each member
// is read on its own, whatever its type, so an unexpected one never hides
// the others.
func parseError(e *profiles.APIError, _ http.Header, body []byte) {
	members := rest.BodyMembers(body)
	if id := rest.Scalar(members["transaction_id"]); id != "" {
		e.RequestID = id
	}
	e.Message = rest.FirstMessage(members, "message", "error_description", "error")
	e.Code = rest.Scalar(members["error"])
	if nested := rest.Members(members["error"]); nested != nil {
		// Scalar gives "" for an object, so the code can only be inside it.
		e.Code = rest.FirstScalar(nested, "code", "type")
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
	// OLX's messages are prose, not codes: match them loosely.
	switch m := strings.ToLower(e.Message); {
	case strings.Contains(m, "the access token provided has expired"):
		e.Err = ErrTokenExpired
	case strings.Contains(m, "invalid api key"):
		e.Err = ErrInvalidAPIKey
	}
}

// MissingMemberError is the cause of the *DecodeError of a token answer
// without an access_token: the code or refresh token was spent, and no
// token came back. Find it with errors.As.
type MissingMemberError = rest.MissingMemberError

// ErrPriceFormat is matched by errors.Is when ParsePrice cannot read a
// price.
var ErrPriceFormat = errors.New("olx: unrecognised price format")

// PriceError says why a price text could not be parsed.
type PriceError struct {
	Text   string // the price text as given
	Reason string
}

func (e *PriceError) Error() string {
	return fmt.Sprintf("olx: cannot parse price %q: %s", e.Text, e.Reason)
}

// Is makes errors.Is(err, ErrPriceFormat) hold.
func (e *PriceError) Is(target error) bool { return target == ErrPriceFormat }
