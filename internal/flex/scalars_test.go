package flex

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"
)

func TestString(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`"abc"`: "abc", `"a\"b"`: `a"b`, `" x "`: " x ", `42`: "42", `-1.50`: "-1.50",
		`12345678901234567890`: "12345678901234567890", `null`: "", `""`: "",
	} {
		var s String
		if err := json.Unmarshal([]byte(in), &s); err != nil || string(s) != want {
			t.Errorf("%s: got %q, %v; want %q", in, s, err, want)
		}
	}
	for _, in := range []string{`true`, `false`, `{}`, `[]`, `["a"]`} {
		var s String
		if err := json.Unmarshal([]byte(in), &s); err == nil {
			t.Errorf("%s: decoded as %q, want an error", in, s)
		}
	}
}

func TestInt(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{
		`499`: 499, `-7`: -7, `499.0`: 499, `4.99e2`: 499, `"499"`: 499, `" 499 "`: 499, `"1e3"`: 1000,
		`null`: 0, `""`: 0, `"  "`: 0, `9223372036854775807`: 9223372036854775807,
	} {
		var n Int
		if err := json.Unmarshal([]byte(in), &n); err != nil || int64(n) != want {
			t.Errorf("%s: got %d, %v; want %d", in, n, err, want)
		}
	}
	for _, in := range []string{`4.99`, `"cheap"`, `true`, `{}`, `9223372036854775808`, `"NaN"`} {
		var n Int
		if err := json.Unmarshal([]byte(in), &n); err == nil {
			t.Errorf("%s: decoded as %d, want an error", in, n)
		}
	}
}

func TestBool(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]bool{
		`true`: true, `false`: false, `1`: true, `0`: false, `"1"`: true, `"0"`: false,
		`"TRUE"`: true, `" false "`: false, `null`: false, `""`: false,
	} {
		var v Bool
		if err := json.Unmarshal([]byte(in), &v); err != nil || bool(v) != want {
			t.Errorf("%s: got %v, %v; want %v", in, v, err, want)
		}
	}
	for _, in := range []string{`2`, `1.0`, `"maybe"`, `"null"`, `{}`, `[]`} {
		var v Bool
		if err := json.Unmarshal([]byte(in), &v); err == nil {
			t.Errorf("%s: decoded as %v, want an error", in, v)
		}
	}
}

// TestTimeReadFromBytesAgrees: RFC 3339 text read from the bytes (Time's
// first path) gives the time, zone offset included, that ParseTime gives.
func TestTimeReadFromBytesAgrees(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"2025-06-15T09:30:00Z", "2025-06-15T09:30:00.123456789Z", "2025-06-15T06:30:00-03:00",
		"2020-05-08T11:08:06.5+07:00", "2020-02-29T00:00:00Z",
	} {
		var got Time
		if err := got.UnmarshalJSON([]byte(strconv.Quote(s))); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		want, err := ParseTime(s)
		if err != nil {
			t.Fatal(err)
		}
		_, gotOff := time.Time(got).Zone()
		_, wantOff := want.Zone()
		if !time.Time(got).Equal(want) || gotOff != wantOff {
			t.Errorf("%s: got %v, want %v", s, time.Time(got), want)
		}
	}
}

func TestParseTimeLayouts(t *testing.T) {
	t.Parallel()
	want := time.Date(2025, 6, 15, 9, 30, 0, 0, time.UTC)
	for _, s := range []string{
		"2025-06-15T09:30:00Z", "2025-06-15T06:30:00.000-0300", "2025-06-15T09:30:00",
		"2025-06-15 06:30:00-03:00", " 2025-06-15 09:30:00 ",
	} {
		if got, err := ParseTime(s); err != nil || !got.Equal(want) {
			t.Errorf("%q: got %v, %v", s, got, err)
		}
	}
	if got, err := ParseTime("2025-06-15"); err != nil || !got.Equal(time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("date only: got %v, %v", got, err)
	}
	if got, err := ParseTime("  "); err != nil || !got.IsZero() {
		t.Errorf("blank: got %v, %v", got, err)
	}
	for _, s := range []string{"tomorrow", "1749979800", "15/06/2025", "2025-02-30"} {
		if _, err := ParseTime(s); err == nil {
			t.Errorf("%q parsed", s)
		}
	}
}

// A number that does not fit in 64 bits, or is not whole, is an error,
// never the nearest float64 or a clamped value; whole numbers in any
// spelling keep every digit.
func TestIntIsExact(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{
		`9007199254740993.0`: 9007199254740993, `"9007199254740993.00"`: 9007199254740993, `9.007199254740993e15`: 9007199254740993,
		`-9223372036854775808`: -9223372036854775808, `-9223372036854775808.0`: -9223372036854775808,
		`9223372036854775807.000`: 9223372036854775807, `0.0e5`: 0, `-0.0`: 0, `1000e-3`: 1, `1.5E1`: 15, `100E+2`: 10000,
	} {
		var n Int
		if err := json.Unmarshal([]byte(in), &n); err != nil || int64(n) != want {
			t.Errorf("%s: got %d, %v; want %d", in, n, err, want)
		}
	}
	for _, in := range []string{`-9223372036854775809`, `9223372036854775808.0`, `9.3e18`, `-9223372036854775809.0`,
		`9007199254740993.5`, `1500e-3`, `1e-1`, `0.5`, `1e400`, `123e999999999999999`, `"1.0.0"`, `"0x10"`, `"Inf"`} {
		var n Int
		if err := json.Unmarshal([]byte(in), &n); err == nil {
			t.Errorf("%s: decoded as %d, want an error", in, n)
		}
	}
}
