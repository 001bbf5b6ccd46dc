package haravantest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/haravan/haravantest"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// newServer starts a fake that accepts the access token "t", which the raw
// calls below send.
func newServer(t *testing.T) *haravantest.Server {
	t.Helper()
	srv := haravantest.NewServer()
	t.Cleanup(srv.Close)
	srv.SetCredentials(haravan.Credentials{AccessToken: "t"})
	return srv
}

// call sends a raw request and returns status, headers and body.
func call(t *testing.T, srv *haravantest.Server, method, path, token, body string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func TestSeededWithDocumentation(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	if n := srv.ProfileCount(); n != 2+haravantest.GeneratedCount {
		t.Errorf("%d profiles", n)
	}
	p, ok := srv.Profile(haravantest.JohnTerryID)
	if !ok || p.FirstName != "John" || p.LastName != "Terry" || p.PointAvailable != 100 || p.ProvinceName != "Hồ Chí Minh" {
		t.Errorf("John Terry = %+v", p)
	}
	status, _, body := call(t, srv, "GET", "/loy/profiles/360455/tags.json", "t", "")
	if status != 200 || strings.TrimSpace(body) != `{"profile":{"tags":"MUA_HANG_KM,Online,Facebook"}}` {
		t.Errorf("tags: %d %s", status, body)
	}
	status, _, body = call(t, srv, "GET", "/loy/profiles/360455/attributes.json", "t", "")
	if status != 200 || !strings.Contains(body, `{"id":1211,"key":"customer_level_prev_id","value":"2991"}`) {
		t.Errorf("attributes: %d %s", status, body)
	}
}

func TestVendorFormatErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.SetCredentials(haravan.Credentials{AccessToken: "right"})
	tests := []struct {
		method, path, token, body string
		status                    int
		errors                    string
	}{
		{"GET", "/loy/profiles/1.json", "right", "", 404, `"Not Found"`},
		{"GET", "/loy/profiles/abc.json", "right", "", 404, `"Not Found"`},
		{"GET", "/loy/customers.json", "right", "", 404, `"Not Found"`},
		{"GET", "/loy/profiles/360455", "right", "", 404, `"Not Found"`},
		{"DELETE", "/loy/profiles/360455.json", "right", "", 405, `"Method Not Allowed"`},
		{"GET", "/loy/profiles.json", "", "", 401, `"[API] Missing access token: send Authorization: Bearer <token>"`},
		{"GET", "/loy/profiles.json", "wrong", "", 401, `"[API] Invalid access token"`},
		{"GET", "/loy/profiles.json?limit=abc", "right", "", 422, `{"limit":["must be a positive number"]}`},
		{"GET", "/loy/profiles.json?updated_at_min=yesterday", "right", "", 422, `{"updated_at_min":["is not a date like 2008-12-31T02:01:27.483Z"]}`},
		{"PUT", "/loy/profiles/632910392/points/add.json", "right", `{"point":{"value":0}}`, 422, `{"value":["must be a whole number greater than 0"]}`},
		{"PUT", "/loy/profiles/632910392/points/add.json", "right", `nonsense`, 400, ``},
		{"PUT", "/loy/profiles/1/points/add.json", "right", `{"point":{"value":1}}`, 404, `"Not Found"`},
		{"PUT", "/loy/profiles/632910392/points/subtract.json", "right", `{"point":{"value":101}}`, 422, `"Not enough points: 100 available, 101 requested"`},
	}
	for _, tt := range tests {
		status, h, body := call(t, srv, tt.method, tt.path, tt.token, tt.body)
		var got struct{ Errors json.RawMessage }
		if err := json.Unmarshal([]byte(body), &got); err != nil || status != tt.status {
			t.Errorf("%s %s: %d %s", tt.method, tt.path, status, body)
			continue
		}
		if tt.errors != "" && string(got.Errors) != tt.errors && !strings.Contains(body, tt.errors) {
			t.Errorf("%s %s: errors = %s, want %s", tt.method, tt.path, got.Errors, tt.errors)
		}
		if _, ok := haravan.ParseCallLimit(h.Get(haravan.CallLimitHeader)); !ok {
			t.Errorf("%s %s: call limit header %q", tt.method, tt.path, h.Get(haravan.CallLimitHeader))
		}
	}
	if p, _ := srv.Profile(haravantest.JohnTerryID); p.PointAvailable != 100 || len(srv.PointHistory(0)) != 0 {
		t.Errorf("refused changes moved points: %d", p.PointAvailable)
	}
}

func TestPointsChangeState(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	now := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	srv.SetClock(func() time.Time { return now })
	status, _, body := call(t, srv, "PUT", "/loy/profiles/632910392/points/add.json", "t", `{"point":{"value":10,"reason":"game","ref_id":"g-1"}}`)
	var p haravan.Profile
	if status != 200 || json.Unmarshal([]byte(body), &p) != nil || p.PointAvailable != 110 || !p.UpdatedAt.Equal(now) {
		t.Fatalf("add: %d %s", status, body)
	}
	status, _, body = call(t, srv, "PUT", "/loy/profiles/632910392/points/subtract.json", "t", `{"point":{"value":30,"reason":"order","ref_id":"o-1"}}`)
	if status != 200 || json.Unmarshal([]byte(body), &p) != nil || p.PointAvailable != 80 || p.PointUsed != 930 {
		t.Fatalf("subtract: %d %s", status, body)
	}
	_, _, body = call(t, srv, "GET", "/loy/profiles/632910392.json", "t", "")
	if !strings.Contains(body, `"point_available":80`) || !strings.Contains(body, `"updated_at":"2025-03-01T10:00:00.000000Z"`) {
		t.Errorf("GET after changes: %s", body)
	}
	h := srv.PointHistory(haravantest.JohnTerryID)
	if len(h) != 2 || h[0].Op != "add" || h[0].RefID != "g-1" || h[1].Op != "subtract" || h[1].Value != 30 {
		t.Errorf("history = %+v", h)
	}
}

