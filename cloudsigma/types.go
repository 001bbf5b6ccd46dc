package cloudsigma

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/profiles-sdk/profiles-go/internal/flex"
)

// Bounds on a Decimal's exponent and text. CloudSigma's amounts have 16
// places ("0E-16"); the bounds only keep a hostile answer such as
// "1E-999999999" from making Rat allocate gigabytes.
const (
	maxDecimalExponent = 1000
	maxDecimalLen      = 256
)

var errDecimalSyntax = errors.New("not a decimal number")

// Decimal is an exact decimal number as CloudSigma sends it: a JSON string
// such as "26.73" or "0E-16". It keeps the vendor's text, so a value read
// from GetProfile goes back to the vendor unchanged, without the drift a
// float64 would add. It also accepts a plain JSON number (the schema's
// default 0) and null (which leaves it zero).
//
// The zero Decimal is 0. Build one with NewDecimal, MustDecimal or
// DecimalFromRat; compare values with Cmp or Equal (not ==, which compares
// the text: "0E-16" and "0" are the same number).
type Decimal struct {
	text string // validated decimal text; "" means 0
}

// NewDecimal parses s: an optional sign, digits with an optional fraction,
// and an optional exponent ("26.73", "-1.5", "0E-16", "2e3"). Fractions
// like "1/3", hexadecimal, "NaN" and "Inf" are refused.
func NewDecimal(s string) (Decimal, error) {
	if len(s) > maxDecimalLen {
		return Decimal{}, fmt.Errorf("cloudsigma: decimal longer than %d characters", maxDecimalLen)
	}
	// [+-]digits[.digits][(e|E)[+-]digits], at least one mantissa digit.
	// Checked by hand rather than with a regexp: every amount of every
	// profile passes here, and a regexp match cost more than the rest of
	// decoding it.
	mantissa, exponent, hasExp := strings.Cut(strings.ToUpper(trimSign(s)), "E")
	whole, frac, _ := strings.Cut(mantissa, ".")
	exponent = trimSign(exponent)
	syntaxOK := (whole != "" || frac != "") && allDigits(whole) && allDigits(frac) &&
		(!hasExp || exponent != "" && allDigits(exponent))
	if !syntaxOK {
		return Decimal{}, fmt.Errorf("cloudsigma: decimal %q: %w", s, errDecimalSyntax)
	}
	if n, err := strconv.Atoi(exponent); hasExp && (err != nil || n > maxDecimalExponent) {
		return Decimal{}, fmt.Errorf("cloudsigma: decimal %q: exponent beyond ±%d", s, maxDecimalExponent)
	}
	return Decimal{text: s}, nil
}

// trimSign drops one leading "+" or "-".
func trimSign(s string) string {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		return s[1:]
	}
	return s
}

func allDigits(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) < 0
}

// MustDecimal is NewDecimal for constants in code; it panics on bad input.
func MustDecimal(s string) Decimal {
	d, err := NewDecimal(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DecimalFromRat returns r rounded to places digits after the point
// (half away from zero). A nil r gives 0.
func DecimalFromRat(r *big.Rat, places int) (Decimal, error) {
	if places < 0 || places > maxDecimalExponent {
		return Decimal{}, fmt.Errorf("cloudsigma: decimal places %d out of range 0..%d", places, maxDecimalExponent)
	}
	if r == nil {
		return Decimal{}, nil
	}
	return NewDecimal(r.FloatString(places))
}

// String returns the decimal's text as the vendor sent it, or "0" for the
// zero Decimal.
func (d Decimal) String() string {
	if d.text == "" {
		return "0"
	}
	return d.text
}

// Rat returns the exact value as a new *big.Rat.
func (d Decimal) Rat() *big.Rat {
	r, ok := new(big.Rat).SetString(d.String())
	if !ok { // cannot happen: the text was checked when d was made
		return new(big.Rat)
	}
	return r
}

// Cmp compares the values of d and e: -1, 0 or +1.
func (d Decimal) Cmp(e Decimal) int { return d.Rat().Cmp(e.Rat()) }

// Equal reports whether d and e are the same number ("0E-16" equals "0").
func (d Decimal) Equal(e Decimal) bool { return d.Cmp(e) == 0 }

// IsZero reports whether the value is 0.
func (d Decimal) IsZero() bool { return d.Rat().Sign() == 0 }

// MarshalJSON sends the decimal as a JSON string, as CloudSigma expects.
func (d Decimal) MarshalJSON() ([]byte, error) {
	return []byte(strconv.Quote(d.String())), nil
}

// UnmarshalJSON accepts a JSON string holding a decimal, a JSON number,
// or null (which leaves d unchanged, like encoding/json does).
func (d *Decimal) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		return nil
	}
	text := string(b)
	if len(b) > 0 && b[0] == '"' {
		var err error
		if text, err = flex.Text(b); err != nil {
			return fmt.Errorf("cloudsigma: decimal: %w", err)
		}
	}
	return d.set(text)
}

// MarshalText and UnmarshalText let a Decimal be a map key or a flag.
func (d Decimal) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses the text form, as NewDecimal does.
func (d *Decimal) UnmarshalText(b []byte) error { return d.set(string(b)) }

// set parses s into d, leaving d unchanged when s is not a decimal.
func (d *Decimal) set(s string) error {
	v, err := NewDecimal(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
