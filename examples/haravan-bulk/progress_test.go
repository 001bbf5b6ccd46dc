package main

import (
	"bytes"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// The shop's bucket lets 80 calls through at once, then 4 a second: the
// estimate must follow the paced rate, not the average that the burst
// inflates (which would say 17s here).
func TestPaceETAFollowsThePacedRate(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := newPace("rows", 300, 0, func() time.Time { return now })
	for range 80 {
		now = now.Add(12 * time.Millisecond)
		p.step()
	}
	for range 40 {
		now = now.Add(250 * time.Millisecond)
		p.step()
	}
	eta, ok := p.eta()
	if !ok || eta != 45*time.Second {
		t.Errorf("ETA = %v, %v; want 45s at 4 rows a second", eta, ok)
	}
	if got, want := p.line(), "rows: 120/300 done, 4.0/s, ETA 45s"; got != want {
		t.Errorf("line = %q, want %q", got, want)
	}
	unknown := newPace("profiles", -1, 7, func() time.Time { return now })
	if got, want := unknown.line(), "profiles: 7 done, 0.0/s"; got != want {
		t.Errorf("line = %q, want %q", got, want)
	}
}

// syncBuffer is a bytes.Buffer safe for the meter's goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Not a terminal (a log file, cron's mail, a container log): plain lines
// at every interval while the job runs, and a last one at its end.
func TestNonTerminalProgressIsPlainLines(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	m := progressMeter(&out, 5*time.Millisecond)("rows", 10, 0)
	for range 4 {
		m.Step("calls 1/80")
	}
	deadline := time.Now().Add(10 * time.Second)
	for strings.Count(out.String(), "\n") < 2 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	for range 6 {
		m.Step("calls 1/80")
	}
	m.Close()
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) < 3 {
		t.Fatalf("want lines while working and at the end, got %q", out.String())
	}
	shape := regexp.MustCompile(`^rows: \d+/10 done, \d+\.\d/s(, ETA \d+(\.\d+)?[a-zµ]+)?$`)
	for _, l := range lines {
		if !shape.MatchString(l) {
			t.Errorf("line %q is not rows done, rate, ETA", l)
		}
	}
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "rows: 10/10 done, ") {
		t.Errorf("last line %q", last)
	}
	if strings.ContainsAny(out.String(), "\r\x1b") {
		t.Errorf("terminal control characters in a log: %q", out.String())
	}
}
