package olx_test

import (
	"errors"
	"testing"

	"github.com/profiles-sdk/profiles-go/olx"
)

func TestParsePrice(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		minor int64
		cur   string
	}{
		{"306,27 zł", 30627, "PLN"},
		{"490.77€", 49077, "EUR"},
		{"€490.77", 49077, "EUR"},
		{"€ 490,77", 49077, "EUR"},
		{"1 234,56 zł", 123456, "PLN"},
		{"1\u00a0234,56\u00a0zł", 123456, "PLN"},
		{"1\u202f234,56 zł", 123456, "PLN"},
		{"1.234,56 zł", 123456, "PLN"},
		{"1,234.56 EUR", 123456, "EUR"},
		{"1'234.56 EUR", 123456, "EUR"},
		{"1.234.567,89 zł", 123456789, "PLN"},
		{"1.234 €", 123400, "EUR"},
		{"1 234 zł", 123400, "PLN"},
		{"12 zł", 1200, "PLN"},
		{"12zł", 1200, "PLN"},
		{"12 ZŁ", 1200, "PLN"},
		{"12 zl", 1200, "PLN"},
		{"12,5 zł", 1250, "PLN"},
		{"0,99 zł", 99, "PLN"},
		{"PLN 306.27", 30627, "PLN"},
		{"306.27 PLN", 30627, "PLN"},
		{"99 lei", 9900, "RON"},
		{"R$ 1.234,56", 123456, "BRL"},
		{"150 грн", 15000, "UAH"},
		{"  306,27 zł  ", 30627, "PLN"},
		{"-5,00 zł", -500, "PLN"},
		{"-€5", -500, "EUR"},
		{"€-5", -500, "EUR"},
		{"0 zł", 0, "PLN"},
		{"92233720368547758,07 zł", 9223372036854775807, "PLN"},
	}
	for _, tt := range tests {
		got, err := olx.ParsePrice(tt.in)
		if err != nil {
			t.Errorf("ParsePrice(%q): %v", tt.in, err)
			continue
		}
		if got.Minor != tt.minor || got.Currency != tt.cur {
			t.Errorf("ParsePrice(%q) = %+v, want {%d %s}", tt.in, got, tt.minor, tt.cur)
		}
	}
}

func TestParsePriceErrors(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		"",
		"zł",
		"306,27",
		"abc",
		"$12.00",
		"12 zł 50",
		"€12 zł",
		"12 ¤",
		"12 pln",
		"1,2,3 zł",
		"12,345,67 zł",
		"1.234,567 zł",
		"12.345.6 zł",
		"1 234.567,89 zł",
		"12. zł",
		"1234 567 zł",
		"1  234 zł",
		"--5 zł",
		"92233720368547758,08 zł",
		"99999999999999999999999 zł",
		"١٢ zł",
	} {
		got, err := olx.ParsePrice(in)
		if err == nil {
			t.Errorf("ParsePrice(%q) = %+v, want an error", in, got)
			continue
		}
		var pe *olx.PriceError
		if !errors.Is(err, olx.ErrPriceFormat) || !errors.As(err, &pe) || pe.Text != in || pe.Reason == "" {
			t.Errorf("ParsePrice(%q) error %v is not a PriceError matching ErrPriceFormat", in, err)
		}
	}
}

func TestPackageParsePrice(t *testing.T) {
	t.Parallel()
	m, err := olx.Package{Price: "490.77€"}.ParsePrice()
	if err != nil || m != (olx.Money{Minor: 49077, Currency: "EUR"}) {
		t.Fatalf("ParsePrice = %+v, %v", m, err)
	}
}

func TestMoneyString(t *testing.T) {
	t.Parallel()
	for m, want := range map[olx.Money]string{
		{Minor: 30627, Currency: "PLN"}: "306.27 PLN",
		{Minor: 5, Currency: "EUR"}:     "0.05 EUR",
		{Minor: -1250, Currency: "EUR"}: "-12.50 EUR",
		{Minor: -5, Currency: "EUR"}:    "-0.05 EUR",
	} {
		if got := m.String(); got != want {
			t.Errorf("%#v.String() = %q, want %q", m, got, want)
		}
	}
}

// FuzzParsePrice checks that ParsePrice never panics, and that whatever it
// accepts, written back as Money.String, parses to the same value.
func FuzzParsePrice(f *testing.F) {
	for _, s := range []string{"306,27 zł", "490.77€", "€490.77", "1 234,56 zł", "12 zł", "1.234,56 zł", "-€5", "$1", "1,2,3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := olx.ParsePrice(s)
		if err != nil {
			if !errors.Is(err, olx.ErrPriceFormat) {
				t.Fatalf("ParsePrice(%q): error %v does not match ErrPriceFormat", s, err)
			}
			return
		}
		if m.Currency == "" {
			t.Fatalf("ParsePrice(%q) = %+v without a currency", s, m)
		}
		again, err := olx.ParsePrice(m.String())
		if err != nil || again != m {
			t.Fatalf("ParsePrice(%q) = %+v, but its String %q parses to %+v, %v", s, m, m.String(), again, err)
		}
	})
}
