package cloudsigma_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go/cloudsigma"
)

var docSignupTime = time.Date(2013, 4, 24, 7, 35, 36, 141574000, time.UTC)

// docProfile is the profile of the documentation's examples, every field
// set as the JSON says.
func docProfile(company string) cloudsigma.Profile {
	return cloudsigma.Profile{
		Address:            "1 Main str.",
		APIHTTPSOnly:       false,
		AutotopupAmount:    cloudsigma.MustDecimal("0E-16"),
		AutotopupThreshold: cloudsigma.MustDecimal("0E-16"),
		BankReference:      "jdoe123",
		Company:            company,
		Country:            "US",
		Currency:           "USD",
		Email:              "user@example.com",
		FirstName:          "John",
		HasAutotopup:       false,
		Invoicing:          true,
		KeyAuth:            false,
		Language:           "EN",
		LastName:           "Doe",
		MailingList:        true,
		Meta:               map[string]any{},
		MyNotes:            "",
		Nickname:           "",
		Phone:              "",
		Postcode:           "1000",
		Reseller:           "",
		SignupTime:         docSignupTime,
		State:              "REGULAR",
		TaxName:            nil,
		TaxRate:            nil,
		Title:              "",
		Town:               "Dallas",
		UUID:               "6f670b3c-a2e6-433f-aeab-b976b1cdaf03",
		VAT:                "",
	}
}

// assertProfile compares every field; the time by instant, the decimals by
// their text (which must be kept as sent).
func assertProfile(t *testing.T, got, want cloudsigma.Profile) {
	t.Helper()
	if !got.SignupTime.Equal(want.SignupTime) {
		t.Errorf("SignupTime = %v, want %v", got.SignupTime, want.SignupTime)
	}
	got.SignupTime, want.SignupTime = time.Time{}, time.Time{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("profile differs:\n got %+v\nwant %+v", got, want)
	}
}

func TestDocExamplesDecode(t *testing.T) {
	t.Parallel()
	for file, company := range map[string]string{
		"profile_get_response.json": "",
		"profile_put_request.json":  "Newly Set Company Name",
		"profile_put_response.json": "Newly Set Company Name",
	} {
		var p cloudsigma.Profile
		decodeTestdata(t, file, &p)
		assertProfile(t, p, docProfile(company))
		if p.AutotopupAmount.String() != "0E-16" {
			t.Errorf("%s: autotopup_amount text %q, want 0E-16 kept", file, p.AutotopupAmount)
		}
	}
}

func TestProfileDecodesNewerFields(t *testing.T) {
	t.Parallel()
	var p cloudsigma.Profile
	err := json.Unmarshal([]byte(`{"clone_naming":"TIMESTAMP","has_tx_autotopup":true,"tx_autotopup_amount":"10.5000000000000000",
		"tx_autotopup_threshold":"2","network_restrictions":"10.0.0.0/8","tax_name":"VAT","tax_rate":"0.0770000000000000",
		"bank_reference":null,"currency":null,"my_notes":null,"postcode":null,"signup_time":"2010-11-10T03:07:43"}`), &p)
	if err != nil {
		t.Fatal(err)
	}
	if p.CloneNaming != cloudsigma.CloneNamingTimestamp || !p.HasTxAutotopup {
		t.Errorf("clone naming %q, has_tx_autotopup %v", p.CloneNaming, p.HasTxAutotopup)
	}
	if p.TxAutotopupAmount.String() != "10.5000000000000000" || p.TxAutotopupThreshold.String() != "2" {
		t.Errorf("tx autotopup %s / %s", p.TxAutotopupAmount, p.TxAutotopupThreshold)
	}
	if p.NetworkRestrictions == nil || *p.NetworkRestrictions != "10.0.0.0/8" || p.TaxName == nil || *p.TaxName != "VAT" {
		t.Errorf("network restrictions %v, tax name %v", p.NetworkRestrictions, p.TaxName)
	}
	if p.TaxRate == nil || !p.TaxRate.Equal(cloudsigma.MustDecimal("0.077")) {
		t.Errorf("tax rate %v", p.TaxRate)
	}
	if p.BankReference != "" || p.Currency != "" || p.MyNotes != "" || p.Postcode != "" {
		t.Error("null strings should decode as empty")
	}
	if !p.SignupTime.Equal(time.Date(2010, 11, 10, 3, 7, 43, 0, time.UTC)) {
		t.Errorf("signup_time without zone = %v, want it read as UTC", p.SignupTime)
	}
}

