package reliability

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/fake"
)

// fastRetries keeps the suite quick: 3 retries, so at most 4 attempts.
var fastRetries = profiles.RetryPolicy{MaxRetries: 3, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}

const maxAttempts = 4

// shortTimeout is the per-attempt timeout of the stall and slow-header
// faults; other faults run with a generous one.
const shortTimeout = 50 * time.Millisecond

// Results, as classify names them.
const (
	resOK          = "ok"
	resRequest     = "RequestError"
	resDeadline    = "RequestError, errors.Is DeadlineExceeded"
	resDecode      = "decode error (profiles.DecodeError)"
	resTooLarge    = "errors.Is ErrResponseTooLarge"
	resBodyTimeout = "RequestError, errors.Is DeadlineExceeded (body timeout)"
)

func apiErr(status int) string { return "APIError " + strconv.Itoa(status) }

// classify names the kind of a call's error.
func classify(err error) string {
	var apiError *profiles.APIError
	var reqErr *profiles.RequestError
	var decErr *profiles.DecodeError
	switch {
	case err == nil:
		return resOK
	case errors.As(err, &apiError):
		return apiErr(apiError.StatusCode)
	case errors.Is(err, profiles.ErrResponseTooLarge):
		return resTooLarge
	case errors.As(err, &reqErr) && errors.Is(err, context.DeadlineExceeded) && strings.Contains(err.Error(), "response body not received"):
		return resBodyTimeout
	case errors.As(err, &reqErr) && errors.Is(err, context.DeadlineExceeded):
		return resDeadline
	case errors.As(err, &reqErr):
		return resRequest
	case errors.As(err, &decErr):
		return resDecode
	}
	return fmt.Sprintf("unclassified %T: %v", err, err)
}

// clientAttempts is the attempt count an error reports, or -1.
func clientAttempts(err error) int {
	var apiError *profiles.APIError
	var reqErr *profiles.RequestError
	switch {
	case errors.As(err, &apiError):
		return apiError.Attempts
	case errors.As(err, &reqErr):
		return reqErr.Attempts
	}
	return -1
}

// outcome is what a call under a fault must come to.
type outcome struct {
	result string
	// attempts is how many requests reached a server (connections, for a
	// listener that hangs up); for a refused connection, the dials the
	// RequestError reports.
	attempts int
	// applied is how often a value-moving call took effect; ignored for
	// reads.
	applied int
}

// arrangeFunc sets a fault up for one call and returns the base URL to
// call and a count of the attempts that reached a server (-1: none can;
// use the attempts the error reports).
type arrangeFunc func(t *testing.T, e *env) (baseURL string, seen func() int)

type faultCase struct {
	name    string
	arrange arrangeFunc
	opts    []profiles.Option
	read    outcome
	moves   outcome
	// check, if set, looks further at the error.
	check func(t *testing.T, err error)
}

// onFake queues n faults on the vendor's fake. Keep-alives are off, so
// every attempt uses a fresh connection: on a reused connection that dies,
// Go's transport itself re-sends an idempotent request once, which would
// blur the attempt counts.
func onFake(n int, f fake.Fault) arrangeFunc {
	return func(t *testing.T, e *env) (string, func() int) {
		e.srv.Config.SetKeepAlivesEnabled(false)
		e.srv.InjectFault(n, f)
		return e.srv.URL, e.srv.RequestCount
	}
}

// settled reads seen once it reaches want or a second has passed. An
// attempt the client gave up on (WithTimeout) may still be in the server's
// socket buffer when the call returns; on a loaded machine the server
// counts it a moment later.
func settled(seen func() int, want int) int {
	deadline := time.Now().Add(time.Second)
	n := seen()
	for n >= 0 && n < want && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
		n = seen()
	}
	return n
}

func header(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return h
}

// refusedURL is an address that refuses connections (see fake.RefusedAddr).
func refusedURL(t *testing.T, _ *env) (string, func() int) {
	addr, release, err := fake.RefusedAddr()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(release)
	return "http://" + addr, func() int { return -1 }
}

