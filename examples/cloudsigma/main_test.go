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

func TestRunAgainstFake(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(context.Background(), &out, func(string) string { return "" }); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	for _, want := range []string{"in-process fake", "John Doe <user@example.com>", "state REGULAR", "amount 0E-16", `company "Example Ltd", mailing list false`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRunRefusesUnknownLocation(t *testing.T) {
	t.Parallel()
	env := map[string]string{"CLOUDSIGMA_TOKEN": "secret-token", "CLOUDSIGMA_LOCATION": "nowhere"}
	err := run(context.Background(), &bytes.Buffer{}, func(k string) string { return env[k] })
	if err == nil || !strings.Contains(err.Error(), "zrh") || strings.Contains(err.Error(), "secret-token") {
		t.Errorf("err %v", err)
	}
}