func TestProfileDecodeErrors(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		`{"signup_time":"yesterday"}`, `{"signup_time":5}`, `{"autotopup_amount":"much"}`,
		`{"tax_rate":"1/3"}`, `{"has_autotopup":"yes"}`, `[]`,
	} {
		var p cloudsigma.Profile
		if err := json.Unmarshal([]byte(in), &p); err == nil {
			t.Errorf("decoding %s succeeded", in)
		}
	}
	var p cloudsigma.Profile
	if err := json.Unmarshal([]byte(`{"signup_time":null}`), &p); err != nil || !p.SignupTime.IsZero() {
		t.Errorf("null signup_time: %v, %v", p.SignupTime, err)
	}
}

// TestProfileDecodeIntoFilledValue: decoding into a Profile that holds
// values keeps the members the JSON leaves out (null signup_time included),
// and a failed decode leaves the Profile as it was.
func TestProfileDecodeIntoFilledValue(t *testing.T) {
	t.Parallel()
	p := cloudsigma.Profile{Address: "old", Company: "kept", SignupTime: docSignupTime}
	if err := json.Unmarshal([]byte(`{"address":"new","signup_time":null}`), &p); err != nil {
		t.Fatal(err)
	}
	if p.Address != "new" || p.Company != "kept" || !p.SignupTime.Equal(docSignupTime) {
		t.Errorf("after a partial decode: %+v", p)
	}
	p.SignupTime = time.Time{}
	if err := json.Unmarshal([]byte(`{"address":"changed","signup_time":"2010-11-10T03:07:43","company":5}`), &p); err == nil {
		t.Fatal("a number as company decoded")
	}
	if p.Address != "new" || p.Company != "kept" || !p.SignupTime.IsZero() {
		t.Errorf("a failed decode changed the profile: %+v", p)
	}
}

func TestCloneNamingValid(t *testing.T) {
	t.Parallel()
	for _, n := range []cloudsigma.CloneNaming{cloudsigma.CloneNamingNone, cloudsigma.CloneNamingCounter, cloudsigma.CloneNamingDate, cloudsigma.CloneNamingTimestamp} {
		if !n.Valid() {
			t.Errorf("%q not valid", n)
		}
	}
	for _, n := range []cloudsigma.CloneNaming{"", "none", "UUID"} {
		if n.Valid() {
			t.Errorf("%q valid", n)
		}
	}
	if cloudsigma.CloneNamingNone != "NONE" || cloudsigma.CloneNamingCounter != "COUNTER" || cloudsigma.CloneNamingDate != "DATE" || cloudsigma.CloneNamingTimestamp != "TIMESTAMP" {
		t.Error("constants do not hold the vendor's values")
	}
}