// hangUpURL is a raw listener that accepts each connection and closes it
// at once, before reading the request.
func hangUpURL(t *testing.T, _ *env) (string, func() int) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int32
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			n.Add(1)
			_ = c.Close()
		}
	}()
	t.Cleanup(func() { _ = ln.Close(); <-done })
	return "http://" + ln.Addr().String(), func() int { return int(n.Load()) }
}

// newServer starts a plain test server without keep-alives.
func newServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	srv := httptest.NewUnstartedServer(h)
	srv.Config.SetKeepAlivesEnabled(false)
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

const hugeBody = 100 << 20

// hugeURL answers every request with 100 MiB of valid-looking JSON, sent
// in chunks so that nothing holds it in memory.
func hugeURL(t *testing.T, _ *env) (string, func() int) {
	var n atomic.Int32
	chunk := bytes.Repeat([]byte("a"), 64<<10)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(hugeBody+len(`{"filler":""}`)))
		_, _ = io.WriteString(w, `{"filler":"`)
		for sent := 0; sent < hugeBody; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
		_, _ = io.WriteString(w, `"}`)
	})
	return srv.URL, func() int { return int(n.Load()) }
}

// redirectTo answers every request with a redirect to a second server on
// another host, which fails the test if any request reaches it.
func redirectTo(status int) arrangeFunc {
	return func(t *testing.T, _ *env) (string, func() int) {
		var leaked atomic.Int32
		other := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			leaked.Add(1)
			var secrets []string
			for _, name := range []string{"Authorization", "X-Api-Key", "X-Auth-Token", "X-Kiwi-Application-Key", "Cookie"} {
				if r.Header.Get(name) != "" {
					secrets = append(secrets, name)
				}
			}
			t.Errorf("a redirect reached the other host: %s %s, secret headers %v", r.Method, r.URL.Path, secrets)
		})
		// localhost is loopback too, but another host to the client.
		otherURL := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
		var n atomic.Int32
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			n.Add(1)
			http.Redirect(w, r, otherURL+r.URL.Path, status)
		})
		t.Cleanup(func() {
			if leaked.Load() != 0 {
				t.Errorf("%d requests reached the other host", leaked.Load())
			}
		})
		return srv.URL, func() int { return int(n.Load()) }
	}
}

// stallingStatus answers every request with status and its headers, then
// sends nothing more until the client goes away.
func stallingStatus(status int) arrangeFunc {
	return func(t *testing.T, _ *env) (string, func() int) {
		var n atomic.Int32
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			n.Add(1)
			_, _ = io.Copy(io.Discard, r.Body) // so that the server notices the client leave
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(status)
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
			}
		})
		return srv.URL, func() int { return int(n.Load()) }
	}
}

func wantRetryAfter(d time.Duration) func(t *testing.T, err error) {
	return func(t *testing.T, err error) {
		var e *profiles.APIError
		if !errors.As(err, &e) || e.RetryAfter != d {
			t.Errorf("want an APIError with RetryAfter %s; got %v", d, err)
		}
	}
}

const htmlPage = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"

var (
	jsonType = header("Content-Type", "application/json")
	htmlType = header("Content-Type", "text/html")
)

