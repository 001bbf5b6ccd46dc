// Package haravantest is an in-process fake of the Haravan Loyalty profile
// API for tests, in the spirit of net/http/httptest:
//
//	srv := haravantest.NewServer()
//	defer srv.Close()
//	c, _ := srv.NewClient() // srv.Credentials(), WithBaseURL(srv.URL)
//
// It speaks Haravan's wire format (paths under /loy/ ending in .json,
// {"errors": ...} bodies, the X-Haravan-Api-Call-Limit header), starts with
// the documentation's two profiles plus generated ones to page through,
// keeps state (points added show in the next GetProfile), checks the bearer
// token and scopes, and injects faults for the next N requests.
package haravantest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/internal/fake"
)

// Ids of the documentation's profiles, which every new Server holds.
const (
	JohnTerryID int64 = 632910392 // the resource and points examples
	TestID      int64 = 360455    // the list, tags and attributes examples
)

// Generated profiles: GeneratedCount of them, ids FirstGeneratedID onwards.
const (
	FirstGeneratedID int64 = 1000001
	GeneratedCount   int   = 120
)

// Scopes Haravan grants for loyalty profiles.
const (
	ScopeReadProfiles  = "loy.read_profiles"
	ScopeWriteProfiles = "loy.write_profiles"
)

// defaultToken is the access token of the default credentials.
const defaultToken = "haravantest-access-token"

// Server is a fake Haravan Loyalty API. It embeds the *httptest.Server it
// runs on, so srv.URL, srv.Close() and srv.Start() work directly. Its
// methods are safe for concurrent use.
type Server struct {
	*httptest.Server

	fake *fake.Server
	st   *fake.Locked[state]
}

type state struct {
	profiles map[int64]*haravan.Profile
	tags     map[int64]string
	history  []PointRecord

	token      string          // the only bearer token accepted; "" accepts none
	scopes     map[string]bool // nil grants every scope
	now        func() time.Time
	enforce    bool
	level      float64 // call-limit bucket
	levelAt    time.Time
	bucketSize int     // calls; bucketSize by default
	leakRate   float64 // calls per second; leakRate by default
	nextAttrID int64
}

// NewUnstartedServer returns a seeded fake that is not listening yet; call
// Start (or StartTLS) before use.
func NewUnstartedServer() *Server {
	s := &Server{st: fake.NewLocked(seed())}
	s.fake = fake.New(fake.Config{Authorize: s.authorize, WriteError: writeError})
	s.routes()
	s.Server = s.fake.Server
	s.Config.Handler = s.meter(s.Config.Handler)
	return s
}

func (s *Server) routes() {
	s.fake.Handle(http.MethodGet, "/loy/profiles.json", s.list)
	s.fake.Handle(http.MethodGet, "/loy/profiles/{id}.json", s.get)
	s.fake.Handle(http.MethodGet, "/loy/profiles/{id}/tags.json", s.getTags)
	s.fake.Handle(http.MethodGet, "/loy/profiles/{id}/attributes.json", s.getAttributes)
	s.fake.Handle(http.MethodPut, "/loy/profiles/{id}/points/add.json", s.points("add"))
	s.fake.Handle(http.MethodPut, "/loy/profiles/{id}/points/subtract.json", s.points("subtract"))
}

// Credentials returns the credentials the fake accepts: its access token.
func (s *Server) Credentials() haravan.Credentials {
	var c haravan.Credentials
	s.st.With(func(st *state) { c = haravan.Credentials{AccessToken: st.token} })
	return c
}

// SetCredentials makes c.AccessToken the only bearer token the fake
// accepts. An empty token is never accepted: every request then gets 401.
func (s *Server) SetCredentials(c haravan.Credentials) {
	s.st.With(func(st *state) { st.token = c.AccessToken })
}

// Reset puts the fake back in the state NewServer gave it: the seeded
// profiles, no point history, the default credentials, every scope, the
// real clock, an empty call-limit bucket without enforcement, faults and
// recorded requests cleared.
func (s *Server) Reset() {
	s.st.With(func(st *state) { *st = seed() })
	s.fake.Reset()
}

// SetScopes limits what the token may do to these scopes (ScopeReadProfiles,
// ScopeWriteProfiles); a call outside them is answered 403. No scopes at
// all denies everything; call GrantAllScopes to undo.
func (s *Server) SetScopes(scopes ...string) {
	s.st.With(func(st *state) {
		st.scopes = map[string]bool{}
		for _, sc := range scopes {
			st.scopes[sc] = true
		}
	})
}

// GrantAllScopes undoes SetScopes.
func (s *Server) GrantAllScopes() {
	s.st.With(func(st *state) { st.scopes = nil })
}

// SetClock replaces the server's clock (used for updated_at and for the
// call-limit bucket's leak).
func (s *Server) SetClock(now func() time.Time) {
	s.st.With(func(st *state) { st.now = now })
}

// EnforceRateLimit makes the server answer 429 with Retry-After "2.0" once
// its bucket (80 calls, leaking 4 per second) is full, as Haravan does. It
// is off by default so tests may page quickly; the call-limit header is
// sent either way.
func (s *Server) EnforceRateLimit(on bool) {
	s.st.With(func(st *state) { st.enforce = on })
}

// SetBucket replaces the shop's call-limit bucket (80 calls, leaking 4 per
// second) with one of size calls leaking perSecond calls per second, so a
// test can fill and drain it quickly. It empties the bucket, and panics on
// a size below 1 or a rate that is not positive.
func (s *Server) SetBucket(size int, perSecond float64) {
	if size < 1 || !(perSecond > 0) {
		panic(fmt.Sprintf("haravantest: SetBucket(%d, %v): the size must be at least 1 and the rate positive", size, perSecond))
	}
	s.st.With(func(st *state) {
		st.bucketSize, st.leakRate = size, perSecond
		st.level, st.levelAt = 0, time.Time{}
	})
}

// Throttle answers the next n requests with 429 and Retry-After set to
// retryAfter in Haravan's fractional-seconds form ("2.0").
func (s *Server) Throttle(n int, retryAfter time.Duration) {
	h := http.Header{}
	h.Set("Retry-After", FormatRetryAfter(retryAfter))
	h.Set("Content-Type", "application/json; charset=utf-8")
	s.InjectFault(n, Fault{Status: http.StatusTooManyRequests, Header: h, Body: `{"errors":"Exceeded the call limit of the shop, retry later"}`})
}

// FormatRetryAfter writes d as Haravan writes Retry-After: seconds with a
// fraction ("2.0", "0.05").
func FormatRetryAfter(d time.Duration) string {
	v := strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
	if !strings.Contains(v, ".") {
		v += ".0"
	}
	return v
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
func (s *Server) NewClient(opts ...profiles.Option) (*haravan.Client, error) {
	base := []profiles.Option{profiles.WithBaseURL(s.URL)}
	if strings.HasPrefix(s.URL, "https:") {
		base = append(base, profiles.WithHTTPClient(s.Client()))
	}
	return haravan.NewClient(s.Credentials(), append(base, opts...)...)
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
