package haravanredis_test

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeLedgerSectionIsTheExample keeps README.md's "Crediting an
// order exactly once" honest: every line of its code block is a line of
// ExampleNewLedger, in order, so the code users copy is code that compiles.
func TestReadmeLedgerSectionIsTheExample(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile("example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Crediting an order exactly once\n")
	_, block, ok2 := strings.Cut(section, "\n```go\n")
	block, _, ok3 := strings.Cut(block, "\n```\n")
	_, body, ok4 := strings.Cut(string(example), "func ExampleNewLedger() {\n")
	if !ok || !ok2 || !ok3 || !ok4 || strings.TrimSpace(block) == "" {
		t.Fatal(`README.md lacks the "## Crediting an order exactly once" section with a go block, or ExampleNewLedger is gone`)
	}
	lines := strings.Split(body, "\n")
	for _, want := range strings.Split(block, "\n") {
		for len(lines) > 0 && normalize(lines[0]) != normalize(want) {
			lines = lines[1:]
		}
		if len(lines) == 0 {
			t.Fatalf("README line %q is not in ExampleNewLedger (in this order)", want)
		}
		lines = lines[1:]
	}
}

// normalize ignores indentation and the alignment of trailing comments.
func normalize(line string) string { return strings.Join(strings.Fields(line), " ") }
