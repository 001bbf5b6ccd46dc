package aktivtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/aktiv"
	"github.com/profiles-sdk/profiles-go/aktiv/aktivtest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func newFake(t *testing.T) *aktivtest.Server {
	t.Helper()
	srv := aktivtest.NewServer()
	t.Cleanup(srv.Close)
	return srv
}

func newClient(t *testing.T, srv *aktivtest.Server, token string, opts ...profiles.Option) *aktiv.Client {
	t.Helper()
	opts = append([]profiles.Option{profiles.WithBaseURL(srv.URL),
		profiles.WithRetryPolicy(profiles.RetryPolicy{MaxRetries: 2, MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond})}, opts...)
	c, err := aktiv.NewClient(aktiv.Credentials{Token: token}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

// raw sends a request by hand and returns the status and body.
func raw(t *testing.T, srv *aktivtest.Server, method, path, auth, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestSeededWithTheDocsRecords(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	status, body := raw(t, srv, http.MethodGet, "/v1.0/profile", "Bearer "+aktivtest.AdminToken, "")
	want := `{"user":{"_id":10015,"companyname":"Aktiv","confirmed":true,"countryid":185,"email":"test@example.com","phone":"12345","status":true,` +
		`"userdetails":{"_id":10016,"firstname":"John","lastname":"Doe","lastvisitdate":1529418565,` +
		`"role":{"_id":1,"createorders":true,"createproducts":true,"createusers":true,"manageprotect":true,"nameeng":"Administrator"},"settings":{"language":0}}}}`
	if status != 200 || strings.TrimSpace(body) != want {
		t.Errorf("GET profile = %d\n%s\nwant\n%s", status, body, want)
	}
	status, body = raw(t, srv, http.MethodGet, "/v1.0/profile/accesscodes", "Bearer "+aktivtest.AdminToken, "")
	want = `{"accesscodes":[{"_id":1,"private":{"mastervalue":"0x5191758c","readvalue":"0x51917645","writevalue":"0x51917603"},"public":{"text":"DEMONVK","value":"0x519175b7"}},` +
		`{"_id":9,"private":{"mastervalue":"0xe1e1e1e","readvalue":"0xd2d2d2d2","writevalue":"0xd2e2e2e2"},"public":{"text":"EXAMPLE","value":"0xb3b3b3b3"}}]}`
	if status != 200 || strings.TrimSpace(body) != want {
		t.Errorf("GET accesscodes = %d\n%s", status, body)
	}
	status, body = raw(t, srv, http.MethodGet, "/v1.0/profile/balance", "Bearer "+aktivtest.AdminToken, "")
	want = `{"balance":{"_id":10016,"activationscount":-842150451,"activationslimit":-842150451,"companyname":"Aktiv","countryid":185,"ispostpaid":true,` +
		`"locallicensesbalance":-842150451,"netlicensesbalance":-842150451,"phone":"12345","status":-12851,"subscriptionbegindate":0,"subscriptionenddate":0}}`
	if status != 200 || strings.TrimSpace(body) != want {
		t.Errorf("GET balance = %d\n%s", status, body)
	}
}

func TestRoles(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	ctx := context.Background()
	cases := []struct {
		token       string
		role        string
		private     bool
		adminAccess bool
	}{
		{aktivtest.AdminToken, aktiv.RoleAdministrator, true, true},
		{aktivtest.DeveloperToken, aktiv.RoleDeveloper, true, false},
		{aktivtest.UserToken, "User", false, false},
	}
	for _, tc := range cases {
		c := newClient(t, srv, tc.token)
		u, err := c.GetProfile(ctx)
		if err != nil || u.Details.Role.Name != tc.role {
			t.Fatalf("%s: GetProfile = %+v, %v", tc.token, u, err)
		}
		codes, err := c.GetAccessCodes(ctx)
		if err != nil || len(codes) != 2 {
			t.Fatalf("%s: GetAccessCodes = %v, %v", tc.token, codes, err)
		}
		for _, code := range codes {
			if (code.Private != nil) != tc.private || code.Public.Value == 0 {
				t.Errorf("%s: code %d private %v, want private %v", tc.token, code.ID, code.Private != nil, tc.private)
			}
		}
		_, err = c.GetBalance(ctx)
		if tc.adminAccess != (err == nil) || (err != nil && !errors.Is(err, profiles.ErrForbidden)) {
			t.Errorf("%s: GetBalance err = %v", tc.token, err)
		}
		err = c.PutProfile(ctx, u.ProfileUpdate())
		if tc.adminAccess != (err == nil) || (err != nil && !errors.Is(err, profiles.ErrForbidden)) {
			t.Errorf("%s: PutProfile err = %v", tc.token, err)
		}
		if err := c.PutSettings(ctx, aktiv.SettingsUpdate{Language: 2}); err != nil {
			t.Errorf("%s: PutSettings is for every role: %v", tc.token, err)
		}
	}
}

func TestPutProfileShowsInTheNextGets(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	ctx := context.Background()
	admin := newClient(t, srv, aktivtest.AdminToken)
	upd := aktiv.ProfileUpdate{CompanyName: "Aktiv-Soft", CountryID: 643, Phone: "+7 495 000", FirstName: "Ivan", LastName: "Petrov"}
	if err := admin.PutProfile(ctx, upd); err != nil {
		t.Fatal(err)
	}
	u, err := admin.GetProfile(ctx)
	if err != nil || u.ProfileUpdate() != upd {
		t.Fatalf("GetProfile after PUT = %+v, %v", u, err)
	}
	b, err := admin.GetBalance(ctx)
	if err != nil || b.CompanyName != "Aktiv-Soft" || b.CountryID != 643 || b.Phone != "+7 495 000" {
		t.Errorf("balance after PUT = %+v, %v", b, err)
	}
	// The company is shared; the names are the admin's own.
	dev, _ := newClient(t, srv, aktivtest.DeveloperToken).GetProfile(ctx)
	if dev.CompanyName != "Aktiv-Soft" || dev.Details.FirstName != "Jane" {
		t.Errorf("developer after PUT = %+v", dev)
	}
	if held, ok := srv.User(aktivtest.AdminToken); !ok || held.Details.LastName != "Petrov" {
		t.Errorf("User() = %+v, %v", held, ok)
	}
}

func TestPutSettingsShowsInTheNextGet(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	ctx := context.Background()
	c := newClient(t, srv, aktivtest.UserToken)
	for _, lang := range []int{3, 0} {
		if err := c.PutSettings(ctx, aktiv.SettingsUpdate{Language: lang}); err != nil {
			t.Fatal(err)
		}
		u, err := c.GetProfile(ctx)
		if err != nil || u.Details.Settings.Language != lang {
			t.Errorf("language = %+v, %v; want %d", u.Details.Settings, err, lang)
		}
	}
	admin, _ := srv.User(aktivtest.AdminToken)
	if admin.Details.Settings.Language != 0 {
		t.Errorf("another user's settings changed: %+v", admin.Details.Settings)
	}
}

func TestBadBodies(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	admin := "Bearer " + aktivtest.AdminToken
	cases := []struct{ path, body string }{
		{"/v1.0/profile", `{"companyname":"lowercase keys","countryid":1,"phone":"","firstname":"","lastname":""}`},
		{"/v1.0/profile", `{"companyName":"missing the rest"}`},
		{"/v1.0/profile", `not json`},
		{"/v1.0/profile/settings", `{"language":1}`},
		{"/v1.0/profile/settings", `{"lang":-1}`},
		{"/v1.0/profile/settings", `{"lang":1}{"lang":2}`},
		{"/v1.0/profile/settings", ``},
	}
	for _, tc := range cases {
		status, body := raw(t, srv, http.MethodPut, tc.path, admin, tc.body)
		var msg struct{ Message string }
		if status != http.StatusBadRequest || json.Unmarshal([]byte(body), &msg) != nil || msg.Message == "" {
			t.Errorf("PUT %s %s = %d %s, want 400 with a message", tc.path, tc.body, status, body)
		}
	}
	if u, _ := srv.User(aktivtest.AdminToken); u.CompanyName != "Aktiv" || u.Details.Settings.Language != 0 {
		t.Errorf("a refused PUT changed state: %+v", u)
	}
}

func TestCredentials(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	for _, auth := range []string{"", "Bearer", "Bearer nobody", "Basic " + aktivtest.AdminToken, aktivtest.AdminToken} {
		status, body := raw(t, srv, http.MethodGet, "/v1.0/profile", auth, "")
		if status != http.StatusUnauthorized || !strings.Contains(body, aktivtest.MessageUnauthorized) {
			t.Errorf("Authorization %q: %d %s", auth, status, body)
		}
	}
	if status, _ := raw(t, srv, http.MethodGet, "/v1.0/profile", "bearer "+aktivtest.AdminToken, ""); status != http.StatusOK {
		t.Errorf("the scheme is case-insensitive, got %d", status)
	}

	srv.RemoveUser(aktivtest.AdminToken)
	_, err := newClient(t, srv, aktivtest.AdminToken).GetProfile(context.Background())
	var apiErr *profiles.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 || apiErr.Message != aktivtest.MessageUnauthorized || !errors.Is(err, profiles.ErrUnauthorized) {
		t.Errorf("removed token: %v", err)
	}

	srv.SetUser("new-token", aktiv.User{ID: 1, Email: "new@example.com", Details: aktiv.UserDetails{Role: aktiv.Role{Name: aktiv.RoleAdministrator}}})
	u, err := newClient(t, srv, "new-token").GetProfile(context.Background())
	if err != nil || u.Email != "new@example.com" {
		t.Errorf("added user: %+v, %v", u, err)
	}
	if _, ok := srv.User(aktivtest.AdminToken); ok {
		t.Error("User() still knows the removed token")
	}
}

func TestSeedingCodesAndBalance(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	ctx := context.Background()
	srv.SetAccessCodes([]aktiv.AccessCode{{ID: 5, Private: &aktiv.PrivateCodes{Master: 1, Read: 2, Write: 3}, Public: aktiv.PublicCode{Text: "NEW", Value: 0xabc}}})
	end := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	srv.SetBalance(aktiv.Balance{ID: 7, ActivationsLimit: 100, SubscriptionEnd: &end})
	c := newClient(t, srv, aktivtest.AdminToken)
	codes, err := c.GetAccessCodes(ctx)
	if err != nil || len(codes) != 1 || codes[0].Public.Value != 0xabc || codes[0].Private.Write != 3 {
		t.Errorf("codes = %+v, %v", codes, err)
	}
	b, err := c.GetBalance(ctx)
	if err != nil || b.ActivationsLimit != 100 || b.SubscriptionBegin != nil || b.SubscriptionEnd == nil || !b.SubscriptionEnd.Equal(end) {
		t.Errorf("balance = %+v, %v", b, err)
	}
	// The accessors hand out copies.
	got, ok := srv.AccessCodes()
	if !ok || len(got) != 1 {
		t.Fatalf("AccessCodes() = %+v, %v", got, ok)
	}
	got[0].Private.Master = 99
	again, _ := srv.AccessCodes()
	if balance, ok := srv.Balance(); again[0].Private.Master != 1 || !ok || balance.ID != 7 {
		t.Error("AccessCodes() shares memory with the fake")
	}
}

func TestFaults(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	// No keep-alive: net/http itself resends a GET once when a reused
	// connection drops before any answer, which would hide the drop fault,
	// and clients without WithHTTPClient share their connections.
	srv.Config.SetKeepAlivesEnabled(false)
	c := newClient(t, srv, aktivtest.AdminToken, profiles.WithRetryPolicy(profiles.RetryPolicy{}))
	srv.InjectFault(1, aktivtest.Fault{Status: http.StatusServiceUnavailable, Body: `{"message":"maintenance"}`, Header: http.Header{"Content-Type": {"application/json"}}})
	_, err := c.GetProfile(context.Background())
	var apiErr *profiles.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || apiErr.Message != "maintenance" {
		t.Errorf("status fault: %v", err)
	}
	srv.InjectFault(1, aktivtest.Fault{Drop: true})
	var reqErr *profiles.RequestError
	if _, err := c.GetProfile(context.Background()); !errors.As(err, &reqErr) {
		t.Errorf("drop fault: %v", err)
	}
	srv.InjectFault(1, aktivtest.Fault{DropAfterApply: true})
	if err := c.PutSettings(context.Background(), aktiv.SettingsUpdate{Language: 4}); !errors.As(err, &reqErr) {
		t.Errorf("drop-after-apply fault: %v", err)
	}
	if u, _ := srv.User(aktivtest.AdminToken); u.Details.Settings.Language != 4 {
		t.Errorf("DropAfterApply did not apply the PUT: %+v", u.Details.Settings)
	}
	if _, err := c.GetProfile(context.Background()); err != nil {
		t.Errorf("after the faults: %v", err)
	}
	if n := srv.RequestCount(); n != 4 {
		t.Errorf("RequestCount = %d, want 4", n)
	}
}

func TestUnknownRoutesAnswerInTheFakesFormat(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	auth := "Bearer " + aktivtest.AdminToken
	if status, body := raw(t, srv, http.MethodGet, "/v1.0/nothing", auth, ""); status != 404 || !strings.Contains(body, `"message":"Not Found"`) {
		t.Errorf("unknown path: %d %s", status, body)
	}
	if status, body := raw(t, srv, http.MethodDelete, "/v1.0/profile", auth, ""); status != 405 || !strings.Contains(body, `"message"`) {
		t.Errorf("wrong method: %d %s", status, body)
	}
	// The documentation's copy error, GET balance at the access-codes URL,
	// answers access codes, as the real path would.
	if status, body := raw(t, srv, http.MethodGet, "/v1.0/profile/accesscodes", auth, ""); status != 200 || !strings.Contains(body, "accesscodes") {
		t.Errorf("access codes: %d %s", status, body)
	}
}

// SetCredentials moves the Administrator to a new token; an empty token is
// never accepted, and the other roles keep theirs.
func TestSetCredentials(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	if got := srv.Credentials(); got.Token != aktivtest.AdminToken {
		t.Fatalf("default credentials %v", got)
	}
	srv.SetCredentials(aktiv.Credentials{Token: "new-admin"})
	for auth, want := range map[string]int{
		"Bearer new-admin":                   http.StatusOK,
		"Bearer " + aktivtest.AdminToken:     http.StatusUnauthorized,
		"Bearer " + aktivtest.UserToken:      http.StatusOK,
		"Bearer " + aktivtest.DeveloperToken: http.StatusOK,
	} {
		if status, body := raw(t, srv, http.MethodGet, "/v1.0/profile", auth, ""); status != want {
			t.Errorf("%s: %d %s", auth, status, body)
		}
	}
	if u, ok := srv.User("new-admin"); !ok || u.Details.Role.Name != aktiv.RoleAdministrator {
		t.Errorf("new token signs in %+v, %v", u, ok)
	}
	srv.SetCredentials(aktiv.Credentials{})
	for _, auth := range []string{"Bearer ", "Bearer new-admin"} {
		if status, _ := raw(t, srv, http.MethodGet, "/v1.0/profile", auth, ""); status != http.StatusUnauthorized {
			t.Errorf("%q after SetCredentials(empty): %d", auth, status)
		}
	}
	srv.Reset()
	c, err := srv.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseIdleConnections()
	if _, err := c.GetBalance(context.Background()); err != nil {
		t.Errorf("after Reset: %v", err)
	}
}

// A token sent in a header of the client's choosing is masked in Requests
// too.
func TestRequestsMaskTokensInAnyHeader(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.SetTokenReader(func(r *http.Request) string { return r.Header.Get("X-Session") })
	c, err := aktiv.NewClient(aktiv.Credentials{}, profiles.WithBaseURL(srv.URL),
		aktiv.WithAuthenticator(aktiv.AuthHeader("X-Session", aktivtest.DeveloperToken)))
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseIdleConnections()
	if _, err := c.GetProfile(context.Background()); err != nil {
		t.Fatal(err)
	}
	h := srv.Requests()[0].Header
	if got := h.Get("X-Session"); got != "[redacted]" {
		t.Errorf("X-Session = %q", got)
	}
	if strings.Contains(fmt.Sprint(h), aktivtest.DeveloperToken) {
		t.Errorf("Requests shows the token: %v", h)
	}
}
