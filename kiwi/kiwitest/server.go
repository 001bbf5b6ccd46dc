// Package kiwitest is an in-process fake of the Kiwi account profile API
// for tests, in the spirit of net/http/httptest.
//
//	srv := kiwitest.NewServer()
//	defer srv.Close()
//	c, _ := srv.NewClient(kiwitest.TokenSubscriber)
//	profile, _ := c.GetAccountProfile(ctx)
//
// It speaks Kiwi's wire format: the X-Kiwi-Application-Key and X-Auth-Token
// headers, q, and the operation_status envelope, answering an unknown or
// missing token with HTTP 200 and operation_status 1 as Kiwi may. It starts
// with two accounts (TokenSubscriber, TokenFree) whose dates describe
// SeedTime.
//
// Kiwi documents no error body for a rejected application key or an
// unknown q value; the fake answers those with a guess: HTTP 401 or 400 and
// {"code": "...", "message": "..."}.
package kiwitest

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/profiles-sdk/profiles-go/internal/fake"
	"github.com/profiles-sdk/profiles-go/kiwi"
)

// The credentials the fake accepts from the start.
const (
	// AppKey is the application key the fake accepts (see SetAppKey).
	AppKey = "kiwitest-app-key"
	// TokenSubscriber's account has an active, a trial, a cancelled and an
	// expired subscription on four platforms, and a context.
	TokenSubscriber = "kiwitest-token-subscriber"
	// TokenFree's account has no subscriptions and an empty context.
	TokenFree = "kiwitest-token-free"
)

// SeedTime is the moment the seeded accounts describe: at SeedTime the
// subscriber's Google Play subscription is active and its App Store one in
// trial. Pass it to ActiveAt for results that do not change with the clock.
var SeedTime = time.Date(2025, time.June, 1, 12, 0, 0, 0, time.UTC)

// Fault is what the next requests get instead of their normal answer; see
// Server.InjectFault.
type Fault = fake.Fault

// Error codes of the fake's guessed error body.
const (
	CodeInvalidAppKey = "INVALID_APPLICATION_KEY"
	CodeInvalidQuery  = "INVALID_QUERY"
)

// Server is a running fake. Its embedded *fake.Server gives URL, Close,
// InjectFault, ClearFaults, Requests and RequestCount.
type Server struct {
	*fake.Server
	state *fake.Locked[state]
}

type state struct {
	appKey   string
	accounts map[string]kiwi.AccountProfile
}

// NewServer starts a fake seeded with the two documented-style accounts.
func NewServer() *Server {
	s := &Server{state: fake.NewLocked(state{appKey: AppKey, accounts: map[string]kiwi.AccountProfile{
		TokenSubscriber: SubscriberProfile(),
		TokenFree:       FreeProfile(),
	}})}
	s.Server = fake.New(fake.Config{Authorize: s.authorize, WriteError: writeError})
	s.Handle(http.MethodGet, "/api/1.0/account/profile", s.getProfile)
	s.Start()
	return s
}

// NewClient returns a kiwi.Client for token that talks to the fake with
// AppKey; opts come after WithBaseURL, so they may add to it.
func (s *Server) NewClient(token string, opts ...kiwi.Option) (*kiwi.Client, error) {
	return kiwi.NewClient(kiwi.Credentials{AppKey: AppKey, UserToken: token},
		append([]kiwi.Option{kiwi.WithBaseURL(s.URL)}, opts...)...)
}

// SetAppKey changes the application key the fake accepts.
func (s *Server) SetAppKey(key string) {
	s.state.With(func(st *state) { st.appKey = key })
}

// SetAccount adds or replaces the account token belongs to.
func (s *Server) SetAccount(token string, p kiwi.AccountProfile) {
	p = clone(p)
	s.state.With(func(st *state) { st.accounts[token] = p })
}

// Account returns a copy of the account token belongs to.
func (s *Server) Account(token string) (kiwi.AccountProfile, bool) {
	var p kiwi.AccountProfile
	var ok bool
	s.state.With(func(st *state) { p, ok = st.accounts[token] })
	if !ok {
		return kiwi.AccountProfile{}, false
	}
	return clone(p), true
}

// DeleteAccount removes token's account: the token becomes invalid.
func (s *Server) DeleteAccount(token string) {
	s.state.With(func(st *state) { delete(st.accounts, token) })
}

// clone deep-copies a profile through its wire format, as the client would
// see it.
func clone(p kiwi.AccountProfile) kiwi.AccountProfile {
	b, err := json.Marshal(wireProfile(p, true, true))
	if err != nil {
		panic("kiwitest: profile cannot be encoded: " + err.Error())
	}
	var out kiwi.AccountProfile
	if err := json.Unmarshal(b, &out); err != nil {
		panic("kiwitest: profile cannot be decoded: " + err.Error())
	}
	if p.Subscriptions == nil {
		out.Subscriptions = nil
	}
	if p.Context == nil {
		out.Context = nil
	}
	return out
}

func (s *Server) authorize(r *http.Request) (int, string) {
	var want string
	s.state.With(func(st *state) { want = st.appKey })
	if r.Header.Get(kiwi.AppKeyHeader) != want {
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

func (s *Server) getProfile(w http.ResponseWriter, r *http.Request) {
	subs, ctx, bad := parseQuery(r.URL.Query().Get("q"))
	if bad != "" {
		writeError(w, r, http.StatusBadRequest, "Unknown profile field "+bad+"; accepted values: SUBSCRIPTIONS, CONTEXT, ALL.")
		return
	}
	var p kiwi.AccountProfile
	var ok bool
	token := r.Header.Get(kiwi.UserTokenHeader)
	s.state.With(func(st *state) { p, ok = st.accounts[token] })
	if token == "" || !ok {
		fake.WriteJSON(w, http.StatusOK, map[string]int{"operation_status": 1, "authentication_integration_status": 1})
		return
	}
	fake.WriteJSON(w, http.StatusOK, map[string]any{
		"operation_status":                  0,
		"authentication_integration_status": 0,
		"account_profile":                   wireProfile(p, subs, ctx),
	})
}

// parseQuery reads q: empty means ALL. It returns the first unknown value.
func parseQuery(q string) (subs, ctx bool, bad string) {
	if strings.TrimSpace(q) == "" {
		return true, true, ""
	}
	for _, part := range strings.Split(q, ",") {
		switch kiwi.Part(strings.TrimSpace(part)) {
		case kiwi.PartAll:
			subs, ctx = true, true
		case kiwi.PartSubscriptions:
			subs = true
		case kiwi.PartContext:
			ctx = true
		default:
			return false, false, part
		}
	}
	return subs, ctx, ""
}

// wireProfile is the account_profile object with only the asked-for parts,
// present (possibly empty) when asked for.
func wireProfile(p kiwi.AccountProfile, subs, ctx bool) map[string]any {
	out := map[string]any{"account_info": p.AccountInfo, "credentials_info": p.CredentialsInfo}
	if subs {
		list := p.Subscriptions
		if list == nil {
			list = []kiwi.Subscription{}
		}
		out["subscriptions"] = list
	}
	if ctx {
		kv := p.Context
		if kv == nil {
			kv = map[string]any{}
		}
		out["context"] = kv
	}
	return out
}
