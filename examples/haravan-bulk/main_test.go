package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	out := filepath.Join(dir, "profiles.jsonl")
	steps := []struct {
		args []string
		want string
	}{
		{[]string{"export", "-out", out}, "exported 122 profiles to " + out},
		{[]string{"credit", "-in", in, "-dry-run"}, "dry run: would credit 12 rows (3450 points)"},
		{[]string{"credit", "-in", in}, "credited 12, failed 0, outcome unknown 0, skipped 0"},
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
