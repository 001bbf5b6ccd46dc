// Package aktivtest is an in-process fake of the Aktiv (Guardant) vendor
// profile API for tests, in the spirit of net/http/httptest.
//
//	srv := aktivtest.NewServer()
//	defer srv.Close()
//	c, _ := srv.NewClient() // as the Administrator: srv.Credentials(), WithBaseURL(srv.URL)
//	dev, _ := aktiv.NewClient(aktiv.Credentials{Token: aktivtest.DeveloperToken}, profiles.WithBaseURL(srv.URL))
//
// The fake speaks the wire format of the vendor's page: /v1.0/profile paths,
// answers wrapped in an element with lowercase keys and "_id", camelCase
// request bodies, hex access codes and Unix-second dates. It starts seeded
// with the page's records and three users, one per exported token, so role
// rules can be tested: private access codes only for the Administrator and
// Developer roles, GetBalance and PutProfile only for the Administrator.
// State is kept: a PUT profile shows in the next GET profile and balance, a
// PUT settings in the next GET profile's settings.language.
//
// The vendor documents neither its authentication nor its error bodies. The
// fake reads "Authorization: Bearer <token>" (SetTokenReader changes that)
// and answers errors as {"message": "..."}; both are guesses, like the
// client's defaults.
package aktivtest

import (
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/jarcoal/httpmock"
	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/aktiv"
	"github.com/profiles-sdk/profiles-go/internal/fake"
)

// Tokens the fake knows from the start, one per role.
const (
	// AdminToken signs in the page's example user, an Administrator. It is
	// the token of the default credentials (Server.Credentials) until
	// SetCredentials replaces it.
	AdminToken = "aktivtest-admin-token"
	// DeveloperToken signs in a Developer: private codes, no balance, no
	// profile changes.
	DeveloperToken = "aktivtest-developer-token"
	// UserToken signs in a plain User: public codes only.
	UserToken = "aktivtest-user-token"
)

// Messages of the fake's error answers.
const (
	MessageUnauthorized = "Authorization has been denied for this request."
	MessageForbidden    = "Access denied: this call needs the Administrator role."
)

// Server is a fake. It embeds the *httptest.Server it runs on, so srv.URL,
// srv.Close() and srv.Start() work directly.
type Server struct {
	*httptest.Server

	fake  *fake.Server
	state *fake.Locked[state]
}

type state struct {
	defaultToken string                 // the token of the default credentials
	users        map[string]*aktiv.User // by token
	codes        []aktiv.AccessCode
	balance      aktiv.Balance
	readToken    func(*http.Request) string
}

// NewUnstartedServer returns a seeded fake that is not listening yet; call
// Start (or StartTLS) before use.
func NewUnstartedServer() *Server {
	s := &Server{state: fake.NewLocked(seed())}
	s.fake = fake.New(fake.Config{Authorize: s.authorize, WriteError: writeError, SecretValues: s.tokens})
	s.fake.Handle(http.MethodGet, "/v1.0/profile", s.getProfile)
	s.fake.Handle(http.MethodPut, "/v1.0/profile", s.putProfile)
	s.fake.Handle(http.MethodGet, "/v1.0/profile/accesscodes", s.getAccessCodes)
	s.fake.Handle(http.MethodGet, "/v1.0/profile/balance", s.getBalance)
	s.fake.Handle(http.MethodPut, "/v1.0/profile/settings", s.putSettings)
	s.Server = s.fake.Server
	return s
}

// Credentials returns the credentials the fake accepts by default: the
// Administrator's token (AdminToken until SetCredentials replaces it).
func (s *Server) Credentials() aktiv.Credentials {
	var c aktiv.Credentials
	s.state.With(func(st *state) { c = aktiv.Credentials{Token: st.defaultToken} })
	return c
}

// SetCredentials replaces the default credentials: c.Token signs in the
// Administrator in place of the previous default token, which becomes
// unknown. An empty token is never accepted. The other roles' tokens
// (DeveloperToken, UserToken, those of SetUser) keep working.
func (s *Server) SetCredentials(c aktiv.Credentials) {
	s.state.With(func(st *state) {
		admin := st.users[st.defaultToken]
		delete(st.users, st.defaultToken)
		st.defaultToken = c.Token
		if admin != nil && c.Token != "" {
			st.users[c.Token] = admin
		}
	})
}

// Reset puts the fake back in the state NewServer gave it: the page's
// records, the three users and the default credentials, the default
// token reader, faults and recorded requests cleared.
func (s *Server) Reset() {
	s.state.With(func(st *state) { *st = seed() })
	s.fake.Reset()
}

// writeError answers in the fake's error format, {"message": "..."}.
func writeError(w http.ResponseWriter, _ *http.Request, status int, message string) {
	fake.WriteJSON(w, status, map[string]string{"message": message})
}

// bearerToken reads "Authorization: Bearer <token>".
func bearerToken(r *http.Request) string {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

// caller returns the request's token and a copy of the user it signs in,
// or ok false.
func (s *Server) caller(r *http.Request) (token string, u aktiv.User, ok bool) {
	s.state.With(func(st *state) {
		token = st.readToken(r)
		if p := st.users[token]; token != "" && p != nil {
			u, ok = *p, true
		}
	})
	return token, u, ok
}

func (s *Server) authorize(r *http.Request) (int, string) {
	if _, _, ok := s.caller(r); !ok {
		return http.StatusUnauthorized, MessageUnauthorized
	}
	return 0, ""
}

// SetTokenReader changes how the fake finds the token of a request, to test
// a client built with aktiv.WithAuthenticator; read returns "" when the
// request carries none. The default reads "Authorization: Bearer".
func (s *Server) SetTokenReader(read func(r *http.Request) string) {
	if read == nil {
		read = bearerToken
	}
	s.state.With(func(st *state) { st.readToken = read })
}

// tokens lists every known token, so that Requests masks one sent in a
// header of the client's choosing (see SetTokenReader).
func (s *Server) tokens() []string {
	var out []string
	s.state.With(func(st *state) {
		for token := range st.users {
			out = append(out, token)
		}
	})
	return out
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
func (s *Server) NewClient(opts ...profiles.Option) (*aktiv.Client, error) {
	base := []profiles.Option{profiles.WithBaseURL(s.URL)}
	if strings.HasPrefix(s.URL, "https:") {
		base = append(base, profiles.WithHTTPClient(s.Client()))
	}
	return aktiv.NewClient(s.Credentials(), append(base, opts...)...)
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
