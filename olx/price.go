package olx

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode"
)

// Money is an amount in minor units (cents, grosze) of an ISO 4217
// currency.
type Money struct {
	Minor    int64
	Currency string
}

// String formats m as "306.27 PLN".
func (m Money) String() string {
	sign, minor := "", m.Minor
	if minor < 0 {
		sign = "-"
	}
	units, cents := minor/100, minor%100
	if units < 0 {
		units = -units
	}
	if cents < 0 {
		cents = -cents
	}
	return fmt.Sprintf("%s%d.%02d %s", sign, units, cents, m.Currency)
}

// ErrPriceFormat is matched by errors.Is when ParsePrice cannot read a
// price.
var ErrPriceFormat = errors.New("olx: unrecognised price format")

// PriceError says why a price text could not be parsed.
type PriceError struct {
	Text   string // the price text as given
	Reason string
}

func (e *PriceError) Error() string {
	return fmt.Sprintf("olx: cannot parse price %q: %s", e.Text, e.Reason)
}

// Is makes errors.Is(err, ErrPriceFormat) hold.
func (e *PriceError) Is(target error) bool { return target == ErrPriceFormat }

// currencySymbols maps the symbols seen on OLX Group sites (Otodom,
// Imovirtual, Storia, ...) to ISO 4217 codes. "$" is left out on purpose:
// it names too many currencies to guess.
var currencySymbols = map[string]string{
	"zł":  "PLN",
	"zl":  "PLN",
	"€":   "EUR",
	"eur": "EUR",
	"lei": "RON",
	"leu": "RON",
	"r$":  "BRL",
	"грн": "UAH",
	"₴":   "UAH",
	"лв":  "BGN",
	"лв.": "BGN",
	"₸":   "KZT",
	"£":   "GBP",
}

// ParsePrice reads a price as OLX formats it: an amount with a currency
// symbol or ISO code before or after it, in either locale convention.
// "306,27 zł" is 30627 PLN minor units, "490.77€" and "€490.77" are 49077
// EUR, "1 234,56 zł" and "1.234,56 zł" are 123456 PLN, "12 zł" is 1200.
// Grouping may use spaces (also non-breaking), dots, commas or
// apostrophes. All currencies are read with two minor digits.
//
// It returns a *PriceError (matching ErrPriceFormat) when the text has no
// amount, no recognisable currency, an ambiguous one like "$", more than
// two decimals, misplaced grouping, or an amount beyond int64.
func ParsePrice(text string) (Money, error) {
	fail := func(reason string) (Money, error) {
		return Money{}, &PriceError{Text: text, Reason: reason}
	}
	amount, currency, err := splitCurrency(text)
	if err != nil {
		return fail(err.Error())
	}
	minor, err := parseAmount(amount)
	if err != nil {
		return fail(err.Error())
	}
	return Money{Minor: minor, Currency: currency}, nil
}

// splitCurrency separates the amount from a currency symbol or code that
// stands before or after it.
func splitCurrency(text string) (amount, currency string, err error) {
	s := strings.TrimSpace(strings.Map(normaliseSpace, text))
	start := strings.IndexFunc(s, isDigit)
	end := strings.LastIndexFunc(s, isDigit)
	if start < 0 {
		return "", "", errors.New("no amount")
	}
	before, after := strings.TrimSpace(s[:start]), strings.TrimSpace(s[end+1:])
	amount = s[start : end+1]
	// A minus sign may stand before the symbol ("-€5") or after it ("€-5").
	if b, ok := strings.CutPrefix(before, "-"); ok {
		before, amount = strings.TrimSpace(b), "-"+amount
	} else if b, ok := strings.CutSuffix(before, "-"); ok {
		before, amount = strings.TrimSpace(b), "-"+amount
	}
	switch {
	case before != "" && after != "":
		return "", "", errors.New("currency on both sides of the amount")
	case before == "" && after == "":
		return "", "", errors.New("no currency")
	}
	code, err := currencyCode(before + after)
	return amount, code, err
}

