package cloudsigma

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// Sentinels for CloudSigma's error types, matched with errors.Is. An
// APIError matches the sentinel of its first error's type and the shared
// sentinel of its status: ErrNotExist also matches ErrNotFound, and
// ErrPermission comes with ErrUnauthorized on a 401 (wrong email, password
// or token) and ErrForbidden on a 403. A 401 or 403 without a known type
// still matches ErrPermission.
//
// See https://docs.cloudsigma.com/en/latest/errors.html
var (
	ErrValidation  = errors.New("cloudsigma: validation error")
	ErrNotExist    = rest.NewSentinel("cloudsigma: object does not exist", profiles.ErrNotFound)
	ErrBackend     = errors.New("cloudsigma: backend error")
	ErrPermission  = errors.New("cloudsigma: permission denied")
	ErrDatabase    = errors.New("cloudsigma: database error")
	ErrConcurrency = errors.New("cloudsigma: concurrency conflict")
	ErrBilling     = errors.New("cloudsigma: billing problem")
	ErrPayment     = errors.New("cloudsigma: payment problem")
)

// Error types CloudSigma sends in error_type (APIError.Code).
const (
	ErrorTypeValidation  = "validation"
	ErrorTypeNotExist    = "notexist"
	ErrorTypeBackend     = "backend"
	ErrorTypePermission  = "permission"
	ErrorTypeDatabase    = "database"
	ErrorTypeConcurrency = "concurrency"
	ErrorTypeBilling     = "billing"
	ErrorTypePayment     = "payment"
)

var sentinels = map[string]error{
	ErrorTypeValidation:  ErrValidation,
	ErrorTypeNotExist:    ErrNotExist,
	ErrorTypeBackend:     ErrBackend,
	ErrorTypePermission:  ErrPermission,
	ErrorTypeDatabase:    ErrDatabase,
	ErrorTypeConcurrency: ErrConcurrency,
	ErrorTypeBilling:     ErrBilling,
	ErrorTypePayment:     ErrPayment,
}

// ErrorDetail is one entry of CloudSigma's error array.
type ErrorDetail struct {
	Type    string `json:"error_type"`
	Message string `json:"error_message"`
	// Point names the field or object the error concerns; empty when the
	// vendor sent null.
	Point string `json:"error_point"`
}

// UnmarshalJSON reads each member on its own, so an odd one never hides
// the others: error_type as a string or a number, error_message as text of
// any shape, and error_point as a string, or else as its compact JSON.
func (d *ErrorDetail) UnmarshalJSON(b []byte) error {
	members := rest.Members(b)
	if members == nil {
		return errors.New("cloudsigma: an error entry is not a JSON object")
	}
	*d = ErrorDetail{
		Type:    rest.Scalar(members["error_type"]),
		Message: rest.FirstMessage(members, "error_message"),
	}
	point := bytes.TrimSpace(members["error_point"])
	var compact bytes.Buffer
	switch {
	case len(point) == 0 || string(point) == "null":
	case json.Unmarshal(point, &d.Point) == nil:
	case json.Compact(&compact, point) == nil:
		d.Point = compact.String()
	default:
		d.Point = string(point)
	}
	return nil
}

// ParseErrors decodes an error body: CloudSigma's array of errors, or a
// single error object. Entries that are not error objects are skipped. It
// reports false when no entry has a type or a message (an HTML page from a
// proxy, an empty body, another vendor's format).
func ParseErrors(body []byte) ([]ErrorDetail, bool) {
	var entries []json.RawMessage
	if json.Unmarshal(body, &entries) != nil {
		entries = []json.RawMessage{body}
	}
	var kept []ErrorDetail
	for _, raw := range entries {
		var d ErrorDetail
		if d.UnmarshalJSON(raw) == nil && (d.Type != "" || d.Message != "") {
			kept = append(kept, d)
		}
	}
	return kept, len(kept) > 0
}

// ErrorDetails returns every entry of the error array behind err, which
// may be wrapped; nil when err is not a CloudSigma APIError with one.
func ErrorDetails(err error) []ErrorDetail {
	var apiErr *profiles.APIError
	if !errors.As(err, &apiErr) {
		return nil
	}
	details, _ := ParseErrors(apiErr.Body)
	return details
}

// parseError fills an APIError from CloudSigma's error array: Message joins
// every error_message (each after its point when there are several), Code
// is the first type, Field the first point. A body in another format (a
// proxy's {"message": "..."}, an OAuth-style {"error": "..."}) still gives
// its message. A 401 or 403 without a known type matches ErrPermission, as
// proxies and the authentication layer may answer without the vendor's body.
func parseError(e *profiles.APIError, _ http.Header, body []byte) {
	if details, ok := ParseErrors(body); ok {
		msgs := make([]string, 0, len(details))
		for _, d := range details {
			msg := cmp.Or(d.Message, d.Type)
			if len(details) > 1 && d.Point != "" {
				msg = d.Point + ": " + msg
			}
			msgs = append(msgs, msg)
			e.Field = cmp.Or(e.Field, d.Point) // the first point given
		}
		e.Message = strings.Join(msgs, "; ")
		e.Code = details[0].Type
		e.Err = sentinels[details[0].Type]
	} else {
		members := rest.BodyMembers(body)
		e.Message = rest.FirstMessage(members, "message", "detail", "error_description", "error")
		e.Code = rest.FirstScalar(members, "code", "error")
	}
	if e.Err == nil && (e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden) {
		e.Err = ErrPermission
	}
}