func TestGetProfileWire(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	p, err := c.GetProfile(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := docProfile("")
	want.CloneNaming = cloudsigma.CloneNamingNone // documented since, seeded at its default
	want.TxAutotopupAmount = cloudsigma.MustDecimal("0E-16")
	want.TxAutotopupThreshold = cloudsigma.MustDecimal("0E-16")
	assertProfile(t, *p, want)

	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	r := reqs[0]
	if r.Method != http.MethodGet || r.Path != "/api/2.0/profile/" || r.Query != "" || len(r.Body) != 0 {
		t.Errorf("request %s %s?%s body %q", r.Method, r.Path, r.Query, r.Body)
	}
	if r.Header.Get("Accept") != "application/json" || r.Header.Get("Content-Type") != "" {
		t.Errorf("Accept %q, Content-Type %q", r.Header.Get("Accept"), r.Header.Get("Content-Type"))
	}
	if !sentBasic(r.Header) {
		t.Errorf("Authorization %q", r.Header.Get("Authorization"))
	}
	if !strings.HasPrefix(r.Header.Get("User-Agent"), "profiles-go/") {
		t.Errorf("User-Agent %q", r.Header.Get("User-Agent"))
	}
}

// sentBasic reports whether a recorded request carried Basic credentials;
// the fake records them masked, after checking them.
func sentBasic(h http.Header) bool {
	return h.Get("Authorization") == "Basic [redacted]"
}

func TestPutProfileSendsDocExampleWritableFields(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	var p cloudsigma.Profile
	decodeTestdata(t, "profile_put_request.json", &p)
	got, err := c.PutProfile(context.Background(), &p)
	if err != nil {
		t.Fatal(err)
	}
	r := srv.Requests()[0]
	if r.Method != http.MethodPut || r.Path != "/api/2.0/profile/" || r.Query != "" {
		t.Errorf("request %s %s?%s", r.Method, r.Path, r.Query)
	}
	if r.Header.Get("Content-Type") != "application/json" || r.Header.Get("Accept") != "application/json" {
		t.Errorf("Content-Type %q, Accept %q", r.Header.Get("Content-Type"), r.Header.Get("Accept"))
	}
	if !sentBasic(r.Header) {
		t.Error("no Basic credentials")
	}
	want := `{"address":"1 Main str.","api_https_only":false,"autotopup_amount":"0E-16","autotopup_threshold":"0E-16",` +
		`"company":"Newly Set Company Name","country":"US","first_name":"John","has_autotopup":false,"has_tx_autotopup":false,` +
		`"invoicing":true,"key_auth":false,"language":"EN","last_name":"Doe","mailing_list":true,"meta":{},"my_notes":"",` +
		`"nickname":"","phone":"","postcode":"1000","reseller":"","signup_time":"2013-04-24T07:35:36.141574+00:00",` +
		`"title":"","town":"Dallas","tx_autotopup_amount":"0","tx_autotopup_threshold":"0","vat":""}`
	if string(r.Body) != want {
		t.Errorf("body\n got %s\nwant %s", r.Body, want)
	}
	if got.Company != "Newly Set Company Name" || got.UUID != "6f670b3c-a2e6-433f-aeab-b976b1cdaf03" {
		t.Errorf("answer %+v", got)
	}
}

// TestPutProfileSendsZeroValues is what the vendor's own SDK cannot do:
// switch flags off and clear text.
func TestPutProfileSendsZeroValues(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	if _, err := c.PutProfile(context.Background(), &cloudsigma.Profile{}); err != nil {
		t.Fatal(err)
	}
	want := `{"address":"","api_https_only":false,"autotopup_amount":"0","autotopup_threshold":"0","company":"","country":"",` +
		`"first_name":"","has_autotopup":false,"has_tx_autotopup":false,"invoicing":false,"key_auth":false,"language":"",` +
		`"last_name":"","mailing_list":false,"meta":{},"my_notes":"","nickname":"","phone":"","postcode":"","reseller":"",` +
		`"title":"","town":"","tx_autotopup_amount":"0","tx_autotopup_threshold":"0","vat":""}`
	if body := string(srv.Requests()[0].Body); body != want {
		t.Errorf("body\n got %s\nwant %s", body, want)
	}
	stored, ok := srv.Profile()
	if !ok || stored.MailingList || stored.Invoicing || stored.Town != "" {
		t.Errorf("flags not switched off in the fake: %+v", stored)
	}
}

func TestPutProfileNeverSendsReadOnlyFields(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	tax, restr := "VAT", "10.0.0.0/8"
	rate := cloudsigma.MustDecimal("0.2")
	p := &cloudsigma.Profile{
		Address: "Bahnhofstrasse 1", APIHTTPSOnly: true, AutotopupAmount: cloudsigma.MustDecimal("100.00"),
		AutotopupThreshold: cloudsigma.MustDecimal("26.73"), BankReference: "ref", CloneNaming: cloudsigma.CloneNamingDate,
		Company: "Example AG", Country: "CH", Currency: "CHF", Email: "new@example.com", FirstName: "Anna",
		HasAutotopup: true, HasTxAutotopup: true, Invoicing: true, KeyAuth: true, Language: "DE", LastName: "Muster",
		MailingList: true, Meta: map[string]any{"team": "ops", "n": 2}, MyNotes: "notes", NetworkRestrictions: &restr,
		Nickname: "anna", Phone: "+41 44 000 00 00", Postcode: "8001", Reseller: "r", State: "BLOCKED",
		SignupTime: time.Date(2020, 1, 2, 3, 4, 5, 600000000, time.FixedZone("", 2*3600)),
		TaxName:    &tax, TaxRate: &rate, Title: "Dr", Town: "Zurich", TxAutotopupAmount: cloudsigma.MustDecimal("5"),
		TxAutotopupThreshold: cloudsigma.MustDecimal("1.5"), UUID: "other-uuid", VAT: "CHE-123",
	}
	got, err := c.PutProfile(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"address":"Bahnhofstrasse 1","api_https_only":true,"autotopup_amount":"100.00","autotopup_threshold":"26.73",` +
		`"clone_naming":"DATE","company":"Example AG","country":"CH","first_name":"Anna","has_autotopup":true,"has_tx_autotopup":true,` +
		`"invoicing":true,"key_auth":true,"language":"DE","last_name":"Muster","mailing_list":true,"meta":{"n":2,"team":"ops"},` +
		`"my_notes":"notes","nickname":"anna","phone":"+41 44 000 00 00","postcode":"8001","reseller":"r",` +
		`"signup_time":"2020-01-02T03:04:05.6+02:00","title":"Dr","town":"Zurich","tx_autotopup_amount":"5",` +
		`"tx_autotopup_threshold":"1.5","vat":"CHE-123"}`
	body := srv.Requests()[0].Body
	if string(body) != want {
		t.Errorf("body\n got %s\nwant %s", body, want)
	}
	// The body's keys are exactly the writable fields of the schema.
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(body, &keys); err != nil {
		t.Fatal(err)
	}
	sent := make([]string, 0, len(keys))
	for k := range keys {
		sent = append(sent, k)
	}
	sort.Strings(sent)
	schema, err := c.GetProfileSchema(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if w := schema.WritableFields(); !reflect.DeepEqual(sent, w) {
		t.Errorf("sent fields %v\nwritable fields %v", sent, w)
	}
	// The fake, like the vendor, kept its read-only values.
	if got.Email != "user@example.com" || got.State != "REGULAR" || got.UUID != "6f670b3c-a2e6-433f-aeab-b976b1cdaf03" || got.TaxName != nil {
		t.Errorf("read-only fields changed: %+v", got)
	}
	if !got.AutotopupThreshold.Equal(cloudsigma.MustDecimal("26.73")) || got.AutotopupThreshold.String() != "26.7300000000000000" {
		t.Errorf("autotopup_threshold %q", got.AutotopupThreshold)
	}
}

func TestPutProfileThenGetShowsChange(t *testing.T) {
	t.Parallel()
	_, c := newFake(t)
	ctx := context.Background()
	p, err := c.GetProfile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p.MailingList = false
	p.Company = "Example Ltd"
	p.CloneNaming = cloudsigma.CloneNamingCounter
	p.TxAutotopupAmount = cloudsigma.MustDecimal("26.73")
	if _, err := c.PutProfile(ctx, p); err != nil {
		t.Fatal(err)
	}
	again, err := c.GetProfile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if again.MailingList || again.Company != "Example Ltd" || again.CloneNaming != cloudsigma.CloneNamingCounter ||
		!again.TxAutotopupAmount.Equal(cloudsigma.MustDecimal("26.73")) {
		t.Errorf("change not kept: %+v", again)
	}
}

func TestPutProfileRefusesBeforeSending(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	ctx := context.Background()
	if _, err := c.PutProfile(ctx, nil); err == nil || !strings.Contains(err.Error(), "nil") {
		t.Errorf("nil profile: %v", err)
	}
	for name, addr := range map[string]string{
		"181 characters": strings.Repeat("a", 181),
		"not ASCII":      "Bahnhofstraße 1",
	} {
		_, err := c.PutProfile(ctx, &cloudsigma.Profile{Address: addr})
		if !errors.Is(err, cloudsigma.ErrValidation) || !strings.Contains(err.Error(), "address") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if n := srv.RequestCount(); n != 0 {
		t.Errorf("the server saw %d requests", n)
	}
	if _, err := c.PutProfile(ctx, &cloudsigma.Profile{Address: strings.Repeat("a", 180)}); err != nil {
		t.Errorf("180 characters refused: %v", err)
	}
}

func TestValidateAddress(t *testing.T) {
	t.Parallel()
	if err := cloudsigma.ValidateAddress(strings.Repeat("x", cloudsigma.MaxAddressLength)); err != nil {
		t.Error(err)
	}
	for _, a := range []string{strings.Repeat("x", 181), "café", "\xff"} {
		if err := cloudsigma.ValidateAddress(a); !errors.Is(err, cloudsigma.ErrValidation) {
			t.Errorf("ValidateAddress(%q) = %v", a, err)
		}
	}
}
