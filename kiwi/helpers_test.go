package kiwi_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/kiwi"
	"github.com/profiles-sdk/profiles-go/kiwi/kiwitest"
)

// fast keeps retry tests quick.
var fast = profiles.WithRetryPolicy(profiles.RetryPolicy{MaxRetries: 2, MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond})

func newFake(t *testing.T) *kiwitest.Server {
	t.Helper()
	srv := kiwitest.NewServer()
	t.Cleanup(srv.Close)
	return srv
}

// fakeClient returns a client of srv with the fake's application key and
// token.
func fakeClient(t *testing.T, srv *kiwitest.Server, token string, opts ...profiles.Option) *kiwi.Client {
	t.Helper()
	creds := srv.Credentials()
	creds.UserToken = token
	c, err := kiwi.NewClient(creds, append([]profiles.Option{profiles.WithBaseURL(srv.URL), fast}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// recorder is a plain httptest server answering fixed answers in turn (the
// last one repeats) and recording what it received.
type recorder struct {
	*httptest.Server
	mu       sync.Mutex
	requests []*http.Request
}

type answer struct {
	status int
	header http.Header
	body   string
}

func newRecorder(t *testing.T, answers ...answer) *recorder {
	t.Helper()
	rec := &recorder{}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		n := len(rec.requests)
		rec.requests = append(rec.requests, r.Clone(r.Context()))
		rec.mu.Unlock()
		a := answers[min(n, len(answers)-1)]
		for k, vs := range a.header {
			w.Header()[k] = vs
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(a.status)
		_, _ = w.Write([]byte(a.body))
	}))
	t.Cleanup(rec.Close)
	return rec
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.requests)
}

func (r *recorder) last() *http.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.requests[len(r.requests)-1]
}

func recorderClient(t *testing.T, rec *recorder, opts ...profiles.Option) *kiwi.Client {
	t.Helper()
	c, err := kiwi.NewClient(kiwi.Credentials{AppKey: "app-key-secret", UserToken: "user-token-secret"},
		append([]profiles.Option{profiles.WithBaseURL(rec.URL), fast}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}
