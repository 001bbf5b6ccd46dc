// Package fake is the toolkit the five P/Ptest fakes are built from: an
// httptest server with a small router, a credential check, vendor-shaped
// errors, request recording and fault injection.
package fake

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrorWriter writes an error answer in a vendor's own format.
type ErrorWriter func(w http.ResponseWriter, r *http.Request, status int, message string)

// Config describes a vendor to the toolkit.
type Config struct {
	// Authorize reports whether a request carries valid credentials; when
	// it returns a non-zero status and message, that error is answered and
	// the route is not run. Nil accepts every request.
	Authorize func(r *http.Request) (status int, message string)
	// WriteError formats errors (unknown routes, wrong methods, failed
	// credentials, WriteError calls of handlers).
	WriteError ErrorWriter
	// SecretHeaders names the vendor's credential headers besides
	// Authorization, Proxy-Authorization and Cookie, which are always
	// secret; Requests shows their values masked.
	SecretHeaders []string
	// SecretValues, if set, returns the credentials the fake knows; any
	// other header holding one of them is masked too, for clients that
	// send a token in a header of their choosing.
	SecretValues func() []string
}

// Fault is what the next requests get instead of, or in addition to, their
// normal answer.
//
// Method and Path scope a fault to a route: empty matches any request, and
// Path is compared with the path as sent (the same string as Request.Path).
// A request uses the first queued fault that matches it; faults that do not
// match stay queued. A fault with nothing else set (Fault{} or only Method
// and Path) passes the request through unchanged, using up one slot.
type Fault struct {
	Method string
	Path   string
	// Status, if not zero, is answered with Body and Header instead of
	// running the route.
	Status int
	Body   string
	Header http.Header
	// Delay is waited before anything else (a slow server). The wait ends
	// early if the client goes away.
	Delay time.Duration
	// Drop closes the connection without an answer, before the route runs:
	// the request had no effect.
	Drop bool
	// DropAfterApply runs the route, so its effect on state happens, then
	// closes the connection without an answer: the ambiguous failure that
	// must never be retried for calls that move value.
	DropAfterApply bool
	// StallAfterHeaders sends the route's status and headers, then waits
	// this long (or until the client goes away) before the body.
	StallAfterHeaders time.Duration
	// Truncate sends only the first half of the route's body, then closes.
	Truncate bool
}

// Request is a recorded request.
type Request struct {
	Method string
	Path   string // as sent, still escaped
	Query  string // the raw query, without "?"
	// Header is the request's header with every secret value masked:
	// "Bearer [redacted]" keeps the scheme of an Authorization header, other
	// credential headers read "[redacted]". The fake checked the real values
	// before masking, so a call that succeeded sent the right ones.
	Header http.Header
	Body   []byte
}

// Masked is what a secret header value reads in a recorded request.
const Masked = "[redacted]"

// Server is an httptest.Server with routing, credentials and faults.
type Server struct {
	*httptest.Server

	cfg    Config
	routes []route

	mu       sync.Mutex
	faults   []Fault
	requests []Request
}

type route struct {
	method   string
	segments []string
	handler  http.HandlerFunc
}

// New returns an unstarted server; add routes with Handle, then Start.
func New(cfg Config) *Server {
	if cfg.WriteError == nil {
		cfg.WriteError = func(w http.ResponseWriter, _ *http.Request, status int, message string) {
			http.Error(w, message, status)
		}
	}
	s := &Server{cfg: cfg}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	return s
}

// Handle adds a route. pattern is a path whose segments may be wildcards
// like {id}, read with r.PathValue("id"); a segment may also end in a
// literal suffix after the wildcard, like {id}.json.
func (s *Server) Handle(method, pattern string, h http.HandlerFunc) {
	s.routes = append(s.routes, route{method: method, segments: strings.Split(strings.Trim(pattern, "/"), "/"), handler: h})
}

// InjectFault makes the next n requests meet f, after any faults already
// queued.
func (s *Server) InjectFault(n int, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults = append(s.faults, f)
	}
}

// ClearFaults drops every queued fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// Requests returns a copy of every request received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// RequestCount returns how many requests the server received.
func (s *Server) RequestCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

// Reset drops every queued fault and every recorded request.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
	s.requests = nil
}

// WriteError answers an error in the vendor's format.
func (s *Server) WriteError(w http.ResponseWriter, r *http.Request, status int, message string) {
	s.cfg.WriteError(w, r, status, message)
}

