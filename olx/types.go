package olx

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
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
	sign, abs := "", uint64(m.Minor)
	if m.Minor < 0 {
		sign, abs = "-", -abs
	}
	return fmt.Sprintf("%s%d.%02d %s", sign, abs/100, abs%100, m.Currency)
}

// currencySymbols maps the symbols seen on OLX Group sites (Otodom,
// Imovirtual, Storia, ...) to ISO 4217 codes. "$" is left out on purpose:
// it names too many currencies to guess.
var currencySymbols = map[string]string{
	"zł": "PLN", "zl": "PLN",
	"€": "EUR", "eur": "EUR",
	"lei": "RON", "leu": "RON",
	"r$":  "BRL",
	"грн": "UAH", "₴": "UAH",
	"лв": "BGN", "лв.": "BGN",
	"₸": "KZT",
	"£": "GBP",
}

// ParsePrice reads a price as OLX formats it: an amount with a currency
// symbol or ISO code before or after it, in either locale convention, digits
// grouped by spaces (also non-breaking), dots, commas or apostrophes.
// "306,27 zł" is 30627 PLN minor units, "490.77€" and "€490.77" are 49077
// EUR, "1 234,56 zł" and "1.234,56 zł" are 123456 PLN, "12 zł" is 1200.
// Every currency is read with two minor digits. The error is a *PriceError
// (matching ErrPriceFormat) for no amount, an unknown or ambiguous currency
// ("$"), more than two decimals, misplaced grouping or overflowing int64.
func ParsePrice(text string) (Money, error) {
	amount, currency, err := splitCurrency(text)
	var minor int64
	if err == nil {
		minor, err = parseAmount(amount)
	}
	if err != nil {
		return Money{}, &PriceError{Text: text, Reason: err.Error()}
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
	token := before + after
	if code, ok := currencySymbols[strings.ToLower(token)]; ok {
		return amount, code, nil
	}
	if len(token) == 3 && strings.IndexFunc(token, func(r rune) bool { return r < 'A' || r > 'Z' }) < 0 {
		return amount, token, nil // an ISO 4217 code such as "PLN"
	}
	if token == "$" {
		return "", "", errors.New(`"$" is ambiguous; name the currency by its code`)
	}
	return "", "", fmt.Errorf("unknown currency %q", token)
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
	if strings.ContainsFunc(s, func(r rune) bool { return !isDigit(r) && !isSeparator(r) }) {
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
	minor, err := strconv.ParseInt(digits+frac+strings.Repeat("0", 2-len(frac)), 10, 64)
	if err != nil {
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

// ungroup removes grouping separators, checking that only one kind is used
// and that every group after the first has three digits.
func ungroup(s string) (string, error) {
	groups := strings.FieldsFunc(s, isSeparator)
	if len(groups) == 0 {
		return "", errors.New("no digits before the decimal separator")
	}
	if i := strings.IndexFunc(s, isSeparator); i >= 0 &&
		strings.ContainsFunc(s, func(r rune) bool { return isSeparator(r) && r != rune(s[i]) }) {
		return "", errors.New("mixed grouping separators")
	}
	if len(groups) > 1 {
		ok := len(groups[0]) <= 3 && !strings.Contains(s, "  ")
		for _, g := range groups[1:] {
			ok = ok && len(g) == 3
		}
		if !ok {
			return "", errors.New("digit groups must have three digits")
		}
	}
	return strings.Join(groups, ""), nil
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isSeparator(r rune) bool { return strings.ContainsRune(" .,'", r) }

// PackageType says how a package is paid for.
type PackageType string

// The package types OLX documents. Other values decode unchanged.
const (
	Postpaid PackageType = "postpaid"
	Prepaid  PackageType = "prepaid"
)

// Known reports whether t is one of the documented types.
func (t PackageType) Known() bool { return t == Postpaid || t == Prepaid }

// TimeLayout is OLX's timestamp layout: milliseconds and an offset without
// a colon (2019-11-12T23:00:00.000+0000), which is not RFC 3339.
const TimeLayout = "2006-01-02T15:04:05.000-0700"

// ParseTime reads a timestamp in OLX's layout, with or without
// milliseconds, with "Z" or a numeric offset, or in RFC 3339.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	// Go accepts fractional seconds after "05" even when the layout has
	// none, and "Z0700" accepts both "Z" and "+0000".
	if t, err := time.Parse("2006-01-02T15:04:05Z0700", s); err == nil && offsetWithinADay(t) {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil && offsetWithinADay(t) {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("olx: unrecognised timestamp %q (want %s or RFC 3339)", s, TimeLayout)
}

// offsetWithinADay refuses a zone offset of a day or more, which Go reads
// ("+2460" is 25 hours) but no timestamp can write back.
func offsetWithinADay(t time.Time) bool {
	_, offset := t.Zone()
	return offset > -24*60*60 && offset < 24*60*60
}

// stamp is a timestamp on the wire, in TimeLayout.
type stamp time.Time

func (s *stamp) UnmarshalJSON(data []byte) error {
	var text string
	if err := json.Unmarshal(data, &text); err != nil {
		return fmt.Errorf("olx: timestamp must be a string, got %.40s", data)
	}
	if strings.TrimSpace(text) == "" {
		return nil // the zero time, which time() reports as nil
	}
	t, err := ParseTime(text)
	*s = stamp(t)
	return err
}

func (s *stamp) MarshalJSON() ([]byte, error) {
	t := time.Time(*s)
	layout := TimeLayout
	if t.Nanosecond()%int(time.Millisecond) != 0 {
		layout = time.RFC3339Nano // keep what the vendor layout would drop
	}
	return json.Marshal(t.Format(layout))
}

// time returns the decoded time, nil for null or an empty string.
func (s *stamp) time() *time.Time {
	if s == nil || time.Time(*s).IsZero() {
		return nil
	}
	return (*time.Time)(s)
}
