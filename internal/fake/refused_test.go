package fake

import (
	"errors"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestRefusedAddrRefuses(t *testing.T) {
	t.Parallel()
	addr, release, err := RefusedAddr()
	require.NoError(t, err)
	t.Cleanup(release)
	for range 3 { // and keeps refusing
		conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
		if conn != nil {
			conn.Close()
		}
		require.Error(t, err)
		require.True(t, errors.Is(err, syscall.ECONNREFUSED), "dial %s: %v", addr, err)
	}
}
