package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestTour runs the whole tour, as `go run ./examples/tour` does, so a
// broken section fails CI rather than a newcomer's first command. Each
// section must show its call's result from the fake's seeded records and
// the injected 404 handled as the package's ErrNotFound.
func TestTour(t *testing.T) {
	var out bytes.Buffer
	if err := runTour(context.Background(), &out); err != nil {
		t.Fatalf("tour failed: %v\n%s", err, out.String())
	}
	want := map[string][]string{
		"aktiv": {
			"GetProfile: John Doe, Administrator at Aktiv (HTTP 200, attempts 1)",
			"GetProfile after an injected 404: profiles.ErrNotFound",
		},
		"cloudsigma": {
			"GetProfile: John Doe <user@example.com>, autotopup 0E-16 (HTTP 200, attempts 1)",
			"GetProfile after an injected 404: profiles.ErrNotFound",
		},
		"haravan": {
			"GetProfile: John Terry, 100 points (HTTP 200, attempts 1, call limit 1/80)",
			"GetProfile after an injected 404: profiles.ErrNotFound",
		},
		"kiwi": {
			"GetAccountProfile: 4 subscriptions, 2 active (HTTP 200, attempts 1)",
			"GetAccountProfile after an injected 404: profiles.ErrNotFound",
		},
		"olx": {
			"GetPackages: 1 package, postpaid, 4/20 listings left, 306,27 zł (HTTP 200, attempts 1)",
			"GetPackages after an injected 404: profiles.ErrNotFound",
		},
	}
	if len(parts) != len(want) {
		t.Errorf("the tour has %d sections, the test knows %d", len(parts), len(want))
	}
	for _, p := range parts {
		section := sectionOf(out.String(), p.name)
		if section == "" {
			t.Errorf("tour output lacks the %s section:\n%s", p.name, out.String())
			continue
		}
		for _, line := range want[p.name] {
			if !strings.Contains(section, line+"\n") {
				t.Errorf("%s section lacks %q:\n%s", p.name, line, section)
			}
		}
	}
}

// sectionOf returns the lines the tour printed under "== name ==".
func sectionOf(out, name string) string {
	_, section, found := strings.Cut(out, "== "+name+" ==\n")
	if !found {
		return ""
	}
	section, _, _ = strings.Cut(section, "\n== ")
	return section + "\n"
}
