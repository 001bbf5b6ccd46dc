package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestReadmeQuickStartIsThisProgram keeps the README's quick start honest:
// its Go code block must be main.go, byte for byte, so the code a newcomer
// copies is the code CI builds and runs.
func TestReadmeQuickStartIsThisProgram(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	program, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	block, err := quickStartBlock(string(readme))
	if err != nil {
		t.Fatal(err)
	}
	if block != string(program) {
		t.Errorf("README.md's quick start differs from examples/quickstart/main.go; copy the file into the README.\n%s",
			firstDifference(block, string(program)))
	}
}

// quickStartBlock returns the body of the first ```go block after the
// "## Quick start" heading, up to the next heading of that level.
func quickStartBlock(readme string) (string, error) {
	_, section, found := strings.Cut(readme, "\n## Quick start\n")
	if !found {
		return "", errors.New(`README.md has no "## Quick start" heading`)
	}
	if next := strings.Index(section, "\n## "); next >= 0 {
		section = section[:next]
	}
	_, code, found := strings.Cut(section, "\n```go\n")
	if !found {
		return "", errors.New("the Quick start section has no ```go block")
	}
	code, _, found = strings.Cut(code, "\n```\n")
	if !found {
		return "", errors.New("the Quick start's ```go block is not closed")
	}
	return code + "\n", nil
}

// firstDifference names the first line where the README's block and the
// file part.
func firstDifference(readme, file string) string {
	a, b := strings.Split(readme, "\n"), strings.Split(file, "\n")
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return fmt.Sprintf("line %d:\n  README:  %s\n  main.go: %s", i+1, a[i], b[i])
		}
	}
	return fmt.Sprintf("one is longer: README has %d lines, main.go %d", len(a), len(b))
}

// TestQuickStartBlockExtraction checks the extraction itself on small
// documents, so a README without the section cannot pass as "equal".
func TestQuickStartBlockExtraction(t *testing.T) {
	t.Parallel()
	doc := "# x\n\n## Quick start\n\nText.\n\n```go\npackage main\n\nfunc main() {}\n```\n\n## Next\n\n```go\nother\n```\n"
	got, err := quickStartBlock(doc)
	if err != nil || got != "package main\n\nfunc main() {}\n" {
		t.Errorf("quickStartBlock = %q, %v", got, err)
	}
	for _, bad := range []string{
		"# x\n\n```go\npackage main\n```\n",                            // no section
		"# x\n\n## Quick start\n\nText.\n\n## Next\n\n```go\nx\n```\n", // the block belongs to another section
		"# x\n\n## Quick start\n\n```go\npackage main\n",               // not closed
	} {
		if got, err := quickStartBlock(bad); err == nil {
			t.Errorf("quickStartBlock(%q) = %q, want an error", bad, got)
		}
	}
}
