package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The vendors' shared.go files are what gen writes: edit the template and
// run go generate ./internal/gen, never the files.
func TestGeneratedFilesAreCurrent(t *testing.T) {
	t.Parallel()
	for _, v := range Vendors {
		want, err := Render(v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join("..", "..", v, "shared.go"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s/shared.go is out of date: run go generate ./internal/gen", v)
		}
	}
}
