package olx_test

import (
	"encoding/json"
	"testing"

	"github.com/profiles-sdk/profiles-go/olx"
)

// FuzzDecodePackagesResponse checks that the decoder never panics and that
// whatever it accepts survives a round trip through the vendor format.
func FuzzDecodePackagesResponse(f *testing.F) {
	for _, name := range []string{"packages_postpaid.json", "packages_prepaid.json", "error_token_expired.json"} {
		f.Add(readTestdata(f, name))
	}
	f.Add([]byte(`{"data":[{"invoice_at":"2019-11-12T23:00:00.123456789+01:00","price":12.5,"type":"x"}]}`))
	f.Add([]byte(`{"data":[{"starts_at":"","expired_at":"2019-11-12T23:00:00Z"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		first, err := olx.DecodePackagesResponse(data)
		if err != nil {
			return
		}
		out, err := json.Marshal(first)
		if err != nil {
			t.Fatalf("cannot re-encode %+v: %v", first, err)
		}
		second, err := olx.DecodePackagesResponse(out)
		if err != nil {
			t.Fatalf("re-encoded answer %s does not decode: %v", out, err)
		}
		if first.TransactionID != second.TransactionID || first.Message != second.Message || len(first.Packages) != len(second.Packages) {
			t.Fatalf("round trip changed the answer: %+v -> %+v", first, second)
		}
		for i := range first.Packages {
			a, b := first.Packages[i], second.Packages[i]
			if a.Type != b.Type || a.Name != b.Name || a.Available != b.Available || a.Total != b.Total ||
				a.InGracePeriod != b.InGracePeriod || a.Price != b.Price ||
				!equalTime(a.InvoiceAt, b.InvoiceAt) || !equalTime(a.PurchasedAt, b.PurchasedAt) ||
				!equalTime(a.StartsAt, b.StartsAt) || !equalTime(a.ExpiresAt, b.ExpiresAt) || !equalTime(a.ExpiredAt, b.ExpiredAt) {
				t.Fatalf("round trip changed package %d: %+v -> %+v", i, a, b)
			}
		}
	})
}