// WriteJSON answers v as JSON with the given status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// ReadJSON decodes a request body into v, reporting whether it could.
func ReadJSON(r *http.Request, v any) bool {
	return json.NewDecoder(r.Body).Decode(v) == nil
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	r.Body = io.NopCloser(bytes.NewReader(body))
	fault, hasFault := s.record(r, s.mask(r.Header), body)
	if hasFault && !s.applyFault(w, r, fault) {
		return
	}
	h, status := s.match(r)
	if h == nil {
		msg := "Not Found"
		if status == http.StatusMethodNotAllowed {
			msg = "Method Not Allowed"
		}
		s.cfg.WriteError(w, r, status, msg)
		return
	}
	if s.cfg.Authorize != nil {
		if code, msg := s.cfg.Authorize(r); code != 0 {
			s.cfg.WriteError(w, r, code, msg)
			return
		}
	}
	if hasFault && (fault.DropAfterApply || fault.StallAfterHeaders > 0 || fault.Truncate) {
		serveThenMisbehave(w, r, h, fault)
		return
	}
	h(w, r)
}

func (s *Server) record(r *http.Request, header http.Header, body []byte) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery, Header: header, Body: body})
	for i, f := range s.faults {
		if f.matches(r) {
			s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			return f, true
		}
	}
	return Fault{}, false
}

func (f Fault) matches(r *http.Request) bool {
	return (f.Method == "" || f.Method == r.Method) && (f.Path == "" || f.Path == r.URL.EscapedPath())
}

// mask copies h with the values of credential headers hidden, so that a
// test printing what a fake received prints no secret.
func (s *Server) mask(h http.Header) http.Header {
	out := h.Clone()
	for _, name := range []string{"Authorization", "Proxy-Authorization"} {
		for i, v := range out.Values(name) {
			scheme, _, hasValue := strings.Cut(v, " ")
			if hasValue {
				out[http.CanonicalHeaderKey(name)][i] = scheme + " " + Masked
			} else {
				out[http.CanonicalHeaderKey(name)][i] = Masked
			}
		}
	}
	for _, name := range append([]string{"Cookie"}, s.cfg.SecretHeaders...) {
		for i := range out.Values(name) {
			out[http.CanonicalHeaderKey(name)][i] = Masked
		}
	}
	if s.cfg.SecretValues == nil {
		return out
	}
	secrets := s.cfg.SecretValues()
	for _, values := range out {
		for i, v := range values {
			if v != Masked && containsAny(v, secrets) {
				values[i] = Masked
			}
		}
	}
	return out
}

func containsAny(v string, secrets []string) bool {
	for _, secret := range secrets {
		if secret != "" && strings.Contains(v, secret) {
			return true
		}
	}
	return false
}

// applyFault carries out the parts of a fault that come before the route;
// it reports whether the route should still run.
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, f Fault) bool {
	if f.Delay > 0 {
		select {
		case <-time.After(f.Delay):
		case <-r.Context().Done():
			return false
		}
	}
	if f.Drop {
		dropConnection(w)
		return false
	}
	if f.Status != 0 {
		for k, vs := range f.Header {
			w.Header()[k] = vs
		}
		w.WriteHeader(f.Status)
		_, _ = io.WriteString(w, f.Body)
		return false
	}
	return true
}

// serveThenMisbehave runs the route into a recorder, so its effects happen,
// then sends the answer badly (or not at all) as the fault says.
func serveThenMisbehave(w http.ResponseWriter, r *http.Request, h http.HandlerFunc, f Fault) {
	rec := httptest.NewRecorder()
	h(rec, r)
	if f.DropAfterApply {
		dropConnection(w)
		return
	}
	for k, vs := range rec.Header() {
		w.Header()[k] = vs
	}
	body := rec.Body.Bytes()
	if f.Truncate {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body[:len(body)/2])
		dropConnection(w)
		return
	}
	w.WriteHeader(rec.Code)
	if fl, ok := w.(http.Flusher); ok {
		fl.Flush()
	}
	select {
	case <-time.After(f.StallAfterHeaders):
	case <-r.Context().Done():
		return
	}
	_, _ = w.Write(body)
}

func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// match finds the route for r, setting its path values. It returns a nil
// handler and 404 or 405 when there is none.
func (s *Server) match(r *http.Request) (http.HandlerFunc, int) {
	segments := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	status := http.StatusNotFound
	for _, rt := range s.routes {
		values, ok := matchSegments(rt.segments, segments)
		if !ok {
			continue
		}
		if rt.method != r.Method {
			status = http.StatusMethodNotAllowed
			continue
		}
		for k, v := range values {
			r.SetPathValue(k, v)
		}
		return rt.handler, 0
	}
	return nil, status
}

func matchSegments(pattern, path []string) (map[string]string, bool) {
	if len(pattern) != len(path) {
		return nil, false
	}
	var values map[string]string
	for i, p := range pattern {
		open, close := strings.IndexByte(p, '{'), strings.IndexByte(p, '}')
		if open != 0 || close < 0 {
			if p != path[i] {
				return nil, false
			}
			continue
		}
		suffix := p[close+1:]
		if !strings.HasSuffix(path[i], suffix) || len(path[i]) == len(suffix) {
			return nil, false
		}
		if values == nil {
			values = map[string]string{}
		}
		values[p[1:close]] = strings.TrimSuffix(path[i], suffix)
	}
	return values, true
}
