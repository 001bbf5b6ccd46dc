package fake

import (
	"crypto/tls"
	"encoding/binary"
	"encoding/pem"
	"io"
	"net"
	"net/http/httptest"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
)

// H2Step is what a ScriptedH2 server does with one request (one stream),
// once the request has arrived whole.
type H2Step struct {
	// Reset, if not zero, resets the stream with this HTTP/2 error code
	// (1 is PROTOCOL_ERROR, 7 REFUSED_STREAM) instead of answering.
	Reset uint32
	// Hang sends nothing at all: no headers, no body.
	Hang bool
	// Status and Body are the answer (Status 0 means 200).
	Status int
	Body   string
}

// ScriptedH2 is an HTTP/2 server over TLS on loopback that answers each
// stream with the next step of its script (the last step repeats). Go's
// own HTTP/2 server never resets a stream it has read whole, so the
// behaviours that make Go's HTTP/2 client resend a request on its own can
// only be produced by speaking the frames directly, as this does.
type ScriptedH2 struct {
	URL      string
	steps    []H2Step
	requests atomic.Int32
	ln       net.Listener
	wg       sync.WaitGroup
	mu       sync.Mutex
	conns    []net.Conn
}

// NewScriptedH2 starts a scripted server, closed when the test ends. It
// serves the certificate of httptest's TLS servers: trust it with
// TrustTestCertificates, or with httptest.Server.Client's roots.
func NewScriptedH2(t testing.TB, steps ...H2Step) *ScriptedH2 {
	t.Helper()
	cert := testCertificate(t)
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: cert.Certificates, NextProtos: []string{"h2"}})
	if err != nil {
		t.Fatal(err)
	}
	s := &ScriptedH2{URL: "https://" + ln.Addr().String(), steps: steps, ln: ln}
	s.wg.Add(1)
	go s.accept()
	t.Cleanup(s.close)
	return s
}

// Requests reports how many requests arrived whole.
func (s *ScriptedH2) Requests() int { return int(s.requests.Load()) }

func (s *ScriptedH2) close() {
	_ = s.ln.Close()
	s.mu.Lock()
	for _, c := range s.conns {
		_ = c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

func (s *ScriptedH2) accept() {
	defer s.wg.Done()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.conns = append(s.conns, conn)
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer conn.Close()
			s.serve(conn)
		}()
	}
}

// HTTP/2 frame types and flags (RFC 9113, section 6).
const (
	frameData         = 0x0
	frameHeaders      = 0x1
	frameRSTStream    = 0x3
	frameSettings     = 0x4
	framePing         = 0x6
	flagEndStream     = 0x1
	flagAck           = 0x1
	flagEndHeaders    = 0x4
	clientPrefaceSize = 24
)

func (s *ScriptedH2) serve(conn net.Conn) {
	if _, err := io.ReadFull(conn, make([]byte, clientPrefaceSize)); err != nil {
		return
	}
	writeFrame(conn, frameSettings, 0, 0, nil)
	header := make([]byte, 9)
	for {
		if _, err := io.ReadFull(conn, header); err != nil {
			return
		}
		length := int(header[0])<<16 | int(header[1])<<8 | int(header[2])
		kind, flags := header[3], header[4]
		stream := binary.BigEndian.Uint32(header[5:]) & 0x7fffffff
		payload := make([]byte, length)
		if _, err := io.ReadFull(conn, payload); err != nil {
			return
		}
		switch {
		case kind == frameSettings && flags&flagAck == 0:
			writeFrame(conn, frameSettings, flagAck, 0, nil)
		case kind == framePing && flags&flagAck == 0:
			writeFrame(conn, framePing, flagAck, 0, payload)
		case (kind == frameHeaders || kind == frameData) && flags&flagEndStream != 0:
			s.answer(conn, stream)
		}
	}
}

// answer plays the next step for a stream whose request arrived whole.
func (s *ScriptedH2) answer(conn net.Conn, stream uint32) {
	n := int(s.requests.Add(1))
	step := s.steps[min(n, len(s.steps))-1]
	switch {
	case step.Reset != 0:
		code := make([]byte, 4)
		binary.BigEndian.PutUint32(code, step.Reset)
		writeFrame(conn, frameRSTStream, 0, stream, code)
	case step.Hang:
	default:
		status := step.Status
		if status == 0 {
			status = 200
		}
		// HPACK: a literal field without indexing whose name is the static
		// table's :status (index 8), with a plain-text value.
		code := strconv.Itoa(status)
		block := append([]byte{0x08, byte(len(code))}, code...)
		writeFrame(conn, frameHeaders, flagEndHeaders, stream, block)
		writeFrame(conn, frameData, flagEndStream, stream, []byte(step.Body))
	}
}

func writeFrame(w io.Writer, kind, flags byte, stream uint32, payload []byte) {
	frame := make([]byte, 9, 9+len(payload))
	frame[0], frame[1], frame[2] = byte(len(payload)>>16), byte(len(payload)>>8), byte(len(payload))
	frame[3], frame[4] = kind, flags
	binary.BigEndian.PutUint32(frame[5:], stream)
	_, _ = w.Write(append(frame, payload...))
}

// testCertificate returns the TLS config of httptest's TLS servers, whose
// certificate is valid for 127.0.0.1.
func testCertificate(testing.TB) *tls.Config {
	srv := httptest.NewUnstartedServer(nil)
	srv.StartTLS()
	defer srv.Close()
	return srv.TLS.Clone()
}

// TrustTestCertificates makes the system certificate pool of this test
// binary trust httptest's TLS servers (and ScriptedH2), so that the SDK's
// own default transport can reach them over TLS and HTTP/2 exactly as it
// reaches a vendor. Call it from TestMain, before anything uses TLS: Go
// reads SSL_CERT_FILE once.
func TrustTestCertificates() (cleanup func(), err error) {
	srv := httptest.NewUnstartedServer(nil)
	srv.StartTLS()
	der := srv.Certificate().Raw
	srv.Close()
	f, err := os.CreateTemp("", "profiles-go-test-ca-*.pem")
	if err != nil {
		return nil, err
	}
	if err := pem.Encode(f, &pem.Block{Type: "CERTIFICATE", Bytes: der}); err != nil {
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	if err := os.Setenv("SSL_CERT_FILE", f.Name()); err != nil {
		return nil, err
	}
	return func() { _ = os.Remove(f.Name()) }, nil
}
