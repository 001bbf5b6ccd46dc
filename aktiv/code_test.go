package aktiv_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/profiles-sdk/profiles-go/aktiv"
)

func TestParseCode(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in      string
		want    aktiv.Code
		wantErr string // part of the error text, "" for success
	}{
		{"0x5191758c", 0x5191758c, ""},
		{"0xe1e1e1e", 0x0e1e1e1e, ""},
		{"0xd2d2d2d2", 0xd2d2d2d2, ""},
		{"0XD2D2D2D2", 0xd2d2d2d2, ""},
		{"0xAbCdEf01", 0xabcdef01, ""},
		{"0x0", 0, ""},
		{"0xffffffff", 0xffffffff, ""},
		{"0x00000000ffffffff", 0xffffffff, ""},
		{"0x100000000", 0, "32 bits"},
		{"0xfffffffffffffffffffff", 0, "32 bits"},
		{"", 0, `"0x"`},
		{"5191758c", 0, `"0x"`},
		{"0x", 0, "no hex digits"},
		{"0xg1", 0, "not a hexadecimal"},
		{"0x-1", 0, "not a hexadecimal"},
		{"0x+1", 0, "not a hexadecimal"},
		{"0x1_0", 0, "not a hexadecimal"},
		{" 0x1", 0, `"0x"`},
		{"0x1 ", 0, "not a hexadecimal"},
		{"0x0x1", 0, "not a hexadecimal"},
	}
	for _, tc := range cases {
		got, err := aktiv.ParseCode(tc.in)
		if tc.wantErr == "" {
			if err != nil || got != tc.want {
				t.Errorf("ParseCode(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !errors.Is(err, aktiv.ErrInvalidCode) {
			t.Errorf("ParseCode(%q) error = %v; want one mentioning %s", tc.in, err, tc.wantErr)
		}
		if err != nil && len(tc.in) > 3 && strings.Contains(err.Error(), tc.in) {
			t.Errorf("ParseCode(%q) error repeats the input: %v", tc.in, err)
		}
	}
}

func TestCodeText(t *testing.T) {
	t.Parallel()
	c := aktiv.Code(0x0e1e1e1e)
	if s := c.String(); s != "0x0e1e1e1e" {
		t.Errorf("String = %q", s)
	}
	if s := aktiv.Code(0x5191758c).String(); s != "0x5191758c" {
		t.Errorf("String = %q", s)
	}
	b, err := json.Marshal(c)
	if err != nil || string(b) != `"0xe1e1e1e"` {
		t.Errorf("Marshal = %s, %v; want the vendor's unpadded form", b, err)
	}
	if b, _ := json.Marshal(aktiv.Code(0)); string(b) != `"0x0"` {
		t.Errorf("Marshal(0) = %s", b)
	}
}

func TestCodeUnmarshalJSON(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in      string
		want    aktiv.Code
		wantErr bool
	}{
		{`"0x5191758c"`, 0x5191758c, false},
		{`"0XB3B3B3B3"`, 0xb3b3b3b3, false},
		{`1368487351`, 0x519175b7, false},
		{`4294967295`, 0xffffffff, false},
		{`null`, 7, false}, // unchanged
		{`4294967296`, 0, true},
		{`-1`, 0, true},
		{`1.5`, 0, true},
		{`"nope"`, 0, true},
		{`"0x1ffffffff"`, 0, true},
		{`true`, 0, true},
		{`{}`, 0, true},
	}
	for _, tc := range cases {
		c := aktiv.Code(7)
		err := json.Unmarshal([]byte(tc.in), &c)
		if tc.wantErr {
			if err == nil {
				t.Errorf("Unmarshal(%s) = %v, want an error", tc.in, c)
			}
			continue
		}
		if err != nil || c != tc.want {
			t.Errorf("Unmarshal(%s) = %v, %v; want %v", tc.in, c, err, tc.want)
		}
	}
}

func TestCodeTextRoundTrip(t *testing.T) {
	t.Parallel()
	for _, v := range []aktiv.Code{0, 1, 0xe1e1e1e, 0x5191758c, 0xffffffff} {
		text, _ := v.MarshalText()
		var back aktiv.Code
		if err := back.UnmarshalText(text); err != nil || back != v {
			t.Errorf("%v: MarshalText %s, back %v, %v", v, text, back, err)
		}
		if p, err := aktiv.ParseCode(v.String()); err != nil || p != v {
			t.Errorf("%v: ParseCode(String()) = %v, %v", v, p, err)
		}
	}
}
