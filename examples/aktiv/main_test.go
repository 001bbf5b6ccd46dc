package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// TestRunAgainstTheFake runs the program as `go run` does without
// AKTIV_TOKEN, and checks that private codes stay redacted.
func TestRunAgainstTheFake(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(context.Background(), &out, func(string) string { return "" }); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	for _, want := range []string{"aktivtest fake", "John Doe <test@example.com>, Administrator at Aktiv", "public 0x519175b7 \"DEMONVK\"", "[redacted]", "subscription ends none"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "5191758c") {
		t.Errorf("output shows a private code:\n%s", out.String())
	}
}

// TestRunReportsBadBaseURL: with a token, AKTIV_BASE_URL is used and
// checked.
func TestRunReportsBadBaseURL(t *testing.T) {
	t.Parallel()
	env := map[string]string{"AKTIV_TOKEN": "tok", "AKTIV_BASE_URL": "ftp://example.com"}
	err := run(context.Background(), &bytes.Buffer{}, func(k string) string { return env[k] })
	if err == nil || !strings.Contains(err.Error(), "scheme") {
		t.Errorf("err = %v", err)
	}
}
