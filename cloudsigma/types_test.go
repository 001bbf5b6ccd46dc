package cloudsigma_test

import (
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/profiles-sdk/profiles-go/cloudsigma"
)

func TestNewDecimal(t *testing.T) {
	t.Parallel()
	valid := map[string]string{ // text → exact value as a fraction
		"0E-16":   "0/1",
		"26.73":   "2673/100",
		"-1.5":    "-3/2",
		"+2":      "2/1",
		"2e3":     "2000/1",
		"1.25E+2": "125/1",
		".5":      "1/2",
		"5.":      "5/1",
		"0.1":     "1/10",
		"1E-1000": "1/1" + strings.Repeat("0", 1000),
	}
	for text, want := range valid {
		d, err := cloudsigma.NewDecimal(text)
		if err != nil {
			t.Errorf("NewDecimal(%q): %v", text, err)
			continue
		}
		if d.String() != text {
			t.Errorf("NewDecimal(%q).String() = %q, want the text kept", text, d.String())
		}
		if got := d.Rat().String(); got != want {
			t.Errorf("NewDecimal(%q).Rat() = %s, want %s", text, got, want)
		}
	}
	for _, text := range []string{"", " ", ".", "-", "+-1", "--1", "1/3", "0x10", "NaN", "Inf", "1e", "1e+", "1e1.5", "1,5", "1 ", "1E1001", "1E-99999999999999999999", "١", strings.Repeat("1", 257)} {
		if _, err := cloudsigma.NewDecimal(text); err == nil {
			t.Errorf("NewDecimal(%q) accepted a non-decimal", text)
		}
	}
}

func TestDecimalZeroValue(t *testing.T) {
	t.Parallel()
	var d cloudsigma.Decimal
	if d.String() != "0" || !d.IsZero() || d.Rat().Sign() != 0 {
		t.Errorf("zero Decimal = %q (IsZero %v), want 0", d.String(), d.IsZero())
	}
	b, err := json.Marshal(d)
	if err != nil || string(b) != `"0"` {
		t.Errorf("json.Marshal(zero Decimal) = %s, %v; want \"0\"", b, err)
	}
	if !d.Equal(cloudsigma.MustDecimal("0E-16")) {
		t.Error(`zero Decimal does not equal "0E-16"`)
	}
}

func TestDecimalJSONRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, out string }{
		{`"0E-16"`, `"0E-16"`},
		{`"26.73"`, `"26.73"`},
		{`"26.7300000000000000"`, `"26.7300000000000000"`},
		{`"0.1"`, `"0.1"`},
		{`0`, `"0"`},         // the schema's default is a JSON number
		{`26.73`, `"26.73"`}, // a number keeps its text, no float drift
		{`0.30000000000000004`, `"0.30000000000000004"`},
		{` "1E+2" `, `"1E+2"`},
	}
	for _, tt := range tests {
		var d cloudsigma.Decimal
		if err := json.Unmarshal([]byte(tt.in), &d); err != nil {
			t.Errorf("Unmarshal(%s): %v", tt.in, err)
			continue
		}
		b, err := json.Marshal(d)
		if err != nil || string(b) != tt.out {
			t.Errorf("round trip of %s = %s, %v; want %s", tt.in, b, err, tt.out)
		}
	}
}

func TestDecimalUnmarshalNullAndErrors(t *testing.T) {
	t.Parallel()
	d := cloudsigma.MustDecimal("5")
	if err := json.Unmarshal([]byte(`null`), &d); err != nil || d.String() != "5" {
		t.Errorf("null: got %s, %v; want the value unchanged", d, err)
	}
	var p *cloudsigma.Decimal
	if err := json.Unmarshal([]byte(`null`), &p); err != nil || p != nil {
		t.Errorf("null into *Decimal: got %v, %v; want nil", p, err)
	}
	for _, in := range []string{`"abc"`, `true`, `{}`, `[]`, `"1/3"`, `"`, `"NaN"`} {
		var d cloudsigma.Decimal
		if err := json.Unmarshal([]byte(in), &d); err == nil {
			t.Errorf("Unmarshal(%s) accepted a non-decimal: %s", in, d)
		}
	}
}

func TestDecimalCompare(t *testing.T) {
	t.Parallel()
	a, b := cloudsigma.MustDecimal("26.73"), cloudsigma.MustDecimal("26.7300000000000000")
	if !a.Equal(b) || a.Cmp(b) != 0 {
		t.Errorf("%s and %s differ", a, b)
	}
	if a.String() == b.String() {
		t.Error("the texts should stay as given")
	}
	if cloudsigma.MustDecimal("0.1").Cmp(cloudsigma.MustDecimal("0.2")) != -1 {
		t.Error("0.1 is not below 0.2")
	}
	sum := new(big.Rat).Add(cloudsigma.MustDecimal("0.1").Rat(), cloudsigma.MustDecimal("0.2").Rat())
	if sum.Cmp(cloudsigma.MustDecimal("0.3").Rat()) != 0 {
		t.Errorf("0.1 + 0.2 = %s, want exactly 0.3", sum.FloatString(20))
	}
}

func TestDecimalFromRat(t *testing.T) {
	t.Parallel()
	d, err := cloudsigma.DecimalFromRat(big.NewRat(2673, 100), 2)
	if err != nil || d.String() != "26.73" {
		t.Errorf("DecimalFromRat(2673/100, 2) = %s, %v", d, err)
	}
	d, err = cloudsigma.DecimalFromRat(big.NewRat(1, 3), 4)
	if err != nil || d.String() != "0.3333" {
		t.Errorf("DecimalFromRat(1/3, 4) = %s, %v", d, err)
	}
	if d, err := cloudsigma.DecimalFromRat(nil, 2); err != nil || !d.IsZero() {
		t.Errorf("DecimalFromRat(nil) = %s, %v", d, err)
	}
	if _, err := cloudsigma.DecimalFromRat(big.NewRat(1, 1), -1); err == nil {
		t.Error("negative places accepted")
	}
}

func TestMustDecimalPanics(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("MustDecimal(\"x\") did not panic")
		}
	}()
	cloudsigma.MustDecimal("x")
}

func TestDecimalText(t *testing.T) {
	t.Parallel()
	var d cloudsigma.Decimal
	if err := d.UnmarshalText([]byte("12.50")); err != nil || d.String() != "12.50" {
		t.Errorf("UnmarshalText: %s, %v", d, err)
	}
	if err := d.UnmarshalText([]byte("x")); err == nil {
		t.Error("UnmarshalText accepted x")
	}
	m := map[cloudsigma.Decimal]int{cloudsigma.MustDecimal("1.5"): 1}
	b, err := json.Marshal(m)
	if err != nil || string(b) != `{"1.5":1}` {
		t.Errorf("map key: %s, %v", b, err)
	}
	_, err = cloudsigma.NewDecimal("1/3")
	if err == nil || !strings.Contains(err.Error(), "1/3") || errors.Unwrap(err) == nil {
		t.Errorf("error %v should name the input and wrap a cause", err)
	}
}
