package olxtest_test

//lint:file-ignore SA1019 these tests drive the fake with the deprecated olx client on purpose.

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/olx"
	"github.com/profiles-sdk/profiles-go/olx/olxtest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func newServer(t *testing.T) *olxtest.Server {
	t.Helper()
	srv := olxtest.NewServer()
	t.Cleanup(srv.Close)
	return srv
}

// get sends a raw request, so the tests see the fake's wire format.
func get(t *testing.T, srv *olxtest.Server, method, path, key, token string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("X-API-KEY", key)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	var v map[string]any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("body %q is not JSON: %v", body, err)
	}
	return resp.StatusCode, v
}

func TestSeededAccountsInWireFormat(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	if id, ok := srv.LastTransactionID(); ok || id != "" {
		t.Errorf("LastTransactionID before any answer = %q, %v", id, ok)
	}
	status, body := get(t, srv, http.MethodGet, "/profile/v1/packages", srv.Credentials().APIKey, olxtest.PostpaidToken)
	if status != 200 || body["message"] != "Profile found" || body["transaction_id"] != "00000000-0000-4000-8000-000000000001" {
		t.Fatalf("answer %d %v", status, body)
	}
	pkg := body["data"].([]any)[0].(map[string]any)
	want := map[string]any{
		"type": "postpaid", "available": 4.0, "total": 20.0, "invoice_at": "2019-11-12T23:00:00.000+0000",
		"purchased_at": nil, "starts_at": "2019-10-14T22:00:00.000+0000", "expires_at": nil, "expired_at": nil,
		"in_grace_period": false, "price": "306,27 zł",
	}
	for k, v := range want {
		if pkg[k] != v {
			t.Errorf("%s = %#v, want %#v", k, pkg[k], v)
		}
	}
	_, body = get(t, srv, http.MethodGet, "/profile/v1/packages", srv.Credentials().APIKey, olxtest.PrepaidToken)
	pkg = body["data"].([]any)[0].(map[string]any)
	if pkg["type"] != "prepaid" || pkg["price"] != "490.77€" || pkg["expires_at"] != "2020-04-05T10:43:05.000+0000" {
		t.Errorf("prepaid package = %v", pkg)
	}
	if got, ok := srv.LastTransactionID(); !ok || got != "00000000-0000-4000-8000-000000000002" {
		t.Errorf("LastTransactionID = %q, %v", got, ok)
	}
}

func TestCredentialErrorsInVendorFormat(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.ExpireToken(olxtest.PrepaidToken)
	tests := []struct {
		name, key, token string
		status           int
		msg              string
	}{
		{"wrong key", "other", olxtest.PostpaidToken, 403, olxtest.MessageInvalidKey},
		{"no key", "", olxtest.PostpaidToken, 403, olxtest.MessageInvalidKey},
		{"key checked before token", "other", olxtest.PrepaidToken, 403, olxtest.MessageInvalidKey},
		{"expired token", srv.Credentials().APIKey, olxtest.PrepaidToken, 403, olxtest.MessageTokenExpired},
		{"unknown token", srv.Credentials().APIKey, "nobody", 401, olxtest.MessageInvalidToken},
		{"no token", srv.Credentials().APIKey, "", 401, olxtest.MessageInvalidToken},
	}
	for _, tt := range tests {
		status, body := get(t, srv, http.MethodGet, "/profile/v1/packages", tt.key, tt.token)
		if status != tt.status || body["message"] != tt.msg || body["transaction_id"] == "" || len(body) != 2 {
			t.Errorf("%s: %d %v; want %d %q", tt.name, status, body, tt.status, tt.msg)
		}
	}
	if olxtest.MessageTokenExpired != "The access token provided has expired" || olxtest.MessageInvalidKey != "Invalid API Key - unknown Partner" {
		t.Error("the fake's messages differ from OLX's")
	}
}

func TestRoutingErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	if status, body := get(t, srv, http.MethodGet, "/profile/v2/packages", srv.Credentials().APIKey, olxtest.PostpaidToken); status != 404 || body["message"] != "Not Found" {
		t.Errorf("unknown path: %d %v", status, body)
	}
	if status, body := get(t, srv, http.MethodPost, "/profile/v1/packages", srv.Credentials().APIKey, olxtest.PostpaidToken); status != 405 || body["message"] != "Method Not Allowed" {
		t.Errorf("wrong method: %d %v", status, body)
	}
}

func TestStateChanges(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	pkgs, ok := srv.Account(olxtest.PostpaidToken)
	if !ok || len(pkgs) != 1 || pkgs[0].Price != "306,27 zł" {
		t.Fatalf("Packages = %+v, %v", pkgs, ok)
	}
	pkgs[0].Price = "changed" // a copy: the fake must not change
	if again, _ := srv.Account(olxtest.PostpaidToken); again[0].Price != "306,27 zł" {
		t.Error("Packages returned the fake's own slice")
	}

	oldKey := srv.Credentials().APIKey
	srv.ExpireToken("t2")
	srv.SetAccount("t2", olxtest.PrepaidPackage(), olxtest.PostpaidPackage())
	creds := srv.Credentials()
	creds.APIKey = "new-key"
	srv.SetCredentials(creds)
	c, err := olx.NewClient(olx.Credentials{APIKey: "new-key", AccessToken: "t2", CRMName: "crm"}, profiles.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseIdleConnections()
	resp, err := c.GetPackages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Packages) != 2 || resp.Packages[0].Type != olx.Prepaid || resp.Packages[1].Type != olx.Postpaid {
		t.Errorf("packages = %+v", resp.Packages)
	}

	srv.ExpireToken("t2")
	if _, err := c.GetPackages(context.Background()); !errors.Is(err, olx.ErrTokenExpired) {
		t.Errorf("after ExpireToken: %v", err)
	}
	srv.RemoveAccount("t2")
	if _, ok := srv.Account("t2"); ok {
		t.Error("RemoveAccount left the account")
	}
	var apiErr *profiles.APIError
	if _, err := c.GetPackages(context.Background()); !errors.As(err, &apiErr) || apiErr.StatusCode != 401 {
		t.Errorf("after RemoveAccount: %v", err)
	}
	if status, _ := get(t, srv, http.MethodGet, "/profile/v1/packages", oldKey, olxtest.PostpaidToken); status != 403 {
		t.Errorf("old key accepted after SetCredentials: %d", status)
	}
}

func TestFaults(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.InjectFault(1, olxtest.Fault{Status: http.StatusServiceUnavailable, Body: `{"transaction_id":"x","message":"down"}`,
		Header: http.Header{"Content-Type": {"application/json; charset=utf-8"}}})
	if status, body := get(t, srv, http.MethodGet, "/profile/v1/packages", srv.Credentials().APIKey, olxtest.PostpaidToken); status != 503 || body["message"] != "down" {
		t.Errorf("fault: %d %v", status, body)
	}
	if status, _ := get(t, srv, http.MethodGet, "/profile/v1/packages", srv.Credentials().APIKey, olxtest.PostpaidToken); status != 200 {
		t.Errorf("after the fault: %d", status)
	}
	if n := srv.RequestCount(); n != 2 {
		t.Errorf("RequestCount = %d", n)
	}
}

func TestUnstartedServer(t *testing.T) {
	t.Parallel()
	srv := olxtest.NewUnstartedServer()
	srv.SetCredentials(olx.Credentials{APIKey: "k", AccessToken: "t", CRMName: "crm"})
	srv.Start()
	t.Cleanup(srv.Close)
	if status, _ := get(t, srv, http.MethodGet, "/profile/v1/packages", "k", olxtest.PrepaidToken); status != 200 {
		t.Errorf("status %d", status)
	}
}

// post sends a raw token request.
func post(t *testing.T, srv *olxtest.Server, id, secret, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/oauth/v1/token", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-API-KEY", srv.Credentials().APIKey)
	req.SetBasicAuth(id, secret)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, v
}

