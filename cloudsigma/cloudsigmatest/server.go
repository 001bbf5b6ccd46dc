// Package cloudsigmatest is an in-process fake of the CloudSigma API 2.0
// profile, in the spirit of net/http/httptest, for testing code that uses
// the cloudsigma package without the network:
//
//	srv := cloudsigmatest.NewServer()
//	defer srv.Close()
//	c, _ := srv.NewClient() // srv.Credentials(), WithBaseURL(srv.URL)
//
// The fake speaks the vendor's wire format: paths under /api/2.0/, HTTP
// Basic or Bearer credentials (401 otherwise), errors as a JSON array of
// {error_type, error_message, error_point}, an X-REQUEST-ID header on every
// answer, and 405 for methods the profile does not allow (DELETE, POST).
// It keeps state: a PUT shows in the next GET; read-only fields in a PUT
// are ignored, as CloudSigma does; invalid values (an address over 180
// characters, a non-ASCII address, a wrong type, an unknown clone naming)
// are answered with 400 validation errors naming the field. Decimals are
// stored with 16 places and written the way the vendor writes them
// ("0E-16", "26.7300000000000000").
//
// It starts with the profile of the API documentation, plus the fields
// documented since (clone_naming, has_tx_autotopup, network_restrictions,
// tx_autotopup_amount, tx_autotopup_threshold) at their defaults.
//
// The fakes' vocabulary is SetX/AddX to seed, X(key) to read, RemoveX to
// delete. This fake is the exception on purpose: a CloudSigma account has
// exactly one profile, which exists as long as the account and cannot be
// deleted (DELETE is answered 405), so there is no key to pass and nothing
// to remove. Profile() reads it, SetProfile and SetField change it, Reset
// brings back the seeded one.
package cloudsigmatest

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/cloudsigma"
	"github.com/profiles-sdk/profiles-go/internal/fake"
)

// The default credentials' email and password (Server.Credentials).
const (
	defaultUsername = "user@example.com"
	defaultPassword = "fake-password"
)

//go:embed schema.json
var schemaJSON []byte

//go:embed profile.json
var seedProfileJSON []byte

var schema = mustSchema()

func mustSchema() cloudsigma.Schema {
	var s cloudsigma.Schema
	if err := json.Unmarshal(schemaJSON, &s); err != nil {
		panic("cloudsigmatest: embedded schema: " + err.Error())
	}
	return s
}

// Server is a fake. It embeds the *httptest.Server it runs on, so srv.URL,
// srv.Close() and srv.Start() work directly.
type Server struct {
	*httptest.Server

	fake      *fake.Server
	state     *fake.Locked[state]
	requestID atomic.Int64
}

type state struct {
	profile map[string]json.RawMessage
	creds   cloudsigma.Credentials // accepted: Basic, and Bearer if Token is set
}

func seed() state {
	return state{
		profile: seedProfile(),
		creds:   cloudsigma.Credentials{Username: defaultUsername, Password: defaultPassword},
	}
}

// NewUnstartedServer returns a seeded fake that is not listening yet; call
// Start (or StartTLS) before use.
func NewUnstartedServer() *Server {
	s := &Server{state: fake.NewLocked(seed())}
	s.fake = fake.New(fake.Config{Authorize: s.authorize, WriteError: writeError})
	s.fake.Handle(http.MethodGet, "/api/2.0/profile/", s.getProfile)
	s.fake.Handle(http.MethodPut, "/api/2.0/profile/", s.putProfile)
	s.fake.Handle(http.MethodGet, "/api/2.0/profile/schema/", s.getSchema)
	s.Server = s.fake.Server
	inner := s.Config.Handler
	s.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-REQUEST-ID", fmt.Sprintf("fake-%06d", s.requestID.Add(1)))
		inner.ServeHTTP(w, r)
	})
	return s
}

func seedProfile() map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(seedProfileJSON, &m); err != nil {
		panic("cloudsigmatest: embedded profile: " + err.Error())
	}
	return m
}

// Credentials returns the credentials the fake accepts: an email and
// password for Basic authentication from the start, and a Bearer token
// once SetCredentials gave one.
func (s *Server) Credentials() cloudsigma.Credentials {
	var c cloudsigma.Credentials
	s.state.With(func(st *state) { c = st.creds })
	return c
}

// SetCredentials replaces the credentials the fake accepts: Basic
// authentication with c.Username and c.Password, and Bearer
// authentication with c.Token. An empty field is never accepted: without
// a Token every Bearer request gets 401, without a Username or Password
// every Basic one.
func (s *Server) SetCredentials(c cloudsigma.Credentials) {
	s.state.With(func(st *state) { st.creds = c })
}

