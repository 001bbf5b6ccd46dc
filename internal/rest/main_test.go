package rest

import (
	"fmt"
	"os"
	"testing"

	"github.com/profiles-sdk/profiles-go/internal/fake"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	// The SDK's own transport must reach loopback TLS servers as it reaches
	// a vendor, so that HTTP/2 scenarios run through it.
	cleanup, err := fake.TrustTestCertificates()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer cleanup()
	goleak.VerifyTestMain(m)
}
