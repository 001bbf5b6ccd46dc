package olx_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/olx"
	"github.com/profiles-sdk/profiles-go/olx/olxtest"
)

func TestGetPackagesWire(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	c := newClient(t, srv, olxtest.PostpaidToken, profiles.WithUserAgent("billing/2.1"))
	if _, err := c.GetPackages(context.Background()); err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("server saw %d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Method != http.MethodGet || r.Path != "/profile/v1/packages" || r.Query != "" {
		t.Errorf("request = %s %s?%s", r.Method, r.Path, r.Query)
	}
	wantHeaders := map[string]string{
		"X-Api-Key":     "[redacted]",
		"Authorization": "Bearer [redacted]",
		"Accept":        "application/json",
		"Content-Type":  "",
	}
	for k, want := range wantHeaders {
		if got := r.Header.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	ua := r.Header.Get("User-Agent")
	if !strings.HasPrefix(ua, testCRM+" profiles-go/") || !strings.HasSuffix(ua, " billing/2.1") {
		t.Errorf("User-Agent = %q; want the CRM name, profiles-go/<version>, then billing/2.1", ua)
	}
	if len(r.Body) != 0 {
		t.Errorf("GET sent a body: %q", r.Body)
	}
}

func TestGetPackagesUnderBasePath(t *testing.T) {
	t.Parallel()
	var path string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path = r.URL.EscapedPath()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(readTestdata(t, "packages_postpaid.json"))
	}))
	t.Cleanup(srv.Close)
	c, err := olx.NewClient(olx.Credentials{APIKey: "k", AccessToken: "t", CRMName: "c"}, profiles.WithBaseURL(srv.URL+"/gw/olx/"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	if _, err := c.GetPackages(context.Background()); err != nil {
		t.Fatal(err)
	}
	if path != "/gw/olx/profile/v1/packages" {
		t.Errorf("path = %q", path)
	}
}

func ptr(t time.Time) *time.Time { return &t }

func wantPostpaid(t *testing.T) (string, olx.Package) {
	return "8702e7f5-184d-4b78-8b75-43fbed9c13a1", olx.Package{
		Type:      olx.Postpaid,
		Name:      "za okres 2019-10-15 - 2019-11-13 (wystawień: 16) - przedział 1-20",
		Available: 4,
		Total:     20,
		InvoiceAt: ptr(mustTime(t, "2019-11-12T23:00:00Z")),
		StartsAt:  ptr(mustTime(t, "2019-10-14T22:00:00Z")),
		Price:     "306,27 zł",
	}
}

func wantPrepaid(t *testing.T) (string, olx.Package) {
	return "a5d89ffe-7d12-44ac-a9bb-63b42cc32e95", olx.Package{
		Type:        olx.Prepaid,
		Name:        "Pacote L",
		Available:   9997,
		Total:       10000,
		PurchasedAt: ptr(mustTime(t, "2020-03-05T11:43:05Z")),
		StartsAt:    ptr(mustTime(t, "2020-03-05T11:43:05Z")),
		ExpiresAt:   ptr(mustTime(t, "2020-04-05T10:43:05Z")),
		Price:       "490.77€",
	}
}

// assertPackage compares every field.
func assertPackage(t *testing.T, got, want olx.Package) {
	t.Helper()
	if got.Type != want.Type || got.Name != want.Name || got.Available != want.Available ||
		got.Total != want.Total || got.InGracePeriod != want.InGracePeriod || got.Price != want.Price {
		t.Errorf("package = %+v\nwant      %+v", got, want)
	}
	times := []struct {
		name      string
		got, want *time.Time
	}{
		{"InvoiceAt", got.InvoiceAt, want.InvoiceAt},
		{"PurchasedAt", got.PurchasedAt, want.PurchasedAt},
		{"StartsAt", got.StartsAt, want.StartsAt},
		{"ExpiresAt", got.ExpiresAt, want.ExpiresAt},
		{"ExpiredAt", got.ExpiredAt, want.ExpiredAt},
	}
	for _, tt := range times {
		if !equalTime(tt.got, tt.want) {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestDecodeDocumentedExamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		want func(*testing.T) (string, olx.Package)
	}{
		{"packages_postpaid.json", wantPostpaid},
		{"packages_prepaid.json", wantPrepaid},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			got, err := olx.DecodePackagesResponse(readTestdata(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			txn, pkg := tt.want(t)
			if got.TransactionID != txn || got.Message != "Profile found" || len(got.Packages) != 1 {
				t.Fatalf("response = %+v", got)
			}
			assertPackage(t, got.Packages[0], pkg)
		})
	}
}

// TestGetPackagesServesDocumentedExamples checks the whole path: both
// documented examples from the fake, through the client, every field.
func TestGetPackagesServesDocumentedExamples(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	for token, want := range map[string]func(*testing.T) (string, olx.Package){
		olxtest.PostpaidToken: wantPostpaid,
		olxtest.PrepaidToken:  wantPrepaid,
	} {
		got, err := newClient(t, srv, token).GetPackages(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if got.Message != "Profile found" || got.TransactionID != lastTransactionID(srv) || len(got.Packages) != 1 {
			t.Fatalf("response = %+v", got)
		}
		_, pkg := want(t)
		assertPackage(t, got.Packages[0], pkg)
	}
}

func TestPackageJSONRoundTripKeepsVendorFormat(t *testing.T) {
	t.Parallel()
	raw := readTestdata(t, "packages_postpaid.json")
	resp, err := olx.DecodePackagesResponse(raw)
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(resp)
	if err != nil {
		t.Fatal(err)
	}
	var got, want any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("re-encoded answer differs:\n got %s\nwant %s", gotJSON, wantJSON)
	}
}

func TestTimestampForms(t *testing.T) {
	t.Parallel()
	want := mustTime(t, "2019-11-12T23:00:00Z")
	for _, in := range []string{
		"2019-11-12T23:00:00.000+0000",
		"2019-11-13T01:00:00.000+0200",
		"2019-11-12T23:00:00+0000",
		"2019-11-12T23:00:00.000Z",
		"2019-11-12T23:00:00Z",
		"2019-11-13T00:00:00+01:00",
		"2019-11-12T23:00:00.000000000Z",
	} {
		body := `{"data":[{"invoice_at":"` + in + `"}]}`
		resp, err := olx.DecodePackagesResponse([]byte(body))
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if got := resp.Packages[0].InvoiceAt; got == nil || !got.Equal(want) {
			t.Errorf("%s decoded to %v, want %v", in, got, want)
		}
	}
}

func TestNullAndEmptyTimestampsAreNil(t *testing.T) {
	t.Parallel()
	resp, err := olx.DecodePackagesResponse([]byte(`{"data":[{"invoice_at":null,"starts_at":"","price":null}]}`))
	if err != nil {
		t.Fatal(err)
	}
	p := resp.Packages[0]
	if p.InvoiceAt != nil || p.StartsAt != nil || p.ExpiredAt != nil || p.Price != "" {
		t.Errorf("package = %+v; want nil times and an empty price", p)
	}
}

func TestDecodeRejectsMalformedFields(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"data":[{"invoice_at":"12/11/2019"}]}`,
		`{"data":[{"invoice_at":1573599600}]}`,
		`{"data":[{"available":"four"}]}`,
		`{"data":[{"price":{"amount":1}}]}`,
		`{"data":{}}`,
		`[`,
	} {
		if _, err := olx.DecodePackagesResponse([]byte(body)); err == nil {
			t.Errorf("%s decoded without error", body)
		} else if !strings.HasPrefix(err.Error(), "olx: ") {
			t.Errorf("error %q lacks the package prefix", err)
		}
	}
}

func TestNumericPriceKeepsItsText(t *testing.T) {
	t.Parallel()
	resp, err := olx.DecodePackagesResponse([]byte(`{"data":[{"price":306.27}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := resp.Packages[0].Price; got != "306.27" {
		t.Errorf("Price = %q", got)
	}
}

func TestUnknownPackageTypeDecodes(t *testing.T) {
	t.Parallel()
	resp, err := olx.DecodePackagesResponse([]byte(`{"data":[{"type":"subscription"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	typ := resp.Packages[0].Type
	if typ != "subscription" || typ.Known() {
		t.Errorf("Type = %q, Known = %v", typ, typ.Known())
	}
	if !olx.Postpaid.Known() || !olx.Prepaid.Known() || olx.Postpaid != "postpaid" || olx.Prepaid != "prepaid" {
		t.Error("documented types are not known or not the wire values")
	}
}

func TestGetPackagesEmptyAccount(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.SetAccount("empty-token")
	got, err := newClient(t, srv, "empty-token").GetPackages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got.Packages == nil || len(got.Packages) != 0 {
		t.Errorf("Packages = %#v, want an empty, non-nil slice", got.Packages)
	}
}
