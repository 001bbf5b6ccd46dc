// Package kiwitest is an in-process fake of the Kiwi account profile API
// for tests, in the spirit of net/http/httptest.
//
//	srv := kiwitest.NewServer()
//	defer srv.Close()
//	c, _ := srv.NewClient() // the subscriber: srv.Credentials(), WithBaseURL(srv.URL)
//	profile, _ := c.GetAccountProfile(ctx)
//
//	creds := srv.Credentials()
//	creds.UserToken = kiwitest.TokenFree
//	free, _ := kiwi.NewClient(creds, profiles.WithBaseURL(srv.URL))
//
// It speaks Kiwi's wire format: the X-Kiwi-Application-Key and X-Auth-Token
// headers, q, and the operation_status envelope, answering an unknown or
// missing token with HTTP 200 and operation_status 1 as Kiwi may. It starts
// with two accounts (TokenSubscriber, TokenFree) dated by the fake's clock,
// time.Now by default: at the moment the server is seeded, the subscriber
// has an active and a trial subscription, so
// profile.ActiveSubscriptions(time.Now()) holds both. For dates that do not
// change from run to run, set the clock to SeedTime:
//
//	srv.SetClock(func() time.Time { return kiwitest.SeedTime })
//	// the accounts are now SubscriberProfile() and FreeProfile(), exactly
//
// Kiwi documents no error body for a rejected application key or an
// unknown q value; the fake answers those with a guess: HTTP 401 or 400 and
// {"code": "...", "message": "..."}.
package kiwitest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/fake"
	"github.com/profiles-sdk/profiles-go/kiwi"
)

// Accounts the fake knows from the start.
const (
	// TokenSubscriber's account has an active, a trial, a cancelled and an
	// expired subscription on four platforms, and a context. It is the
	// user token of the default credentials (Server.Credentials) until
	// SetCredentials replaces it.
	TokenSubscriber = "kiwitest-token-subscriber"
	// TokenFree's account has no subscriptions and an empty context; send
	// it with the default application key.
	TokenFree = "kiwitest-token-free"
)

// defaultAppKey is the application key of the default credentials.
const defaultAppKey = "kiwitest-app-key"

// Error codes of the fake's guessed error body.
const (
	CodeInvalidAppKey = "INVALID_APPLICATION_KEY"
	CodeInvalidQuery  = "INVALID_QUERY"
)

// Server is a fake. It embeds the *httptest.Server it runs on, so srv.URL,
// srv.Close() and srv.Start() work directly.
type Server struct {
	*httptest.Server

	fake  *fake.Server
	state *fake.Locked[state]
}

type state struct {
	creds    kiwi.Credentials // the default credentials
	accounts map[string]kiwi.AccountProfile
	now      func() time.Time // dates the seeded accounts
}

// NewUnstartedServer returns a seeded fake that is not listening yet; call
// Start (or StartTLS) before use.
func NewUnstartedServer() *Server {
	s := &Server{state: fake.NewLocked(seed(time.Now))}
	s.fake = fake.New(fake.Config{
		Authorize:     s.authorize,
		WriteError:    writeError,
		SecretHeaders: []string{kiwi.AppKeyHeader, kiwi.UserTokenHeader},
	})
	s.fake.Handle(http.MethodGet, "/api/1.0/account/profile", s.getProfile)
	s.Server = s.fake.Server
	return s
}

// Credentials returns the credentials the fake accepts by default: its
// application key and the subscriber's user token (TokenSubscriber until
// SetCredentials replaces it).
func (s *Server) Credentials() kiwi.Credentials {
	var c kiwi.Credentials
	s.state.With(func(st *state) { c = st.creds })
	return c
}

// SetCredentials replaces the default credentials: c.AppKey becomes the
// only application key accepted, and c.UserToken opens the default
// account in place of the previous default token, which becomes invalid.
// An empty key or token is never accepted. Other tokens (TokenFree, those
// of SetAccount) keep working with the new key.
func (s *Server) SetCredentials(c kiwi.Credentials) {
	s.state.With(func(st *state) {
		p, ok := st.accounts[st.creds.UserToken]
		delete(st.accounts, st.creds.UserToken)
		st.creds = c
		if ok && c.UserToken != "" {
			st.accounts[c.UserToken] = p
		}
	})
}

// Reset puts the fake back in the state NewServer gave it: the two seeded
// accounts, dated by the clock (see SetClock), and the default credentials,
// faults and recorded requests cleared. The clock is kept.
func (s *Server) Reset() {
	s.state.With(func(st *state) { *st = seed(st.now) })
	s.fake.Reset()
}

func (s *Server) authorize(r *http.Request) (int, string) {
	want := s.Credentials().AppKey
	if want == "" || r.Header.Get(kiwi.AppKeyHeader) != want {
		return http.StatusUnauthorized, "The application key is missing or invalid."
	}
	return 0, ""
}

// writeError answers the fake's guessed error body.
func writeError(w http.ResponseWriter, _ *http.Request, status int, message string) {
	codes := map[int]string{
		http.StatusUnauthorized:     CodeInvalidAppKey,
		http.StatusBadRequest:       CodeInvalidQuery,
		http.StatusNotFound:         "NOT_FOUND",
		http.StatusMethodNotAllowed: "METHOD_NOT_ALLOWED",
	}
	code, ok := codes[status]
	if !ok {
		code = "ERROR"
	}
	fake.WriteJSON(w, status, map[string]string{"code": code, "message": message})
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
func (s *Server) NewClient(opts ...profiles.Option) (*kiwi.Client, error) {
	base := []profiles.Option{profiles.WithBaseURL(s.URL)}
	if strings.HasPrefix(s.URL, "https:") {
		base = append(base, profiles.WithHTTPClient(s.Client()))
	}
	return kiwi.NewClient(s.Credentials(), append(base, opts...)...)
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
