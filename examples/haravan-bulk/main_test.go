package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/profiles-sdk/profiles-go/haravan/haravantest"
)

// The commands as a user runs them, against the fake run starts itself,
// with the shipped demo campaign.
func TestRunAgainstFake(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	demo, err := os.ReadFile("campaign.csv")
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "campaign.csv")
	if err := os.WriteFile(in, demo, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in+".2", demo, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "profiles.jsonl")
	steps := []struct {
		args []string
		want string
	}{
		{[]string{"export", "-out", out}, "exported 122 profiles to " + out},
		{[]string{"export", "-out", out}, "profiles: 122 done, "}, // the progress line: stderr is no terminal
		{[]string{"credit", "-in", in, "-dry-run"}, "dry run: would credit 12 rows (3450 points)"},
		{[]string{"credit", "-in", in}, "credited 12, failed 0, outcome unknown 0, skipped 0"},
		{[]string{"credit", "-in", in + ".2"}, "rows: 12/12 done, "},
		{[]string{"credit", "-in", in, "-resume"}, "credited 0, failed 0, outcome unknown 0, skipped 12"},
		{[]string{"credit", "-in", in, "-reconcile"}, "no row of unknown outcome"},
	}
	for _, step := range steps {
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), &stdout, &stderr, step.args, ""); err != nil {
			t.Fatalf("%v: %v", step.args, err)
		}
		if got := stdout.String() + stderr.String(); !strings.Contains(got, step.want) {
			t.Errorf("%v: output lacks %q:\n%s", step.args, step.want, got)
		}
		if !strings.Contains(stderr.String(), "using the in-process fake") {
			t.Errorf("%v: does not say it uses the fake", step.args)
		}
	}
}

func TestRunRejectsBadCommandLines(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		nil,
		{"import"},
		{"credit"},
		{"credit", "-in", "x.csv", "-dry-run", "-reconcile"},
		{"export", "-format", "xml"},
		{"export", "-resume"},
		{"export", "extra"},
	} {
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), &stdout, &stderr, args, ""); err == nil {
			t.Errorf("%q was accepted", args)
		}
	}
}

func TestRunHelpExitsZero(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}, {"export", "-h"}, {"credit", "--help"}} {
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), &stdout, &stderr, args, ""); err != nil {
			t.Errorf("%q: %v", args, err)
		}
		if got := stdout.String() + stderr.String(); !strings.Contains(got, "-base-url") {
			t.Errorf("%q: no usage:\n%s", args, got)
		}
	}
}

// -base-url sends to another API, here a fake the test runs; the SDK's
// rule (https, or http to a loopback host) decides what is accepted.
func TestRunBaseURL(t *testing.T) {
	t.Parallel()
	srv := haravantest.NewServer()
	t.Cleanup(srv.Close)
	token := srv.Credentials().AccessToken
	out := filepath.Join(t.TempDir(), "profiles.jsonl")
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), &stdout, &stderr, []string{"export", "-base-url", srv.URL, "-out", out}, token); err != nil {
		t.Fatal(err)
	}
	if srv.RequestCount() == 0 || strings.Contains(stderr.String(), "in-process fake") {
		t.Errorf("the export did not go to -base-url: %d requests there; stderr:\n%s", srv.RequestCount(), stderr.String())
	}
	for _, tc := range []struct {
		url, token, want string
	}{
		{"http://example.com", token, "loopback"},
		{"ftp://127.0.0.1", token, "ftp"},
		{srv.URL, "", "HARAVAN_ACCESS_TOKEN"},
	} {
		err := run(context.Background(), &stdout, &stderr, []string{"export", "-base-url", tc.url}, tc.token)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("-base-url %s: err = %v, want one about %q", tc.url, err, tc.want)
		}
	}
	if err := run(context.Background(), &stdout, &stderr, []string{"credit", "-base-url", "http://example.com", "-in", "campaign.csv", "-dry-run"}, token); err == nil {
		t.Error("credit accepted an http base URL that is not loopback")
	}
}