// faults is the fault table. Reads may be sent again after any failure
// but a 500 or a 4xx other than 429; value-moving calls only after a dial
// error or a 429.
var faults = []faultCase{
	{name: "connection refused", arrange: refusedURL,
		read: outcome{resRequest, maxAttempts, 0}, moves: outcome{resRequest, maxAttempts, 0}},
	{name: "connection closed before the request was read", arrange: hangUpURL,
		read: outcome{resRequest, maxAttempts, 0}, moves: outcome{resRequest, 1, 0}},
	{name: "dropped after the request was read, not applied (Drop, once)", arrange: onFake(1, fake.Fault{Drop: true}),
		read: outcome{resOK, 2, 0}, moves: outcome{resRequest, 1, 0}},
	{name: "applied, then dropped (DropAfterApply, once)", arrange: onFake(1, fake.Fault{DropAfterApply: true}),
		read: outcome{resOK, 2, 0}, moves: outcome{resRequest, 1, 1}},
	{name: "503 twice, then success", arrange: onFake(2, fake.Fault{Status: 503, Header: jsonType, Body: `{"message":"busy"}`}),
		read: outcome{resOK, 3, 0}, moves: outcome{apiErr(503), 1, 0}},
	{name: "500 once", arrange: onFake(1, fake.Fault{Status: 500, Header: jsonType, Body: `{"message":"boom"}`}),
		read: outcome{apiErr(500), 1, 0}, moves: outcome{apiErr(500), 1, 0}},
	{name: "502 on every attempt", arrange: onFake(10, fake.Fault{Status: 502}),
		read: outcome{apiErr(502), maxAttempts, 0}, moves: outcome{apiErr(502), 1, 0}},
	{name: "504 twice, then success", arrange: onFake(2, fake.Fault{Status: 504}),
		read: outcome{resOK, 3, 0}, moves: outcome{apiErr(504), 1, 0}},
	{name: "429 on every attempt, Retry-After: 0", arrange: onFake(10, fake.Fault{Status: 429, Header: header("Retry-After", "0")}),
		read: outcome{apiErr(429), maxAttempts, 0}, moves: outcome{apiErr(429), maxAttempts, 0}},
	{name: "429 on every attempt, Retry-After: 0.001", arrange: onFake(10, fake.Fault{Status: 429, Header: header("Retry-After", "0.001")}),
		read: outcome{apiErr(429), maxAttempts, 0}, moves: outcome{apiErr(429), maxAttempts, 0}},
	{name: "429 on every attempt, Retry-After: an HTTP date (past)", arrange: onFake(10, fake.Fault{Status: 429, Header: header("Retry-After", time.Now().Add(-time.Minute).UTC().Format(http.TimeFormat))}),
		read: outcome{apiErr(429), maxAttempts, 0}, moves: outcome{apiErr(429), maxAttempts, 0}},
	{name: "429 on every attempt, no Retry-After", arrange: onFake(10, fake.Fault{Status: 429}),
		read: outcome{apiErr(429), maxAttempts, 0}, moves: outcome{apiErr(429), maxAttempts, 0}},
	{name: "429 twice (Retry-After: 0.001), then success", arrange: onFake(2, fake.Fault{Status: 429, Header: header("Retry-After", "0.001")}),
		read: outcome{resOK, 3, 0}, moves: outcome{resOK, 3, 1}},
	{name: "429, Retry-After: 120 (over the 1 min cap)", arrange: onFake(10, fake.Fault{Status: 429, Header: header("Retry-After", "120")}),
		read: outcome{apiErr(429), 1, 0}, moves: outcome{apiErr(429), 1, 0}, check: wantRetryAfter(2 * time.Minute)},
	{name: "503, Retry-After: 120 (over the 1 min cap)", arrange: onFake(10, fake.Fault{Status: 503, Header: header("Retry-After", "120")}),
		read: outcome{apiErr(503), 1, 0}, moves: outcome{apiErr(503), 1, 0}, check: wantRetryAfter(2 * time.Minute)},
	{name: "headers never come (Delay 5s, WithTimeout 50ms)", arrange: onFake(10, fake.Fault{Delay: 5 * time.Second}),
		opts: []profiles.Option{profiles.WithTimeout(shortTimeout)},
		read: outcome{resDeadline, maxAttempts, 0}, moves: outcome{resDeadline, 1, 0}},
	{name: "stalls after headers (5s, WithTimeout 50ms)", arrange: onFake(10, fake.Fault{StallAfterHeaders: 5 * time.Second}),
		opts: []profiles.Option{profiles.WithTimeout(shortTimeout)},
		read: outcome{resBodyTimeout, maxAttempts, 0}, moves: outcome{resBodyTimeout, 1, 1}},
	{name: "503 headers, then the body stalls (WithTimeout 50ms)", arrange: stallingStatus(503),
		opts: []profiles.Option{profiles.WithTimeout(shortTimeout)},
		read: outcome{apiErr(503), maxAttempts, 0}, moves: outcome{apiErr(503), 1, 0}},
	{name: "500 headers, then the body stalls (WithTimeout 50ms)", arrange: stallingStatus(500),
		opts: []profiles.Option{profiles.WithTimeout(shortTimeout)},
		read: outcome{apiErr(500), 1, 0}, moves: outcome{apiErr(500), 1, 0}},
	{name: "truncated JSON once", arrange: onFake(1, fake.Fault{Truncate: true}),
		read: outcome{resOK, 2, 0}, moves: outcome{resRequest, 1, 1}},
	{name: "truncated JSON on every attempt", arrange: onFake(10, fake.Fault{Truncate: true}),
		read: outcome{resRequest, maxAttempts, 0}, moves: outcome{resRequest, 1, 1}},
	{name: `invalid JSON (200 {"oops")`, arrange: onFake(1, fake.Fault{Status: 200, Header: jsonType, Body: `{"oops"`}),
		read: outcome{resDecode, 1, 0}, moves: outcome{resDecode, 1, 0}},
	{name: "HTML error page (502 text/html) on every attempt", arrange: onFake(10, fake.Fault{Status: 502, Header: htmlType, Body: htmlPage}),
		read: outcome{apiErr(502), maxAttempts, 0}, moves: outcome{apiErr(502), 1, 0},
		check: func(t *testing.T, err error) {
			var e *profiles.APIError
			if !errors.As(err, &e) || e.Message != "502 Bad Gateway" {
				t.Errorf("want the page's <title> as Message; got %v", err)
			}
		}},
	{name: "HTML page with 200 (captive portal)", arrange: onFake(1, fake.Fault{Status: 200, Header: htmlType, Body: htmlPage}),
		read: outcome{resDecode, 1, 0}, moves: outcome{resDecode, 1, 0}},
	{name: "100 MiB body (16 MiB cap)", arrange: hugeURL,
		read: outcome{resTooLarge, 1, 0}, moves: outcome{resTooLarge, 1, 0}},
	{name: "302 to another host", arrange: redirectTo(http.StatusFound),
		read: outcome{apiErr(302), 1, 0}, moves: outcome{apiErr(302), 1, 0}},
	{name: "307 to another host", arrange: redirectTo(http.StatusTemporaryRedirect),
		read: outcome{apiErr(307), 1, 0}, moves: outcome{apiErr(307), 1, 0}},
}

