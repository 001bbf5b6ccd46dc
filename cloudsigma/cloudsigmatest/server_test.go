package cloudsigmatest_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go/cloudsigma"
	"github.com/profiles-sdk/profiles-go/cloudsigma/cloudsigmatest"
)

func newServer(t *testing.T) *cloudsigmatest.Server {
	t.Helper()
	srv := cloudsigmatest.NewServer()
	t.Cleanup(srv.Close)
	return srv
}

// do sends a raw request with the fake's default Basic credentials unless
// auth says otherwise ("" for none).
func do(t *testing.T, srv *cloudsigmatest.Server, method, path, body string, auth ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if len(auth) == 0 {
		creds := srv.Credentials()
		req.SetBasicAuth(creds.Username, creds.Password)
	} else if auth[0] != "" {
		req.Header.Set("Authorization", auth[0])
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

type wireError struct {
	Type    string  `json:"error_type"`
	Message string  `json:"error_message"`
	Point   *string `json:"error_point"`
}

func decodeErrors(t *testing.T, b []byte) []wireError {
	t.Helper()
	var errs []wireError
	if err := json.Unmarshal(b, &errs); err != nil || len(errs) == 0 {
		t.Fatalf("not the vendor's error array: %v\n%s", err, b)
	}
	return errs
}

func TestSeededWithDocumentationProfile(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	resp, body := do(t, srv, http.MethodGet, "/api/2.0/profile/", "")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, content type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var got map[string]any
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("../testdata/profile_get_response.json")
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]any
	if err := json.Unmarshal(doc, &want); err != nil {
		t.Fatal(err)
	}
	for k, v := range want {
		if gv, ok := got[k]; !ok || !jsonEqual(gv, v) {
			t.Errorf("field %s = %v, want %v", k, gv, v)
		}
	}
	newer := map[string]any{"clone_naming": "NONE", "has_tx_autotopup": false, "network_restrictions": nil, "tx_autotopup_amount": "0E-16", "tx_autotopup_threshold": "0E-16"}
	for k, v := range newer {
		if gv, ok := got[k]; !ok || !jsonEqual(gv, v) {
			t.Errorf("newer field %s = %v, want %v", k, gv, v)
		}
	}
	if len(got) != len(want)+len(newer) {
		t.Errorf("%d fields, want %d", len(got), len(want)+len(newer))
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func TestPutKeepsStateAndIgnoresReadOnly(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	resp, body := do(t, srv, http.MethodPut, "/api/2.0/profile/",
		`{"company":"Acme","mailing_list":false,"email":"evil@example.com","state":"BLOCKED","uuid":"x","tax_rate":"0.5",`+
			`"network_restrictions":"0.0.0.0/0","currency":"EUR","bank_reference":"b","tax_name":"t","no_such_field":1,`+
			`"autotopup_amount":"26.73","tx_autotopup_threshold":0,"my_notes":null,"clone_naming":"COUNTER"}`)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	p, _ := srv.Profile()
	if p.Company != "Acme" || p.MailingList || p.CloneNaming != cloudsigma.CloneNamingCounter || p.MyNotes != "" {
		t.Errorf("writable fields not stored: %+v", p)
	}
	if p.Email != "user@example.com" || p.State != "REGULAR" || p.UUID != "6f670b3c-a2e6-433f-aeab-b976b1cdaf03" ||
		p.TaxRate != nil || p.TaxName != nil || p.NetworkRestrictions != nil || p.Currency != "USD" || p.BankReference != "jdoe123" {
		t.Errorf("read-only fields changed: %+v", p)
	}
	if p.AutotopupAmount.String() != "26.7300000000000000" || p.TxAutotopupThreshold.String() != "0E-16" {
		t.Errorf("decimals stored as %q and %q, want the vendor's 16 places", p.AutotopupAmount, p.TxAutotopupThreshold)
	}
	if strings.Contains(string(srv.ProfileJSON()), "no_such_field") {
		t.Error("unknown field stored")
	}
	var answered cloudsigma.Profile
	if err := json.Unmarshal(body, &answered); err != nil || answered.Company != "Acme" {
		t.Errorf("PUT answer %s (%v)", body, err)
	}
	_, again := do(t, srv, http.MethodGet, "/api/2.0/profile/", "")
	if !bytes.Equal(bytes.TrimSpace(again), bytes.TrimSpace(body)) {
		t.Errorf("GET after PUT differs:\n%s\n%s", again, body)
	}
}

func TestPutValidationErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	before := srv.ProfileJSON()
	resp, body := do(t, srv, http.MethodPut, "/api/2.0/profile/",
		`{"address":"`+strings.Repeat("a", 181)+`","company":"Not stored","mailing_list":"no","meta":[],"autotopup_amount":"lots",`+
			`"clone_naming":"UUID","signup_time":"soon","first_name":null,"phone":5}`)
	if resp.StatusCode != 400 || resp.Header.Get("X-REQUEST-ID") == "" {
		t.Fatalf("status %d, request id %q", resp.StatusCode, resp.Header.Get("X-REQUEST-ID"))
	}
	errs := decodeErrors(t, body)
	var points []string
	for _, e := range errs {
		if e.Type != "validation" || e.Point == nil || e.Message == "" {
			t.Errorf("error %+v", e)
			continue
		}
		points = append(points, *e.Point)
	}
	want := "address autotopup_amount clone_naming first_name mailing_list meta phone signup_time"
	if got := strings.Join(points, " "); got != want {
		t.Errorf("error points %q, want %q", got, want)
	}
	if !bytes.Equal(before, srv.ProfileJSON()) {
		t.Error("a refused PUT changed the state")
	}
	_, body = do(t, srv, http.MethodPut, "/api/2.0/profile/", `{"address":"Zürich"}`)
	if e := decodeErrors(t, body); *e[0].Point != "address" {
		t.Errorf("non-ASCII address: %+v", e)
	}
	resp, body = do(t, srv, http.MethodPut, "/api/2.0/profile/", `[1,2]`)
	if e := decodeErrors(t, body); resp.StatusCode != 400 || e[0].Type != "validation" || e[0].Point != nil {
		t.Errorf("non-object body: %d %+v", resp.StatusCode, e)
	}
}

func TestMethodNotAllowed(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	for _, m := range []string{http.MethodDelete, http.MethodPost, http.MethodPatch} {
		resp, body := do(t, srv, m, "/api/2.0/profile/", "")
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("%s: status %d", m, resp.StatusCode)
			continue
		}
		if e := decodeErrors(t, body); e[0].Type != "permission" || e[0].Point != nil {
			t.Errorf("%s: %+v", m, e)
		}
	}
	resp, body := do(t, srv, http.MethodGet, "/api/2.0/servers/", "")
	if e := decodeErrors(t, body); resp.StatusCode != 404 || e[0].Type != "notexist" {
		t.Errorf("unknown path: %d %+v", resp.StatusCode, e)
	}
}

func TestCredentials(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	path := "/api/2.0/profile/"
	if resp, _ := do(t, srv, http.MethodGet, path, "", "Bearer "); resp.StatusCode != 401 {
		t.Errorf("empty token accepted before any was set: %d", resp.StatusCode)
	}
	const token = "a-token"
	creds := srv.Credentials()
	creds.Token = token
	srv.SetCredentials(creds)
	cases := map[string]int{
		"":                                       401,
		"Bearer " + token:                        200,
		"bearer " + token:                        200,
		"Bearer wrong":                           401,
		"Basic !!!":                              401,
		"Basic dXNlckBleGFtcGxlLmNvbTp3cm9uZw==": 401, // user@example.com:wrong
		"Token " + token:                         401,
	}
	for auth, want := range cases {
		resp, body := do(t, srv, http.MethodGet, path, "", auth)
		if resp.StatusCode != want {
			t.Errorf("%q: status %d, want %d", auth, resp.StatusCode, want)
		}
		if want == 401 {
			if e := decodeErrors(t, body); e[0].Type != "permission" {
				t.Errorf("%q: %+v", auth, e)
			}
		}
	}
	if resp, _ := do(t, srv, http.MethodGet, path, ""); resp.StatusCode != 200 {
		t.Errorf("default Basic credentials: %d", resp.StatusCode)
	}

	srv.SetCredentials(cloudsigma.Credentials{Username: "new@example.com", Password: "new-pw"})
	if got := srv.Credentials(); got.Username != "new@example.com" || got.Password != "new-pw" {
		t.Errorf("Credentials() = %v", got)
	}
	oldBasic := "Basic " + base64.StdEncoding.EncodeToString([]byte(creds.Username+":"+creds.Password))
	if resp, _ := do(t, srv, http.MethodGet, path, "", oldBasic); resp.StatusCode != 401 {
		t.Errorf("old password still accepted: %d", resp.StatusCode)
	}
	if resp, _ := do(t, srv, http.MethodGet, path, "", "Bearer "+token); resp.StatusCode != 401 {
		t.Errorf("token accepted after SetCredentials without one: %d", resp.StatusCode)
	}
	if resp, _ := do(t, srv, http.MethodGet, path, "", "Bearer "); resp.StatusCode != 401 {
		t.Errorf("empty token accepted: %d", resp.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	req.SetBasicAuth("new@example.com", "new-pw")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("new credentials refused: %d", resp.StatusCode)
	}
}

func TestRequestIDs(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	seen := map[string]bool{}
	srv.SetCredentials(cloudsigma.Credentials{Token: "t"})
	for _, auth := range []string{"Bearer t", "", "Bearer t"} {
		resp, _ := do(t, srv, http.MethodGet, "/api/2.0/profile/", "", auth)
		id := resp.Header.Get("X-REQUEST-ID")
		if id == "" || seen[id] {
			t.Errorf("request id %q (seen before: %v)", id, seen[id])
		}
		seen[id] = true
	}
}

func TestSchemaServed(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	resp, body := do(t, srv, http.MethodGet, "/api/2.0/profile/schema/", "")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	var s cloudsigma.Schema
	if err := json.Unmarshal(body, &s); err != nil {
		t.Fatal(err)
	}
	want := "bank_reference currency email network_restrictions state tax_name tax_rate uuid"
	if got := strings.Join(s.ReadOnlyFields(), " "); got != want {
		t.Errorf("read-only fields %q", got)
	}
	if len(s.Fields) != 35 || s.Fields["clone_naming"].Default != "NONE" {
		t.Errorf("%d fields; clone_naming %+v", len(s.Fields), s.Fields["clone_naming"])
	}
	var doc cloudsigma.Schema
	raw, err := os.ReadFile("../testdata/profile_schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	for name, f := range doc.Fields {
		if s.Fields[name] != f {
			t.Errorf("field %s = %+v, documented %+v", name, s.Fields[name], f)
		}
	}
}

func TestFaults(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.InjectFault(1, cloudsigmatest.Fault{Status: 503, Body: cloudsigmatest.ErrorBody("concurrency", "busy", "")})
	resp, body := do(t, srv, http.MethodGet, "/api/2.0/profile/", "")
	if e := decodeErrors(t, body); resp.StatusCode != 503 || e[0].Type != "concurrency" || e[0].Message != "busy" || e[0].Point != nil {
		t.Errorf("fault: %d %+v", resp.StatusCode, e)
	}
	if resp.Header.Get("X-REQUEST-ID") == "" {
		t.Error("a fault answer lacks X-REQUEST-ID")
	}
	if resp, _ := do(t, srv, http.MethodGet, "/api/2.0/profile/", ""); resp.StatusCode != 200 {
		t.Errorf("fault lasted: %d", resp.StatusCode)
	}
	srv.InjectFault(1, cloudsigmatest.Fault{Delay: 30 * time.Millisecond})
	start := time.Now()
	if resp, _ := do(t, srv, http.MethodGet, "/api/2.0/profile/", ""); resp.StatusCode != 200 || time.Since(start) < 30*time.Millisecond {
		t.Errorf("delay fault: %d after %v", resp.StatusCode, time.Since(start))
	}
	if n := srv.RequestCount(); n != 3 {
		t.Errorf("RequestCount %d", n)
	}
	if body := cloudsigmatest.ErrorBody("validation", "Too long", "address"); body != `[{"error_message":"Too long","error_point":"address","error_type":"validation"}]` {
		t.Errorf("ErrorBody = %s", body)
	}
}

func TestSeeding(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	rate := cloudsigma.MustDecimal("0.077")
	name := "VAT"
	p, _ := srv.Profile()
	p.TaxRate, p.TaxName, p.State = &rate, &name, "BLOCKED"
	p.SignupTime = time.Date(2020, 5, 6, 7, 8, 9, 0, time.UTC)
	srv.SetProfile(p)
	got, _ := srv.Profile()
	if got.TaxRate == nil || got.TaxRate.String() != "0.077" || *got.TaxName != "VAT" || got.State != "BLOCKED" || !got.SignupTime.Equal(p.SignupTime) {
		t.Errorf("SetProfile: %+v", got)
	}
	if !strings.Contains(string(srv.ProfileJSON()), `"signup_time":"2020-05-06T07:08:09+00:00"`) {
		t.Errorf("signup_time not in the vendor's format: %s", srv.ProfileJSON())
	}
	srv.SetField("network_restrictions", "10.0.0.0/8")
	srv.SetField("postcode", nil)
	got, ok := srv.Profile()
	if !ok || got.NetworkRestrictions == nil || *got.NetworkRestrictions != "10.0.0.0/8" || got.Postcode != "" {
		t.Errorf("SetField: %+v", got)
	}
}
