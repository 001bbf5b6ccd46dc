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
	_ "embed"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"

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

// Server is a fake. It embeds the *httptest.Server it runs on, so srv.URL,
// srv.Close() and srv.Start() work directly.
type Server struct {
	*httptest.Server

	fake      *fake.Server
	state     *fake.Locked[state]
	requestID atomic.Int64
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