// record is one call's outcome, for the table.
type record struct {
	fault, target string
	fi            int
	class         callClass
	got           outcome
}

// TestFaults runs every fault against every target and checks the result,
// the attempts the server saw and, for value-moving calls, how often the
// value moved.
func TestFaults(t *testing.T) {
	var mu sync.Mutex
	var records []record
	t.Run("matrix", func(t *testing.T) {
		for fi, fc := range faults {
			for _, tg := range targets {
				t.Run(fc.name+"/"+tg.String(), func(t *testing.T) {
					t.Parallel()
					got := runFault(t, fc, tg)
					mu.Lock()
					records = append(records, record{fault: fc.name, target: tg.String(), fi: fi, class: tg.class, got: got})
					mu.Unlock()
				})
			}
		}
	})
	if path := os.Getenv("PROFILES_RELIABILITY_TABLE"); path != "" && !t.Failed() {
		if err := os.WriteFile(path, []byte(faultTable(records)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func runFault(t *testing.T, fc faultCase, tg target) outcome {
	e := tg.start(t)
	base, seen := fc.arrange(t, e)
	opts := append([]profiles.Option{profiles.WithRetryPolicy(fastRetries), profiles.WithTimeout(5 * time.Second)}, fc.opts...)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err := e.invoke(ctx, base, nil, opts...)

	want := fc.read
	if tg.class == classMoves {
		want = fc.moves
	}
	got := outcome{result: classify(err), attempts: settled(seen, want.attempts), applied: 0}
	if got.attempts < 0 {
		got.attempts = clientAttempts(err)
	}
	if e.applied != nil {
		got.applied = e.applied(t)
	}
	if got.result != want.result {
		t.Errorf("result %q, want %q (err: %v)", got.result, want.result, err)
	}
	if got.attempts != want.attempts {
		t.Errorf("%d attempts, want %d (err: %v)", got.attempts, want.attempts, err)
	}
	if n := clientAttempts(err); n >= 0 && n != want.attempts {
		t.Errorf("the error reports %d attempts, want %d: %v", n, want.attempts, err)
	}
	if tg.class == classMoves {
		if got.applied > 1 {
			t.Errorf("value moved %d times", got.applied)
		}
		var apiE *profiles.APIError
		unknown := errors.Is(err, profiles.ErrOutcomeUnknown)
		if err != nil && got.applied > 0 && !unknown {
			t.Errorf("the change was applied but the error does not say its outcome is unknown: %v", err)
		}
		if errors.As(err, &apiE) && (apiE.StatusCode >= 400 && apiE.StatusCode < 500 || apiE.StatusCode == 307 || apiE.StatusCode == 308) && unknown {
			t.Errorf("a %d answer says the vendor did not apply the change, yet the error says outcome unknown", apiE.StatusCode)
		}
		if errors.As(err, &apiE) && apiE.StatusCode >= 300 && apiE.StatusCode < 400 && apiE.StatusCode != 307 && apiE.StatusCode != 308 && !unknown {
			t.Errorf("a %d answer to a value-moving call may follow a change, yet the error does not say its outcome is unknown", apiE.StatusCode)
		}
		if unknown && !strings.Contains(err.Error(), "outcome unknown") {
			t.Errorf("the error matches ErrOutcomeUnknown but its text does not say so: %v", err)
		}
		if got.applied != want.applied {
			t.Errorf("value moved %d times, want %d", got.applied, want.applied)
		}
	}
	if fc.check != nil && err != nil {
		fc.check(t, err)
	}
	return got
}

// faultTable renders the outcomes as Markdown, one row per fault and call
// class; calls of a class that differ are listed one by one.
func faultTable(records []record) string {
	sort.SliceStable(records, func(i, j int) bool {
		if records[i].fi != records[j].fi {
			return records[i].fi < records[j].fi
		}
		if records[i].class != records[j].class {
			return records[i].class == classRead
		}
		return records[i].target < records[j].target
	})
	var b strings.Builder
	b.WriteString("| fault | call class | result | attempts | value moved |\n|---|---|---|---|---|\n")
	for i := 0; i < len(records); {
		j := i
		for j < len(records) && records[j].fi == records[i].fi && records[j].class == records[i].class {
			j++
		}
		group := records[i:j]
		fmt.Fprintf(&b, "| %s | %s (%d calls) | %s | %s | %s |\n", group[0].fault, group[0].class, len(group),
			column(group, func(o outcome) string { return o.result }),
			column(group, func(o outcome) string { return strconv.Itoa(o.attempts) }),
			column(group, func(o outcome) string {
				if group[0].class == classRead {
					return "—"
				}
				return strconv.Itoa(o.applied)
			}))
		i = j
	}
	return b.String()
}

// column gives the one value every call of a group shares, or each call's.
func column(group []record, f func(outcome) string) string {
	first := f(group[0].got)
	same := true
	for _, r := range group[1:] {
		same = same && f(r.got) == first
	}
	if same {
		return first
	}
	parts := make([]string, len(group))
	for i, r := range group {
		parts[i] = r.target + ": " + f(r.got)
	}
	return strings.Join(parts, "; ")
}
