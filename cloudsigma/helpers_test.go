package cloudsigma_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/cloudsigma"
	"github.com/profiles-sdk/profiles-go/cloudsigma/cloudsigmatest"
)

// fastRetries keeps retry tests quick.
var fastRetries = profiles.WithRetryPolicy(profiles.RetryPolicy{MaxRetries: 2, MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond})

// newFake starts a fake for one test and a client for it.
func newFake(t *testing.T, opts ...profiles.Option) (*cloudsigmatest.Server, *cloudsigma.Client) {
	t.Helper()
	srv := cloudsigmatest.NewServer()
	t.Cleanup(srv.Close)
	c, err := cloudsigma.NewClient(srv.Credentials(), append([]profiles.Option{profiles.WithBaseURL(srv.URL), fastRetries}, opts...)...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return srv, c
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("reading testdata: %v", err)
	}
	return b
}

func decodeTestdata(t testing.TB, name string, v any) {
	t.Helper()
	if err := json.Unmarshal(readTestdata(t, name), v); err != nil {
		t.Fatalf("decoding %s: %v", name, err)
	}
}
