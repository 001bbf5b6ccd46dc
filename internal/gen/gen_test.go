package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The vendors' and fakes' shared.go files are what gen writes: edit the template and
// run go generate ./internal/gen, never the files.
func TestGeneratedFilesAreCurrent(t *testing.T) {
	t.Parallel()
	for _, v := range Vendors {
		for path, tmpl := range Files(v) {
			want, err := Render(tmpl, v)
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join("..", "..", path))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s is out of date: run go generate ./internal/gen", path)
			}
		}
	}
}
