package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestTour runs the whole tour, as `go run ./examples/tour` does, so a
// broken section fails CI rather than a newcomer's first command.
func TestTour(t *testing.T) {
	var out bytes.Buffer
	if err := runTour(context.Background(), &out); err != nil {
		t.Fatalf("tour failed: %v\n%s", err, out.String())
	}
	for _, p := range parts {
		if !strings.Contains(out.String(), "== "+p.name+" ==") {
			t.Errorf("tour output lacks the %s section", p.name)
		}
	}
}
