package cloudsigmatest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/profiles-sdk/profiles-go/cloudsigma"
	"github.com/profiles-sdk/profiles-go/internal/fake"
)

// ErrorBody returns an error answer in CloudSigma's format, for faults:
//
//	srv.InjectFault(1, cloudsigmatest.Fault{Status: 503, Body: cloudsigmatest.ErrorBody("concurrency", "try again", "")})
//
// An empty point is written as null.
func ErrorBody(errorType, message, point string) string {
	b, _ := json.Marshal([]wireError{newWireError(errorType, message, point)})
	return string(b)
}

type wireError struct {
	Message string  `json:"error_message"`
	Point   *string `json:"error_point"`
	Type    string  `json:"error_type"`
}

func newWireError(errorType, message, point string) wireError {
	e := wireError{Type: errorType, Message: message}
	if point != "" {
		e.Point = &point
	}
	return e
}

func writeErrors(w http.ResponseWriter, status int, errs []wireError) {
	fake.WriteJSON(w, status, errs)
}

// writeError answers the toolkit's errors (unknown path, wrong method,
// credentials) in the vendor's array format.
func writeError(w http.ResponseWriter, _ *http.Request, status int, message string) {
	writeErrors(w, status, []wireError{newWireError(errorTypeFor(status), message, "")})
}

func errorTypeFor(status int) string {
	switch status {
	case http.StatusBadRequest:
		return cloudsigma.ErrorTypeValidation
	case http.StatusPaymentRequired:
		return cloudsigma.ErrorTypeBilling
	case http.StatusNotFound:
		return cloudsigma.ErrorTypeNotExist
	case http.StatusServiceUnavailable:
		return cloudsigma.ErrorTypeConcurrency
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusMethodNotAllowed:
		return cloudsigma.ErrorTypePermission
	}
	return cloudsigma.ErrorTypeBackend
}

func (s *Server) authorize(r *http.Request) (int, string) {
	creds := s.Credentials()
	scheme, value, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	switch {
	case strings.EqualFold(scheme, "Bearer") && creds.Token != "" && value == creds.Token:
		return 0, ""
	case strings.EqualFold(scheme, "Basic") && creds.Username != "" && creds.Password != "" &&
		basicMatches(value, creds.Username, creds.Password):
		return 0, ""
	case scheme == "":
		return http.StatusUnauthorized, "Authentication credentials were not provided."
	}
	return http.StatusUnauthorized, "Invalid credentials."
}

func basicMatches(encoded, username, password string) bool {
	raw, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return false
	}
	user, pass, ok := strings.Cut(string(raw), ":")
	return ok && user == username && pass == password
}

func (s *Server) getProfile(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(append(s.ProfileJSON(), '\n'))
}

func (s *Server) getSchema(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(schemaJSON)
}

func (s *Server) putProfile(w http.ResponseWriter, r *http.Request) {
	var body map[string]json.RawMessage
	if !fake.ReadJSON(r, &body) || body == nil {
		writeErrors(w, http.StatusBadRequest, []wireError{newWireError(cloudsigma.ErrorTypeValidation, "The request body is not a JSON object.", "")})
		return
	}
	updates, errs := validate(body)
	if len(errs) > 0 {
		writeErrors(w, http.StatusBadRequest, errs)
		return
	}
	s.state.With(func(st *state) {
		for k, v := range updates {
			st.profile[k] = v
		}
	})
	s.getProfile(w, r)
}

// validate checks each writable field of a PUT body against the schema and
// the documented rules. Unknown and read-only fields are ignored, as the
// vendor does. It returns the values to store, or the errors, sorted by
// field.
func validate(body map[string]json.RawMessage) (map[string]json.RawMessage, []wireError) {
	names := make([]string, 0, len(body))
	for name := range body {
		names = append(names, name)
	}
	sort.Strings(names)
	updates := map[string]json.RawMessage{}
	var errs []wireError
	for _, name := range names {
		f, known := schema.Fields[name]
		if !known || f.ReadOnly {
			continue
		}
		v, msg := checkField(name, f, bytes.TrimSpace(body[name]))
		if msg != "" {
			errs = append(errs, newWireError(cloudsigma.ErrorTypeValidation, msg, name))
			continue
		}
		updates[name] = v
	}
	return updates, errs
}

func checkField(name string, f cloudsigma.SchemaField, raw json.RawMessage) (json.RawMessage, string) {
	if string(raw) == "null" {
		if f.Nullable {
			return raw, ""
		}
		return nil, "This field cannot be null."
	}
	switch f.Type {
	case "boolean":
		var b bool
		if json.Unmarshal(raw, &b) != nil {
			return nil, "Must be a boolean."
		}
	case "dict":
		var m map[string]any
		if json.Unmarshal(raw, &m) != nil {
			return nil, "Must be a dictionary."
		}
	case "decimal":
		var d cloudsigma.Decimal
		if d.UnmarshalJSON(raw) != nil {
			return nil, "Must be a decimal number."
		}
		return quantize(d), ""
	case "datetime":
		var s string
		if json.Unmarshal(raw, &s) != nil || !isDateTime(s) {
			return nil, "Must be a date & time."
		}
	default:
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return nil, "Must be a string."
		}
		return raw, checkString(name, s)
	}
	return raw, ""
}

func checkString(name, s string) string {
	switch name {
	case "address":
		if err := cloudsigma.ValidateAddress(s); err != nil {
			return fmt.Sprintf("Ensure this value is at most %d ASCII characters.", cloudsigma.MaxAddressLength)
		}
	case "clone_naming":
		if !cloudsigma.CloneNaming(s).Valid() {
			return "Select a valid choice: NONE, COUNTER, DATE, TIMESTAMP."
		}
	}
	return ""
}

func isDateTime(s string) bool {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}

// quantize stores a decimal as the vendor does: rounded to 16 places, and
// zero as "0E-16" (Python's text for a zero with that exponent). Python
// also writes non-zero values below 1E-6 with an exponent; the fake writes
// them with places, which decode to the same number.
func quantize(d cloudsigma.Decimal) json.RawMessage {
	text := d.Rat().FloatString(16)
	if strings.Trim(text, "-0.") == "" {
		text = "0E-16"
	}
	b, _ := json.Marshal(text)
	return b
}
