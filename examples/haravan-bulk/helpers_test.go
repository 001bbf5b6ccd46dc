package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/haravan/haravantest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// harness is a fake shop and an env that talks to it, with fast pacing
// and no retry waits, and with its output captured.
type harness struct {
	srv            *haravantest.Server
	env            *env
	stdout, stderr *bytes.Buffer
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	srv := haravantest.NewServer()
	t.Cleanup(srv.Close)
	newClient := func(opts ...profiles.Option) (*haravan.Client, error) {
		return srv.NewClient(append([]profiles.Option{haravan.WithRateLimit(1000, 100),
			profiles.WithRetryPolicy(profiles.RetryPolicy{MaxRetries: 2, MinBackoff: 1, MaxBackoff: 1})}, opts...)...)
	}
	c, err := newClient()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	h := &harness{srv: srv, stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	h.env = &env{client: c, stdout: h.stdout, stderr: h.stderr,
		meter:      func(string, int64, int64) meter { return silentMeter{} },
		withLedger: func(l haravan.Ledger) (*haravan.Client, error) { return newClient(haravan.WithLedger(l)) }}
	return h
}

// stopAfter makes the env's meter cancel the returned context after n
// steps: a Ctrl-C in the middle of a job.
func (h *harness) stopAfter(n int) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	h.env.meter = func(string, int64, int64) meter { return &cancelMeter{left: n, cancel: cancel} }
	return ctx
}

type cancelMeter struct {
	left   int
	cancel context.CancelFunc
}

func (m *cancelMeter) Step(string) {
	if m.left--; m.left == 0 {
		m.cancel()
	}
}

func (m *cancelMeter) Close() { m.cancel() }

// writeFile writes text to name in a new temporary directory and returns
// its path.
func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// pointRequests counts the requests that moved points.
func pointRequests(srv *haravantest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if strings.Contains(r.Path, "/points/") {
			n++
		}
	}
	return n
}

type silentMeter struct{}

func (silentMeter) Step(string) {}
func (silentMeter) Close()      {}
