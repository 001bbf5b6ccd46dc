package olx

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
)

// ErrTokenExpired is matched by errors.Is when OLX says the access token
// has expired. OLX answers this with 403, not 401; the call is not retried.
// Refresh the token and build a new Client.
var ErrTokenExpired = errors.New("olx: access token expired")

// ErrInvalidAPIKey is matched by errors.Is when OLX does not know the
// partner API key ("Invalid API Key - unknown Partner", 403).
var ErrInvalidAPIKey = errors.New("olx: invalid API key")

// Messages OLX sends for the two credential failures it documents.
const (
	msgTokenExpired  = "The access token provided has expired"
	msgInvalidAPIKey = "Invalid API Key - unknown Partner"
)

// errorBody is OLX's error format. The OAuth-style fields are read too, so
// that an answer from the token service in front of the API still gives a
// message.
type errorBody struct {
	TransactionID    string `json:"transaction_id"`
	Message          string `json:"message"`
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
}

// parseError reads {"transaction_id": "...", "message": "..."} into e and
// links the documented credential failures to their sentinels.
func parseError(e *APIError, _ http.Header, body []byte) {
	var b errorBody
	if json.Unmarshal(body, &b) != nil {
		return // not JSON (a proxy's page): the foundation's fallback applies
	}
	e.RequestID = b.TransactionID
	e.Message = strings.TrimSpace(b.Message)
	e.Code = b.Error
	if e.Message == "" {
		e.Message = strings.TrimSpace(b.ErrorDescription)
	}
	e.Err = sentinelFor(e.Message)
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
