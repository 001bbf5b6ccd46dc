// Package olxtest is an in-process fake of the OLX Group Profile API for
// tests and demos, in the spirit of net/http/httptest.
//
//	srv := olxtest.NewServer()
//	defer srv.Close()
//	c, _ := olx.NewClient(olx.Credentials{
//		APIKey: olxtest.APIKey, AccessToken: olxtest.PostpaidToken, CRMName: "my_crm",
//	}, olx.WithBaseURL(srv.URL))
//
// It serves GET /profile/v1/packages in OLX's wire format and starts with
// two accounts holding the documentation's two examples: PostpaidToken sees
// the postpaid package, PrepaidToken the prepaid one. It checks the API key
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
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/profiles-sdk/profiles-go/internal/fake"
	"github.com/profiles-sdk/profiles-go/olx"
)

// Credentials the fake accepts from the start.
const (
	// APIKey is the partner key the fake accepts (see SetAPIKey).
	APIKey = "olxtest-api-key"
	// PostpaidToken opens the account with the documentation's postpaid
	// package ("306,27 zł").
	PostpaidToken = "olxtest-postpaid-token"
	// PrepaidToken opens the account with the documentation's prepaid
	// package ("490.77€").
	PrepaidToken = "olxtest-prepaid-token"
	// ClientID and ClientSecret are the application credentials the token
	// endpoint accepts.
	ClientID     = "olxtest-client-id"
	ClientSecret = "olxtest-client-secret"
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

// Fault is what the next requests get instead of their normal answer; see
// Server.InjectFault.
type Fault = fake.Fault

// Server is the fake. It embeds *fake.Server, which embeds
// *httptest.Server: srv.URL, srv.Close(), srv.InjectFault(n, Fault{...}),
// srv.Requests() and srv.RequestCount() work directly.
type Server struct {
	*fake.Server
	state *fake.Locked[state]
}

// state maps access tokens to accounts, so that a refreshed token sees the
// same packages as the token it replaced.
type state struct {
	apiKey   string
	tokens   map[string]string        // access token → account
	accounts map[string][]olx.Package // account → packages
	expired  map[string]bool          // access tokens
	refresh  map[string]string        // refresh token → account
	codes    map[string]string        // unused authorization code → account
	seq      int                      // for new accounts, codes and tokens
	txn      int
}

// NewServer returns a started fake seeded with the documented accounts.
// Close it when done.
func NewServer() *Server {
	s := NewUnstartedServer()
	s.Start()
	return s
}

// NewUnstartedServer returns a seeded fake that is not listening yet; call
// Start (or StartTLS) before use.
func NewUnstartedServer() *Server {
	s := &Server{state: fake.NewLocked(state{
		apiKey:   APIKey,
		tokens:   map[string]string{PostpaidToken: "postpaid", PrepaidToken: "prepaid"},
		accounts: map[string][]olx.Package{"postpaid": {PostpaidPackage()}, "prepaid": {PrepaidPackage()}},
		expired:  map[string]bool{},
		refresh:  map[string]string{},
		codes:    map[string]string{},
	})}
	s.Server = fake.New(fake.Config{Authorize: s.authorize, WriteError: s.writeError})
	s.Handle(http.MethodGet, "/profile/v1/packages", s.getPackages)
	s.Handle(http.MethodPost, "/oauth/v1/token", s.postToken)
	return s
}

// PostpaidPackage is the documentation's postpaid example.
func PostpaidPackage() olx.Package {
	return olx.Package{
		Type:      olx.Postpaid,
		Name:      "za okres 2019-10-15 - 2019-11-13 (wystawień: 16) - przedział 1-20",
		Available: 4,
		Total:     20,
		InvoiceAt: at("2019-11-12T23:00:00.000+0000"),
		StartsAt:  at("2019-10-14T22:00:00.000+0000"),
		Price:     "306,27 zł",
	}
}

// PrepaidPackage is the documentation's prepaid example.
func PrepaidPackage() olx.Package {
	return olx.Package{
		Type:        olx.Prepaid,
		Name:        "Pacote L",
		Available:   9997,
		Total:       10000,
		PurchasedAt: at("2020-03-05T11:43:05.000+0000"),
		StartsAt:    at("2020-03-05T11:43:05.000+0000"),
		ExpiresAt:   at("2020-04-05T10:43:05.000+0000"),
		Price:       "490.77€",
	}
}

func at(s string) *time.Time {
	t, err := olx.ParseTime(s)
	if err != nil {
		panic(err) // the seeds above are constants
	}
	return &t
}

// SetAPIKey changes the partner key the fake accepts.
func (s *Server) SetAPIKey(key string) {
	s.state.With(func(st *state) { st.apiKey = key })
}

// SetPackages makes token open an account holding pkgs, replacing the
// packages of the account the token had (and so of every token of that
// account); the token is valid (not expired) afterwards.
func (s *Server) SetPackages(token string, pkgs ...olx.Package) {
	s.state.With(func(st *state) {
		acct, ok := st.tokens[token]
		if !ok {
			acct = "token:" + token
			st.tokens[token] = acct
		}
		st.accounts[acct] = append([]olx.Package(nil), pkgs...)
		delete(st.expired, token)
	})
}

// Packages returns a copy of the packages token's account holds, and
// whether the token opens an account.
func (s *Server) Packages(token string) ([]olx.Package, bool) {
	var pkgs []olx.Package
	var ok bool
	s.state.With(func(st *state) {
		var acct string
		if acct, ok = st.tokens[token]; ok {
			pkgs = append([]olx.Package(nil), st.accounts[acct]...)
		}
	})
	return pkgs, ok
}

// RemoveAccount makes token unknown to the fake.
func (s *Server) RemoveAccount(token string) {
	s.state.With(func(st *state) {
		delete(st.tokens, token)
		delete(st.expired, token)
	})
}

// ExpireToken makes every later request with token fail as OLX fails an
// expired token: 403 "The access token provided has expired".
func (s *Server) ExpireToken(token string) {
	s.state.With(func(st *state) { st.expired[token] = true })
}

// LastTransactionID returns the transaction id of the latest answer, ""
// before the first.
func (s *Server) LastTransactionID() string {
	var id string
	s.state.With(func(st *state) {
		if st.txn > 0 {
			id = transactionID(st.txn)
		}
	})
	return id
}

// nextTransactionID numbers answers in the shape of OLX's UUIDs, so tests
// can predict them.
func (s *Server) nextTransactionID() string {
	var id string
	s.state.With(func(st *state) {
		st.txn++
		id = transactionID(st.txn)
	})
	return id
}

func transactionID(n int) string {
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
}

// authorize checks the key first, as OLX names the partner before the
// user; the token endpoint then wants the application's Basic
// credentials, every other route a known, unexpired access token.
func (s *Server) authorize(r *http.Request) (int, string) {
	var status int
	var msg string
	s.state.With(func(st *state) {
		if r.Header.Get("X-API-KEY") != st.apiKey || st.apiKey == "" {
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

func (s *Server) getPackages(w http.ResponseWriter, r *http.Request) {
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	pkgs, _ := s.Packages(token)
	if pkgs == nil {
		pkgs = []olx.Package{} // OLX sends an array, never null
	}
	fake.WriteJSON(w, http.StatusOK, olx.PackagesResponse{
		TransactionID: s.nextTransactionID(),
		Message:       MessageFound,
		Packages:      pkgs,
	})
}
