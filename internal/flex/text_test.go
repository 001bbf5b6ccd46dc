package flex

import (
	"math"
	"testing"
	"time"
)

func TestText(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{`""`: "", `"a"`: "a", `"Nguyễn Văn"`: "Nguyễn Văn", `"a\"b"`: `a"b`, `"\u00e9\/"`: "é/", `null`: ""} {
		if got, err := Text([]byte(in)); err != nil || got != want {
			t.Errorf("Text(%s) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{`"`, `12`, `{}`, "\"a\tb\""} {
		if got, err := Text([]byte(in)); err == nil {
			t.Errorf("Text(%s) = %q, want an error", in, got)
		}
	}
}

func TestWholeNumbers(t *testing.T) {
	t.Parallel()
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
