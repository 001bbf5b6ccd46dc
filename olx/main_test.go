package olx_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/olx"
	"github.com/profiles-sdk/profiles-go/olx/olxtest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// fastRetries keeps retry tests quick.
var fastRetries = profiles.WithRetryPolicy(profiles.RetryPolicy{MaxRetries: 2, MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond})

const testCRM = "acme_crm"

// newFake starts a fake that the test closes.
func newFake(t *testing.T) *olxtest.Server {
	t.Helper()
	srv := olxtest.NewServer()
	t.Cleanup(srv.Close)
	return srv
}

// newClient returns a client of srv with token and the fake's key.
func newClient(t *testing.T, srv *olxtest.Server, token string, opts ...profiles.Option) *olx.Client {
	t.Helper()
	creds := olx.Credentials{APIKey: srv.Credentials().APIKey, AccessToken: token, CRMName: testCRM}
	c, err := olx.NewClient(creds, append([]profiles.Option{profiles.WithBaseURL(srv.URL), fastRetries}, opts...)...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
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

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// equalTime compares optional times by instant.
func equalTime(got *time.Time, want *time.Time) bool {
	if got == nil || want == nil {
		return got == nil && want == nil
	}
	return got.Equal(*want)
}

// lastTransactionID is the fake's latest transaction id, "" before the
// first answer.
func lastTransactionID(srv *olxtest.Server) string {
	id, _ := srv.LastTransactionID()
	return id
}
