package cloudsigma_test

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

func TestMain(m *testing.M) {
	// A decoder that kept a slice of the body would now hand back '#'s.
	rest.PoisonBodyBuffers(true)
	goleak.VerifyTestMain(m)
}