// Reset puts the fake back in the state NewServer gave it: the
// documentation's profile and the default credentials, request ids
// counting from 1 again, faults and recorded requests cleared.
func (s *Server) Reset() {
	s.state.With(func(st *state) { *st = seed() })
	s.requestID.Store(0)
	s.fake.Reset()
}

// Profile returns the stored profile (the account's only one, hence no
// key), decoded, and whether the cloudsigma package could decode it: after
// SetField stored a value it cannot read, ok is false (ProfileJSON shows
// what is stored).
func (s *Server) Profile() (cloudsigma.Profile, bool) {
	var p cloudsigma.Profile
	if err := json.Unmarshal(s.ProfileJSON(), &p); err != nil {
		return cloudsigma.Profile{}, false
	}
	return p, true
}

// ProfileJSON returns the stored profile as the fake answers it.
func (s *Server) ProfileJSON() []byte {
	var b []byte
	s.state.With(func(st *state) { b, _ = json.Marshal(st.profile) })
	return b
}

// SetProfile replaces the stored profile with p, read-only fields
// included (set State, TaxRate, Email, ... here, not through PUT).
func (s *Server) SetProfile(p cloudsigma.Profile) {
	b, err := json.Marshal(p)
	if err != nil {
		panic("cloudsigmatest: SetProfile: " + err.Error())
	}
	var m map[string]json.RawMessage
	_ = json.Unmarshal(b, &m)
	if !p.SignupTime.IsZero() {
		m["signup_time"], _ = json.Marshal(p.SignupTime.Format("2006-01-02T15:04:05.999999-07:00"))
	}
	s.state.With(func(st *state) { st.profile = m })
}

// SetField stores one field of the profile as the JSON of value,
// read-only or not: for answers a test wants to see, such as a null, a
// tax rate or a state.
func (s *Server) SetField(name string, value any) {
	b, err := json.Marshal(value)
	if err != nil {
		panic("cloudsigmatest: SetField: " + err.Error())
	}
	s.state.With(func(st *state) { st.profile[name] = b })
}

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

// Fault is what the next requests meet (see InjectFault): Status, Body, Header
// answer instead of the route; Delay waits first; Drop closes before the route
// runs; DropAfterApply closes after it, unanswered; StallAfterHeaders waits
// before the body; Truncate sends half the body and closes.
//
// Method and Path scope a fault to a route: empty matches any request; Path is
// compared with the path as sent, the same string as Request.Path. A request
// uses the first queued fault that matches it; the others stay queued. A fault
// with nothing but Method and Path set (or Fault{}) lets its request through.
type Fault = fake.Fault

// Request is a request received: Method, Path, Query, Header (secrets masked), Body.
type Request = fake.Request

// NewServer returns a started fake seeded with the vendor's documented records.
func NewServer() *Server {
	s := NewUnstartedServer()
	s.Start()
	return s
}

// NewClient returns a Client with the fake's Credentials; opts may replace its
// WithBaseURL (and, after StartTLS, the WithHTTPClient trusting its certificate).
func (s *Server) NewClient(opts ...profiles.Option) (*cloudsigma.Client, error) {
	base := []profiles.Option{profiles.WithBaseURL(s.URL)}
	if strings.HasPrefix(s.URL, "https:") {
		base = append(base, profiles.WithHTTPClient(s.Client()))
	}
	return cloudsigma.NewClient(s.Credentials(), append(base, opts...)...)
}

// InjectFault makes the next n requests meet f, after faults already queued.
func (s *Server) InjectFault(n int, f Fault) { s.fake.InjectFault(n, f) }

// ClearFaults drops every queued fault.
func (s *Server) ClearFaults() { s.fake.ClearFaults() }

// Requests returns a copy of the requests received, oldest first.
func (s *Server) Requests() []Request { return s.fake.Requests() }

// RequestCount returns how many requests the fake received.
func (s *Server) RequestCount() int { return s.fake.RequestCount() }

// Responder serves requests in process, without a listener: the same fake
// (state, credentials, faults, Requests) as srv.URL. With httpmock activated
// on the client's *http.Client, httpmock.RegisterNoResponder(srv.Responder())
// mocks every call with the fake's behaviour. Drop, DropAfterApply and
// Truncate then fail the round trip (or the body) with a transport error
// wrapping io.ErrUnexpectedEOF; Delay and StallAfterHeaders wait, ending
// early with the request's context.
func (s *Server) Responder() httpmock.Responder { return s.fake.Responder() }
