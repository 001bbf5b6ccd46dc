package cloudsigma_test

import (
	"context"
	"net/http"
	"reflect"
	"testing"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/cloudsigma"
)

// docSchemaFields is every field of the documentation's schema:
// type, readonly, nullable, blank, default.
var docSchemaFields = map[string]struct {
	typ                       string
	readOnly, nullable, blank bool
	def                       any
}{
	"address":             {"string", false, false, false, ""},
	"api_https_only":      {"boolean", false, false, false, false},
	"autotopup_amount":    {"decimal", false, false, false, float64(0)},
	"autotopup_threshold": {"decimal", false, false, false, float64(0)},
	"bank_reference":      {"string", true, true, true, cloudsigma.NoDefault},
	"company":             {"string", false, false, false, ""},
	"country":             {"string", false, false, false, ""},
	"currency":            {"string", true, true, true, cloudsigma.NoDefault},
	"email":               {"string", true, false, false, cloudsigma.NoDefault},
	"first_name":          {"string", false, false, false, ""},
	"has_autotopup":       {"boolean", false, false, false, false},
	"invoicing":           {"boolean", false, false, false, true},
	"key_auth":            {"boolean", false, false, false, false},
	"language":            {"string", false, false, false, "EN"},
	"last_name":           {"string", false, false, false, ""},
	"mailing_list":        {"boolean", false, false, false, true},
	"meta":                {"dict", false, false, false, cloudsigma.NoDefault},
	"my_notes":            {"string", false, true, false, ""},
	"nickname":            {"string", false, false, false, ""},
	"phone":               {"string", false, false, false, ""},
	"postcode":            {"string", false, true, false, cloudsigma.NoDefault},
	"reseller":            {"string", false, false, false, ""},
	"signup_time":         {"datetime", false, false, false, "2013-12-10T11:29:34.875931+00:00"},
	"state":               {"string", true, false, false, cloudsigma.NoDefault},
	"tax_name":            {"string", true, true, false, cloudsigma.NoDefault},
	"tax_rate":            {"decimal", true, true, false, cloudsigma.NoDefault},
	"title":               {"string", false, false, false, ""},
	"town":                {"string", false, false, false, ""},
	"uuid":                {"string", true, false, false, cloudsigma.NoDefault},
	"vat":                 {"string", false, false, false, ""},
}

var docHelpTexts = map[string]string{
	"string":   `Unicode string data. Ex: "Hello World"`,
	"boolean":  "Boolean data. Ex: True",
	"decimal":  "Fixed precision numeric data. Ex: 26.73",
	"dict":     "A dictionary of data. Ex: {'price': 26.73, 'name': 'Daniel'}",
	"datetime": `A date & time as a string. Ex: "2010-11-10T03:07:43"`,
}

func TestDocSchemaDecodes(t *testing.T) {
	t.Parallel()
	var s cloudsigma.Schema
	decodeTestdata(t, "profile_schema.json", &s)
	assertDocSchema(t, &s, false)
}

func assertDocSchema(t *testing.T, s *cloudsigma.Schema, extended bool) {
	t.Helper()
	if !reflect.DeepEqual(s.AllowedDetailHTTPMethods, []string{"get", "put"}) || !reflect.DeepEqual(s.AllowedListHTTPMethods, []string{"get", "put"}) {
		t.Errorf("methods %v %v", s.AllowedDetailHTTPMethods, s.AllowedListHTTPMethods)
	}
	if s.DefaultFormat != "application/json" || s.DefaultLimit != 20 {
		t.Errorf("format %q limit %d", s.DefaultFormat, s.DefaultLimit)
	}
	if want := len(docSchemaFields); !extended && len(s.Fields) != want {
		t.Errorf("%d fields, want %d", len(s.Fields), want)
	}
	for name, w := range docSchemaFields {
		f, ok := s.Fields[name]
		if !ok {
			t.Errorf("field %s missing", name)
			continue
		}
		help := docHelpTexts[w.typ]
		switch name {
		case "nickname":
			help = "User nickname"
		case "title":
			help = "User title"
		}
		if f.Type != w.typ || f.ReadOnly != w.readOnly || f.Nullable != w.nullable || f.Blank != w.blank || f.Unique || f.HelpText != help || f.Default != w.def {
			t.Errorf("field %s = %+v, want %+v (help %q)", name, f, w, help)
		}
		if f.HasDefault() != (w.def != cloudsigma.NoDefault) {
			t.Errorf("field %s: HasDefault %v", name, f.HasDefault())
		}
	}
	wantRO := []string{"bank_reference", "currency", "email", "state", "tax_name", "tax_rate", "uuid"}
	if extended {
		wantRO = []string{"bank_reference", "currency", "email", "network_restrictions", "state", "tax_name", "tax_rate", "uuid"}
	}
	if got := s.ReadOnlyFields(); !reflect.DeepEqual(got, wantRO) {
		t.Errorf("ReadOnlyFields() = %v, want %v", got, wantRO)
	}
}

func TestGetProfileSchemaWire(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, profiles.WithUserAgent("schema-test"))
	s, err := c.GetProfileSchema(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	assertDocSchema(t, s, true)
	for name, typ := range map[string]string{"clone_naming": "string", "has_tx_autotopup": "boolean", "tx_autotopup_amount": "decimal", "tx_autotopup_threshold": "decimal", "network_restrictions": "string"} {
		if s.Fields[name].Type != typ {
			t.Errorf("fake schema field %s: %+v", name, s.Fields[name])
		}
	}
	r := srv.Requests()[0]
	if r.Method != http.MethodGet || r.Path != "/api/2.0/profile/schema/" || r.Query != "" || len(r.Body) != 0 {
		t.Errorf("request %s %s?%s %q", r.Method, r.Path, r.Query, r.Body)
	}
	if !sentBasic(r.Header) || r.Header.Get("Accept") != "application/json" || r.Header.Get("User-Agent") != c.UserAgent() {
		t.Errorf("headers %v", r.Header)
	}
}
