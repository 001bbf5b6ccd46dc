package haravan_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/haravan/haravantest"
)

const testToken = "hrv-secret-token-123"

var fastRetries = profiles.WithRetryPolicy(profiles.RetryPolicy{MaxRetries: 2, MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond})

// newFake starts a haravantest server that accepts only testToken, and a
// client for it.
func newFake(t *testing.T, opts ...profiles.Option) (*haravantest.Server, *haravan.Client) {
	t.Helper()
	srv := haravantest.NewServer()
	t.Cleanup(srv.Close)
	srv.SetCredentials(haravan.Credentials{AccessToken: testToken})
	return srv, newClient(t, srv.URL, opts...)
}

func newClient(t *testing.T, url string, opts ...profiles.Option) *haravan.Client {
	t.Helper()
	all := append([]profiles.Option{profiles.WithBaseURL(url), fastRetries}, opts...)
	c, err := haravan.NewClient(haravan.Credentials{AccessToken: testToken}, all...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c
}

// recorded is one request a recorder saw.
type recorded struct {
	Method, Path, RawQuery string
	Header                 http.Header
	Body                   string
}

// recorder is a plain httptest server that answers every request with one
// canned answer and records what it got.
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []recorded
}

func newRecorder(t *testing.T, status int, header http.Header, body string) *recorder {
	t.Helper()
	rec := &recorder{}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, recorded{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, r.Header.Clone(), string(b)})
		rec.mu.Unlock()
		for k, v := range header {
			w.Header()[k] = v
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(rec.Close)
	return rec
}

func (r *recorder) requests() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recorded(nil), r.reqs...)
}

func testdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func haravanFault(status int, body string) haravantest.Fault {
	return haravantest.Fault{Status: status, Body: body, Header: http.Header{"Content-Type": {"application/json"}}}
}
