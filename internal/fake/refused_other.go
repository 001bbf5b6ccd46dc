//go:build !unix

package fake

import "net"

// RefusedAddr returns a loopback address that refuses connections: that of
// a listener it has closed. Here, unlike on Unix (refused_unix.go), the port
// is not held, so a server started meanwhile may be given it.
func RefusedAddr() (addr string, release func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	addr = ln.Addr().String()
	_ = ln.Close()
	return addr, func() {}, nil
}
