package flex

import (
	"encoding/json"
	"testing"
	"time"
)

// FuzzScalars: the scalar decoders never panic, and a date that decodes is
// one RFC 3339 can write.
func FuzzScalars(f *testing.F) {
	for _, s := range []string{
		`"2025-06-01T09:30:00Z"`, `"2025-06-01 09:30:00"`, `"2025-06-01"`, `1748770200`, `1748770200123`,
		`"1748770200.5"`, `-99999999999999`, `1e400`, `null`, `""`, `"ANDROID"`, `2`, `"2"`, `true`, `"false"`, `{}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var tm Time
		if json.Unmarshal(b, &tm) == nil {
			if _, err := time.Time(tm).MarshalText(); err != nil {
				t.Fatalf("%s decoded to %v, which RFC 3339 cannot write: %v", b, time.Time(tm), err)
			}
		}
		_, _ = ParseTime(string(b))
		_, _ = parseUnix(string(b))
		var i Int
		_ = json.Unmarshal(b, &i)
		var v Bool
		_ = json.Unmarshal(b, &v)
		var s String
		_ = json.Unmarshal(b, &s)
	})
}

// FuzzText: Text gives what json.Unmarshal into a string gives, its fast
// path for strings without escapes included.
func FuzzText(f *testing.F) {
	for _, s := range []string{`"plain"`, `"a\"b"`, `"\u00e9t\u00e9"`, `"tab\there"`, "\"raw\ttab\"", `"\/"`, `null`, `""`, `"`, `"x`, "\"\xff\"", `12`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, gotErr := Text(b)
		var want string
		wantErr := json.Unmarshal(b, &want)
		if got != want || (gotErr == nil) != (wantErr == nil) {
			t.Fatalf("Text(%q) = %q, %v; json.Unmarshal: %q, %v", b, got, gotErr, want, wantErr)
		}
	})
}
