package cloudsigma_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/profiles-sdk/profiles-go/cloudsigma"
	"github.com/profiles-sdk/profiles-go/internal/rest/errortest"
)

// FuzzDecodeProfile feeds arbitrary bodies to the profile and schema
// decoders: they may fail but never panic, and a decoded profile must
// survive a second round through JSON.
func FuzzDecodeProfile(f *testing.F) {
	for _, name := range []string{"profile_get_response.json", "profile_put_request.json", "profile_put_response.json"} {
		f.Add(readTestdata(f, name))
	}
	// A slice of the schema rather than the whole 8 KB file: minimising
	// large inputs would eat the fuzzing time.
	f.Add([]byte(`{"default_limit":20,"fields":{"tax_rate":{"default":"No default provided.","readonly":true,"type":"decimal"},"autotopup_amount":{"default":0}}}`))
	f.Add([]byte(`{"signup_time":"2010-11-10T03:07:43","tax_rate":"0.077","clone_naming":"DATE","network_restrictions":null}`))
	f.Add([]byte(`{"autotopup_amount":1e400,"meta":{"a":[1,{"b":null}]}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var s cloudsigma.Schema
		_ = json.Unmarshal(body, &s)
		_ = s.ReadOnlyFields()
		var p cloudsigma.Profile
		if json.Unmarshal(body, &p) != nil {
			return
		}
		b, err := json.Marshal(p)
		if err != nil {
			return // e.g. a meta value or a year JSON cannot carry
		}
		var again cloudsigma.Profile
		if err := json.Unmarshal(b, &again); err != nil {
			t.Fatalf("re-decoding %s: %v", b, err)
		}
		if again.AutotopupAmount.String() != p.AutotopupAmount.String() {
			t.Fatalf("decimal text changed: %q → %q", p.AutotopupAmount, again.AutotopupAmount)
		}
	})
}

// FuzzDecimal checks that whatever NewDecimal accepts keeps its text,
// converts to a Rat, and survives JSON.
func FuzzDecimal(f *testing.F) {
	for _, s := range []string{"0E-16", "26.73", "0", "-1.5e+3", ".5", "5.", "1E1000", "1E1001", "1/3", "NaN", "0x1p-2", "", "+-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := cloudsigma.NewDecimal(s)
		if err != nil {
			var v cloudsigma.Decimal
			_ = json.Unmarshal([]byte(s), &v)
			return
		}
		if d.String() != s {
			t.Fatalf("text %q became %q", s, d.String())
		}
		_ = d.Rat()
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		var back cloudsigma.Decimal
		if err := json.Unmarshal(b, &back); err != nil || back.String() != s || !back.Equal(d) {
			t.Fatalf("round trip of %q: %q, %v", s, back.String(), err)
		}
	})
}

// FuzzParseErrors feeds arbitrary error bodies to the error decoder and
// the client's error parser. The parser keeps the status, the request id
// and a message (its own or the core's fallback), matches the shared
// sentinel of the status, and a member of any value beside error_message
// never hides it.
func FuzzParseErrors(f *testing.F) {
	f.Add(readTestdata(f, "error_validation.json"))
	f.Add([]byte(`[{"error_type":"concurrency","error_message":"retry","error_point":null},{"error_point":[1]}]`))
	f.Add([]byte(`<html><title>502</title></html>`))
	f.Add([]byte(`{"error_type":"billing"}`))
	f.Add([]byte(`[{"error_type":7,"error_message":["a","b"],"error_point":{"x":1}},"junk",null]`))
	f.Add([]byte(`{"error":{"status":400,"title":"Invalid request","detail":"Data validation error occurred"}}`))
	f.Add([]byte(`{"error_type":"permission","error_message":{"message":"nested"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		details, ok := cloudsigma.ParseErrors(body)
		if ok != (len(details) > 0) {
			t.Fatalf("ok %v with %d details", ok, len(details))
		}
		for _, d := range details {
			if d.Type == "" && d.Message == "" {
				t.Fatalf("empty detail kept: %+v", d)
			}
		}
		if strings.TrimSpace(string(body)) == "" && ok {
			t.Fatal("an empty body has details")
		}
		errortest.Check(t, cloudsigma.ParseError, body)
		errortest.Beside(t, cloudsigma.ParseError, `{"error_type":"validation","error_message":"kept"}`, "kept",
			[]string{"error_type", "error_point", "message", "error"}, body)
	})
}
