package haravanredis_test

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		runChildReplica() // a replica that the ledger test kills
		return
	}
	goleak.VerifyTestMain(m)
}
