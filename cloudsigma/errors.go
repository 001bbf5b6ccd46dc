package cloudsigma

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// Sentinels for CloudSigma's error types, matched with errors.Is:
//
//	if errors.Is(err, cloudsigma.ErrValidation) { ... }
//
// An APIError matches the sentinel of its first error's type.
//
// See https://docs.cloudsigma.com/en/latest/errors.html
var (
	ErrValidation  = errors.New("cloudsigma: validation error")
	ErrNotExist    = errors.New("cloudsigma: object does not exist")
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

// UnmarshalJSON accepts an error_point that is null, a string, or any
// other JSON value (kept as its JSON text), so an odd point never hides
// the error itself.
func (d *ErrorDetail) UnmarshalJSON(b []byte) error {
	var wire struct {
		Type    string          `json:"error_type"`
		Message string          `json:"error_message"`
		Point   json.RawMessage `json:"error_point"`
	}
	if err := json.Unmarshal(b, &wire); err != nil {
		return err
	}
	*d = ErrorDetail{Type: wire.Type, Message: wire.Message}
	point := bytes.TrimSpace(wire.Point)
	switch {
	case len(point) == 0 || string(point) == "null":
	case json.Unmarshal(point, &d.Point) == nil:
	default:
		d.Point = string(point)
	}
	return nil
}

// ParseErrors decodes an error body: CloudSigma's array of errors, or a
// single error object. It reports false for anything else (an HTML page
// from a proxy, an empty body).
func ParseErrors(body []byte) ([]ErrorDetail, bool) {
	body = bytes.TrimSpace(body)
	var list []ErrorDetail
	if len(body) > 0 && body[0] == '[' {
		if json.Unmarshal(body, &list) != nil {
			return nil, false
		}
	} else {
		var one ErrorDetail
		if json.Unmarshal(body, &one) != nil || (one.Type == "" && one.Message == "") {
			return nil, false
		}
		list = []ErrorDetail{one}
	}
	kept := list[:0]
	for _, d := range list {
		if d.Type != "" || d.Message != "" {
			kept = append(kept, d)
		}
	}
	return kept, len(kept) > 0
}

// ErrorDetails returns every entry of the error array behind err, which
// may be wrapped; nil when err is not a CloudSigma APIError with one.
func ErrorDetails(err error) []ErrorDetail {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return nil
	}
	details, _ := ParseErrors(apiErr.Body)
	return details
}

// parseError fills an APIError from CloudSigma's error array: Message joins
// every error_message, Code and Field come from the first error (the field
// from the first one that names a point), and Err is the first type's
// sentinel. The request id comes from X-REQUEST-ID (set by rest).
//
// A 401 or 403 without a recognised error type still matches
// ErrPermission, since proxies and the authentication layer may answer
// without the vendor's body.
func parseError(e *rest.APIError, _ http.Header, body []byte) {
	defer func() {
		if e.Err == nil && (e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden) {
			e.Err = ErrPermission
		}
	}()
	details, ok := ParseErrors(body)
	if !ok {
		return
	}
	msgs := make([]string, 0, len(details))
	for _, d := range details {
		msg := d.Message
		if msg == "" {
			msg = d.Type
		}
		if len(details) > 1 && d.Point != "" {
			msg = fmt.Sprintf("%s: %s", d.Point, msg)
		}
		msgs = append(msgs, msg)
		if e.Field == "" {
			e.Field = d.Point
		}
	}
	e.Message = strings.Join(msgs, "; ")
	e.Code = details[0].Type
	e.Err = sentinels[details[0].Type]
}
