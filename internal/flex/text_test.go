package flex

import (
	"encoding/json"
	"math"
	"testing"
	"time"
)

func TestSimpleQuotedMatchesUnmarshal(t *testing.T) {
	t.Parallel()
	for in, simple := range map[string]bool{
		`""`: true, `"a"`: true, `"0E-16"`: true, `"Nguyễn Văn"`: true,
		`"a\"b"`: false, `"a\\b"`: false, `"\u00e9"`: false, "\"a\tb\"": false, "\"\xff\"": false,
		`"`: false, `x`: false, `"a`: false, `a"`: false, `null`: false, `12`: false, `"a" `: false,
	} {
		inner, ok := SimpleQuoted([]byte(in))
		if ok != simple {
			t.Errorf("SimpleQuoted(%q) ok = %v, want %v", in, ok, simple)
		}
		if !ok {
			continue
		}
		var want string
		if err := json.Unmarshal([]byte(in), &want); err != nil || string(inner) != want {
			t.Errorf("SimpleQuoted(%q) = %q; json.Unmarshal gives %q, %v", in, inner, want, err)
		}
	}
}

func TestParseDigitsAndWholeNumbers(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{"0": 0, "7": 7, "-42": -42, "999999999999999999": 999999999999999999} {
		if got, ok := ParseDigits([]byte(in)); !ok || got != want {
			t.Errorf("ParseDigits(%q) = %d, %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "-", "007", "1.0", "1e3", "9999999999999999999", "12a", " 1"} {
		if _, ok := ParseDigits([]byte(in)); ok {
			t.Errorf("ParseDigits(%q) took it; the general path must", in)
		}
	}
	for in, want := range map[string]int64{"007": 7, "100.0": 100, "1e3": 1000, "-9223372036854775808": math.MinInt64, "4.99e2": 499} {
		if got, err := ParseWholeNumber(in); err != nil || got != want {
			t.Errorf("ParseWholeNumber(%q) = %d, %v", in, got, err)
		}
	}
	for _, in := range []string{"1.5", "9223372036854775808", "9.3e18", "abc", "NaN", ""} {
		if _, err := ParseWholeNumber(in); err == nil {
			t.Errorf("ParseWholeNumber(%q) accepted", in)
		}
	}
}

func TestTimeOrNil(t *testing.T) {
	t.Parallel()
	if got := TimeOrNil(time.Time{}); got != nil {
		t.Errorf("TimeOrNil(zero) = %v, want nil", got)
	}
	at := time.Date(2020, 5, 8, 4, 8, 6, 0, time.UTC)
	if got := TimeOrNil(at); got == nil || !got.Equal(at) {
		t.Errorf("TimeOrNil(%v) = %v", at, got)
	}
}
