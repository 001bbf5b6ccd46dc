// Package olxtest is an in-process fake of the OLX Group Profile API for
// tests and demos, in the spirit of net/http/httptest.
//
//	srv := olxtest.NewServer()
//	defer srv.Close()
//	c, _ := srv.NewClient() // the fake's default credentials, WithBaseURL(srv.URL)
//
// It serves GET /profile/v1/packages in OLX's wire format and starts with
// two accounts holding the documentation's two examples: the default
// credentials (srv.Credentials(), whose token is PostpaidToken) see the
// postpaid package, PrepaidToken the prepaid one:
//
//	creds := srv.Credentials()
//	creds.AccessToken = olxtest.PrepaidToken
//	c, _ := olx.NewClient(creds, profiles.WithBaseURL(srv.URL))
//
// It checks the API key
// and the token and answers as OLX documents: 403 "Invalid API Key -
// unknown Partner" for a wrong key, 403 "The access token provided has
// expired" for a token marked with ExpireToken. OLX does not document its
// answer to an unknown or missing token; the fake answers 401 with
// "The access token provided is invalid".
//
// It also serves the token endpoint, POST /oauth/v1/token: a code from
// NewAuthorizationCode, sent with ClientID and ClientSecret as Basic
// credentials, exchanges once for an access and a refresh token, and the
// refresh token gets new access tokens to the same account.
//
// OLX discontinued the Profile API on 2023-11-30 (see package olx); the
// fake stays so that code which replays or archives its answers keeps its
// tests.
package olxtest

//lint:file-ignore SA1019 the fake serves the deprecated olx API on purpose.

import (
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/jarcoal/httpmock"
	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/fake"
	"github.com/profiles-sdk/profiles-go/olx"
)

// Identities the fake knows from the start, besides its default
// credentials (Server.Credentials).
const (
	// PostpaidToken opens the account with the documentation's postpaid
	// package ("306,27 zł"). It is the access token of the default
	// credentials until SetCredentials replaces it.
	PostpaidToken = "olxtest-postpaid-token"
	// PrepaidToken opens the account with the documentation's prepaid
	// package ("490.77€"); send it with the default API key.
	PrepaidToken = "olxtest-prepaid-token"
	// ClientID and ClientSecret are the application credentials the token
	// endpoint accepts.
	ClientID     = "olxtest-client-id"
	ClientSecret = "olxtest-client-secret"
)

// The default credentials' API key and CRM name.
const (
	defaultAPIKey  = "olxtest-api-key"
	defaultCRMName = "olxtest"
)

// Messages the fake answers with. The first three are OLX's own; OLX does
// not document the text of the others, only their status codes where
// noted.
const (
	MessageFound        = "Profile found"
	MessageTokenExpired = "The access token provided has expired"
	MessageInvalidKey   = "Invalid API Key - unknown Partner"
	MessageInvalidToken = "The access token provided is invalid"
	// MessageInvalidGrant answers a bad, used or unknown authorization code
	// or refresh token (400, as OLX documents for a bad code).
	MessageInvalidGrant  = "Invalid authorization code or refresh token"
	MessageInvalidClient = "Invalid client credentials"
)

// Server is the fake. It embeds the *httptest.Server it runs on, so
// srv.URL, srv.Close() and srv.Start() work directly.
type Server struct {
	*httptest.Server

	fake  *fake.Server
	state *fake.Locked[state]
}

// state maps access tokens to accounts, so that a refreshed token sees the
// same packages as the token it replaced.
type state struct {
	creds    olx.Credentials          // the default credentials
	tokens   map[string]string        // access token → account
	accounts map[string][]olx.Package // account → packages
	expired  map[string]bool          // access tokens
	refresh  map[string]string        // refresh token → account
	codes    map[string]string        // unused authorization code → account
	seq      int                      // for new accounts, codes and tokens
	txn      int
}

// NewUnstartedServer returns a seeded fake that is not listening yet; call
// Start (or StartTLS) before use.
func NewUnstartedServer() *Server {
	s := &Server{state: fake.NewLocked(seed())}
	s.fake = fake.New(fake.Config{Authorize: s.authorize, WriteError: s.writeError, SecretHeaders: []string{"X-API-KEY"}})
	s.fake.Handle(http.MethodGet, "/profile/v1/packages", s.getPackages)
	s.fake.Handle(http.MethodPost, "/oauth/v1/token", s.postToken)
	s.Server = s.fake.Server
	return s
}

// Credentials returns the credentials the fake accepts by default: its API
// key and the token of the postpaid account (PostpaidToken until
// SetCredentials replaces them).
func (s *Server) Credentials() olx.Credentials {
	var c olx.Credentials
	s.state.With(func(st *state) { c = st.creds })
	return c
}

// SetCredentials replaces the default credentials: c.APIKey becomes the
// only partner key accepted, and c.AccessToken opens the default account
// in place of the previous default token. An empty key or token is never
// accepted. Other tokens (PrepaidToken, those of SetAccount and of the
// token endpoint) keep working with the new key.
func (s *Server) SetCredentials(c olx.Credentials) {
	s.state.With(func(st *state) {
		if st.tokens[st.creds.AccessToken] == defaultAccount {
			delete(st.tokens, st.creds.AccessToken)
		}
		st.creds = c
		if c.AccessToken != "" {
			st.tokens[c.AccessToken] = defaultAccount
			delete(st.expired, c.AccessToken)
		}
	})
}

// Reset puts the fake back in the state NewServer gave it: the seeded
// accounts and the default credentials, no expired tokens, codes or
// refresh tokens, transaction ids counting from 1 again, faults and
// recorded requests cleared.
func (s *Server) Reset() {
	s.state.With(func(st *state) { *st = seed() })
	s.fake.Reset()
}

// authorize checks the key first, as OLX names the partner before the
// user; the token endpoint then wants the application's Basic
// credentials, every other route a known, unexpired access token.
func (s *Server) authorize(r *http.Request) (int, string) {
	var status int
	var msg string
	s.state.With(func(st *state) {
		if r.Header.Get("X-API-KEY") != st.creds.APIKey || st.creds.APIKey == "" {
			status, msg = http.StatusForbidden, MessageInvalidKey
			return
		}
		if r.URL.Path == "/oauth/v1/token" {
			if id, secret, ok := r.BasicAuth(); !ok || id != ClientID || secret != ClientSecret {
				status, msg = http.StatusUnauthorized, MessageInvalidClient
			}
			return
		}
		token, hasBearer := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		_, known := st.tokens[token]
		known = known && token != ""
		switch {
		case hasBearer && st.expired[token]:
			status, msg = http.StatusForbidden, MessageTokenExpired
		case !hasBearer || !known:
			status, msg = http.StatusUnauthorized, MessageInvalidToken
		}
	})
	return status, msg
}

// writeError answers in OLX's error format.
func (s *Server) writeError(w http.ResponseWriter, _ *http.Request, status int, message string) {
	fake.WriteJSON(w, status, map[string]string{
		"transaction_id": s.nextTransactionID(),
		"message":        message,
	})
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
func (s *Server) NewClient(opts ...profiles.Option) (*olx.Client, error) {
	base := []profiles.Option{profiles.WithBaseURL(s.URL)}
	if strings.HasPrefix(s.URL, "https:") {
		base = append(base, profiles.WithHTTPClient(s.Client()))
	}
	return olx.NewClient(s.Credentials(), append(base, opts...)...)
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