func TestScopes(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.SetScopes(haravantest.ScopeReadProfiles)
	if status, _, _ := call(t, srv, "GET", "/loy/profiles/360455.json", "t", ""); status != 200 {
		t.Errorf("read with read scope: %d", status)
	}
	status, _, body := call(t, srv, "PUT", "/loy/profiles/360455/points/add.json", "t", `{"point":{"value":1}}`)
	if status != 403 || !strings.Contains(body, "loy.write_profiles") {
		t.Errorf("write with read scope: %d %s", status, body)
	}
	srv.SetScopes(haravantest.ScopeWriteProfiles)
	if status, _, _ := call(t, srv, "GET", "/loy/profiles/360455.json", "t", ""); status != 200 {
		t.Errorf("read with write scope: %d", status)
	}
	srv.SetScopes()
	if status, _, _ := call(t, srv, "GET", "/loy/profiles/360455.json", "t", ""); status != 403 {
		t.Errorf("read without scopes: %d", status)
	}
	srv.GrantAllScopes()
	if status, _, _ := call(t, srv, "PUT", "/loy/profiles/360455/points/add.json", "t", `{"point":{"value":1}}`); status != 200 {
		t.Errorf("write after GrantAllScopes: %d", status)
	}
}

func TestListPagingAndFields(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	var page struct{ Profiles []map[string]any }
	_, _, body := call(t, srv, "GET", "/loy/profiles.json?limit=500&page=3&fields=id,phone", "t", "")
	if err := json.Unmarshal([]byte(body), &page); err != nil {
		t.Fatal(err)
	}
	// limit capped at 50: page 3 holds profiles 101..122.
	if len(page.Profiles) != 22 {
		t.Fatalf("%d profiles on page 3", len(page.Profiles))
	}
	for _, p := range page.Profiles {
		if len(p) != 2 || p["id"] == nil || p["phone"] == nil {
			t.Errorf("fields not honoured: %v", p)
		}
	}
	_, _, body = call(t, srv, "GET", "/loy/profiles.json?page=9", "t", "")
	if strings.TrimSpace(body) != `{"profiles":[]}` {
		t.Errorf("page past the end: %s", body)
	}
}

func TestFaultsAndThrottle(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.Throttle(1, 2*time.Second)
	status, h, _ := call(t, srv, "GET", "/loy/profiles/360455.json", "t", "")
	if status != 429 || h.Get("Retry-After") != "2.0" {
		t.Errorf("throttle: %d, Retry-After %q", status, h.Get("Retry-After"))
	}
	srv.InjectFault(1, haravantest.Fault{Status: 503, Body: `{"errors":"down"}`})
	if status, _, body := call(t, srv, "GET", "/loy/profiles/360455.json", "t", ""); status != 503 || body != `{"errors":"down"}` {
		t.Errorf("fault: %d %s", status, body)
	}
	if status, _, _ := call(t, srv, "GET", "/loy/profiles/360455.json", "t", ""); status != 200 {
		t.Errorf("after faults: %d", status)
	}
	if srv.RequestCount() != 3 {
		t.Errorf("%d requests", srv.RequestCount())
	}
	for d, want := range map[time.Duration]string{2 * time.Second: "2.0", 50 * time.Millisecond: "0.05", 0: "0.0"} {
		if got := haravantest.FormatRetryAfter(d); got != want {
			t.Errorf("FormatRetryAfter(%s) = %q", d, got)
		}
	}
}

func TestCallLimitHeaderAndEnforcement(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	srv.SetClock(func() time.Time { return now })
	_, h, _ := call(t, srv, "GET", "/loy/profiles/360455.json", "t", "")
	if got := h.Get(haravan.CallLimitHeader); got != "1/80" {
		t.Errorf("first call: %q", got)
	}
	srv.EnforceRateLimit(true)
	for range 79 {
		call(t, srv, "GET", "/loy/profiles/360455.json", "t", "")
	}
	status, h, body := call(t, srv, "GET", "/loy/profiles/360455.json", "t", "")
	if status != 429 || h.Get("Retry-After") != "2.0" || !strings.Contains(body, `"errors"`) || h.Get(haravan.CallLimitHeader) != "80/80" {
		t.Errorf("over the bucket: %d %v %s", status, h, body)
	}
	now = now.Add(time.Second) // four calls leak
	_, h, _ = call(t, srv, "GET", "/loy/profiles/360455.json", "t", "")
	if got := h.Get(haravan.CallLimitHeader); got != "77/80" {
		t.Errorf("after a second: %q", got)
	}
}

func TestAddAndRemoveProfile(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.SetProfile(haravan.Profile{ID: 7, FirstName: "Lan", Phone: "0912345678"}, "VIP", "Online")
	_, _, body := call(t, srv, "GET", "/loy/profiles.json?phone=0912345678", "t", "")
	if !strings.Contains(body, `"first_name":"Lan"`) || !strings.Contains(body, `"status":"enabled"`) {
		t.Errorf("added profile: %s", body)
	}
	_, _, body = call(t, srv, "GET", "/loy/profiles/7/tags.json", "t", "")
	if !strings.Contains(body, `"VIP,Online"`) {
		t.Errorf("tags: %s", body)
	}
	srv.RemoveProfile(7)
	if status, _, _ := call(t, srv, "GET", "/loy/profiles/7.json", "t", ""); status != 404 {
		t.Errorf("removed profile: %d", status)
	}
}
