//go:build unix

package fake

import (
	"net"
	"strconv"
	"syscall"
)

// RefusedAddr returns a loopback address ("127.0.0.1:port") that refuses
// every connection until release is called: a socket bound to the port but
// never listening. The usual trick, closing a listener and keeping its
// address, holds only until a server started by a parallel test is given
// the same port, and then a call meant to be refused reaches that server.
func RefusedAddr() (addr string, release func(), err error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return "", nil, err
	}
	release = func() { _ = syscall.Close(fd) }
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		release()
		return "", nil, err
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		release()
		return "", nil, err
	}
	port := sa.(*syscall.SockaddrInet4).Port
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), release, nil
}
