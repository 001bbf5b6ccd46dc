package haravan_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/profiles-sdk/profiles-go/haravan"
)

// FuzzDecodeProfile feeds the decoders arbitrary bodies. They must never
// panic, and whatever decodes must encode and decode back to the same JSON.
func FuzzDecodeProfile(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"id":"1","gender":"unknow","birthday":"2000-02-30","updated_at":"2020-01-01 00:00:00"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var env struct {
			Profile  *haravan.Profile   `json:"profile"`
			Profiles []*haravan.Profile `json:"profiles"`
		}
		_ = json.Unmarshal(body, &env)
		var attrs struct {
			Attributes []haravan.Attribute `json:"attributes"`
		}
		_ = json.Unmarshal(body, &attrs)
		var p haravan.Profile
		if json.Unmarshal(body, &p) != nil {
			return
		}
		first, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("decoded profile does not encode: %v", err)
		}
		var again haravan.Profile
		if err := json.Unmarshal(first, &again); err != nil {
			t.Fatalf("encoded profile does not decode: %v\n%s", err, first)
		}
		second, _ := json.Marshal(again)
		if !bytes.Equal(first, second) {
			t.Fatalf("round trip is not stable\n%s\n%s", first, second)
		}
	})
}