func currencyCode(token string) (string, error) {
	if code, ok := currencySymbols[strings.ToLower(token)]; ok {
		return code, nil
	}
	if len(token) == 3 && strings.IndexFunc(token, func(r rune) bool { return r < 'A' || r > 'Z' }) < 0 {
		return token, nil // an ISO 4217 code such as "PLN"
	}
	if token == "$" {
		return "", errors.New(`"$" is ambiguous; name the currency by its code`)
	}
	return "", fmt.Errorf("unknown currency %q", token)
}

// normaliseSpace turns every kind of space into a plain one.
func normaliseSpace(r rune) rune {
	if unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f' || r == '\u2009' {
		return ' '
	}
	return r
}

// parseAmount reads "-1 234,56" into minor units.
func parseAmount(s string) (int64, error) {
	negative := strings.HasPrefix(s, "-")
	s = strings.TrimSpace(strings.TrimPrefix(s, "-"))
	if strings.ContainsFunc(s, func(r rune) bool { return !isDigit(r) && !strings.ContainsRune(" .,'", r) }) {
		return 0, errors.New("unexpected characters in the amount")
	}
	whole, frac, err := splitDecimal(s)
	if err != nil {
		return 0, err
	}
	digits, err := ungroup(whole)
	if err != nil {
		return 0, err
	}
	for len(frac) < 2 {
		frac += "0"
	}
	minor, ok := decimalValue(digits + frac)
	if !ok {
		return 0, errors.New("amount too large")
	}
	if negative {
		minor = -minor
	}
	return minor, nil
}

// splitDecimal finds the decimal separator: the last of "." and "," when
// both occur; otherwise a single separator followed by one or two digits.
// A separator followed by three digits groups thousands ("1.234" is 1234).
func splitDecimal(s string) (whole, frac string, err error) {
	i := strings.LastIndexAny(s, ".,")
	if i < 0 {
		return s, "", nil
	}
	tail := s[i+1:]
	other := "."
	if s[i] == '.' {
		other = ","
	}
	isDecimal := strings.Contains(s[:i], other) ||
		(strings.Count(s, s[i:i+1]) == 1 && len(tail) <= 2)
	if !isDecimal {
		return s, "", nil
	}
	if len(tail) == 0 || len(tail) > 2 || strings.ContainsFunc(tail, func(r rune) bool { return !isDigit(r) }) {
		return "", "", errors.New("want one or two digits after the decimal separator")
	}
	if strings.ContainsRune(s[:i], rune(s[i])) {
		return "", "", errors.New("decimal separator used for grouping too")
	}
	return s[:i], tail, nil
}

// ungroup removes grouping separators, checking that every group after the
// first has three digits and that only one kind of separator is used.
func ungroup(s string) (string, error) {
	groups := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(" .,'", r) })
	if len(groups) == 0 {
		return "", errors.New("no digits before the decimal separator")
	}
	if seps := strings.Map(func(r rune) rune {
		if isDigit(r) {
			return -1
		}
		return r
	}, s); strings.Trim(seps, seps[:min(1, len(seps))]) != "" {
		return "", errors.New("mixed grouping separators")
	}
	if len(groups) > 1 && !groupedCorrectly(s, groups) {
		return "", errors.New("digit groups must have three digits")
	}
	return strings.Join(groups, ""), nil
}

func groupedCorrectly(s string, groups []string) bool {
	if strings.Contains(s, "  ") || len(groups[0]) > 3 {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

// decimalValue converts a string of digits, reporting overflow.
func decimalValue(digits string) (int64, bool) {
	var v int64
	for _, r := range digits {
		d := int64(r - '0')
		if v > (math.MaxInt64-d)/10 {
			return 0, false
		}
		v = v*10 + d
	}
	return v, true
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }
