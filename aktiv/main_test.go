package aktiv_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/aktiv"
	"github.com/profiles-sdk/profiles-go/aktiv/aktivtest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// fastRetries keeps retry tests quick.
var fastRetries = profiles.WithRetryPolicy(profiles.RetryPolicy{MaxRetries: 2, MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond})

const testToken = "s3cr3t-test-token"

// newFake starts a fake that the test closes.
func newFake(t *testing.T) *aktivtest.Server {
	t.Helper()
	srv := aktivtest.NewServer()
	t.Cleanup(srv.Close)
	return srv
}

// newClient returns a client of baseURL signed in with token.
func newClient(t *testing.T, baseURL, token string, opts ...profiles.Option) *aktiv.Client {
	t.Helper()
	c, err := aktiv.NewClient(aktiv.Credentials{Token: token}, append([]profiles.Option{profiles.WithBaseURL(baseURL), fastRetries}, opts...)...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

// seen is a request as a plain test server received it.
type seen struct {
	Method, Path, RawPath, Query string
	Header                       http.Header
	Body                         []byte
}

// recorder is a test server that answers every request with one status and
// body, and remembers what it received.
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []seen
}

func newRecorder(t *testing.T, status int, contentType, body string) *recorder {
	t.Helper()
	rec := &recorder{}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, seen{Method: r.Method, Path: r.URL.Path, RawPath: r.URL.EscapedPath(), Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: b})
		rec.mu.Unlock()
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.Header().Set("X-Request-Id", "req-42")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(rec.Close)
	return rec
}

func (r *recorder) requests() []seen {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]seen(nil), r.reqs...)
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
