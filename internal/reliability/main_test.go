package reliability

import (
	"fmt"
	"os"
	"testing"

	"github.com/profiles-sdk/profiles-go/internal/fake"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	// The SDK's default transport must reach loopback TLS servers, so that
	// the HTTP/2 scenarios run through it exactly as calls to a vendor do.
	cleanup, err := fake.TrustTestCertificates()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer cleanup()
	goleak.VerifyTestMain(m)
}
