package rest

import (
	"encoding/json"
	"testing"
)

func TestUnquoteSimpleMatchesUnmarshal(t *testing.T) {
	t.Parallel()
	for in, simple := range map[string]bool{
		`""`: true, `"a"`: true, `"0E-16"`: true, `"Nguyễn Văn"`: true,
		`"a\"b"`: false, `"a\\b"`: false, `"\u00e9"`: false, "\"a\tb\"": false, "\"\xff\"": false,
		`"`: false, `x`: false, `"a`: false, `a"`: false, `null`: false, `12`: false, `"a" `: false,
	} {
		s, ok := UnquoteSimple([]byte(in))
		if ok != simple {
			t.Errorf("UnquoteSimple(%q) ok = %v, want %v", in, ok, simple)
		}
		if !ok {
			continue
		}
		var want string
		if err := json.Unmarshal([]byte(in), &want); err != nil || s != want {
			t.Errorf("UnquoteSimple(%q) = %q; json.Unmarshal gives %q, %v", in, s, want, err)
		}
	}
}