func TestTokenEndpoint(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	code := srv.NewAuthorizationCode(olxtest.PrepaidPackage())
	if status, body := post(t, srv, olxtest.ClientID, "wrong", `{"grant_type":"authorization_code","code":"`+code+`"}`); status != 401 || body["message"] != olxtest.MessageInvalidClient {
		t.Errorf("wrong secret: %d %v", status, body)
	}
	status, body := post(t, srv, olxtest.ClientID, olxtest.ClientSecret, `{"grant_type":"authorization_code","code":"`+code+`"}`)
	if status != 200 || body["token_type"] != "bearer" || body["expires_in"] != float64(olxtest.TokenLifetime) || body["scope"] != "read write" {
		t.Fatalf("exchange: %d %v", status, body)
	}
	access, refresh := body["access_token"].(string), body["refresh_token"].(string)
	if pkgs, ok := srv.Account(access); !ok || len(pkgs) != 1 || pkgs[0].Name != "Pacote L" {
		t.Errorf("account of the new token: %v %v", pkgs, ok)
	}
	if status, body := post(t, srv, olxtest.ClientID, olxtest.ClientSecret, `{"grant_type":"authorization_code","code":"`+code+`"}`); status != 400 || body["message"] != olxtest.MessageInvalidGrant {
		t.Errorf("second use of the code: %d %v", status, body)
	}
	status, body = post(t, srv, olxtest.ClientID, olxtest.ClientSecret, `{"grant_type":"refresh_token","refresh_token":"`+refresh+`"}`)
	if status != 200 || body["access_token"] == access || body["refresh_token"] != refresh {
		t.Fatalf("refresh: %d %v", status, body)
	}
	// Both tokens open the same account: a change through one shows in the other.
	srv.SetAccount(access, olxtest.PostpaidPackage())
	if pkgs, _ := srv.Account(body["access_token"].(string)); len(pkgs) != 1 || pkgs[0].Type != olx.Postpaid {
		t.Errorf("refreshed token sees %v", pkgs)
	}
	for _, bad := range []string{`{"grant_type":"password"}`, `{"grant_type":"refresh_token","refresh_token":"x"}`, `not json`} {
		if status, _ := post(t, srv, olxtest.ClientID, olxtest.ClientSecret, bad); status != 400 {
			t.Errorf("%s: status %d, want 400", bad, status)
		}
	}
}

// SetCredentials replaces the default key and token; an empty one is
// never accepted, and the extra identities keep working with the new key.
func TestSetCredentials(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	old := srv.Credentials()
	if old.APIKey == "" || old.AccessToken != olxtest.PostpaidToken || old.CRMName == "" {
		t.Fatalf("default credentials %v", old)
	}
	srv.SetCredentials(olx.Credentials{APIKey: "k2", AccessToken: "t2", CRMName: "crm"})
	for _, tc := range []struct {
		key, token string
		status     int
	}{
		{"k2", "t2", 200},
		{"k2", olxtest.PrepaidToken, 200},
		{"k2", old.AccessToken, 401}, // replaced
		{old.APIKey, "t2", 403},
	} {
		if status, _ := get(t, srv, http.MethodGet, "/profile/v1/packages", tc.key, tc.token); status != tc.status {
			t.Errorf("key %q token %q: %d, want %d", tc.key, tc.token, status, tc.status)
		}
	}
	if pkgs, ok := srv.Account("t2"); !ok || len(pkgs) != 1 || pkgs[0].Type != olx.Postpaid {
		t.Errorf("the new token opens %v, %v; want the postpaid account", pkgs, ok)
	}

	srv.SetCredentials(olx.Credentials{})
	if status, body := get(t, srv, http.MethodGet, "/profile/v1/packages", "", olxtest.PrepaidToken); status != 403 || body["message"] != olxtest.MessageInvalidKey {
		t.Errorf("empty key accepted: %d %v", status, body)
	}
	srv.Reset()
	if got := srv.Credentials(); got != old {
		t.Errorf("after Reset: %v, want %v", got, old)
	}
}
