package kiwitest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/kiwi"
	"github.com/profiles-sdk/profiles-go/kiwi/kiwitest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func newServer(t *testing.T) *kiwitest.Server {
	t.Helper()
	srv := kiwitest.NewServer()
	t.Cleanup(srv.Close)
	return srv
}

// get sends a raw request, as a client other than the SDK would.
func get(t *testing.T, srv *kiwitest.Server, query, appKey, token string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/api/1.0/account/profile"+query, nil)
	require.NoError(t, err)
	if appKey != "" {
		req.Header.Set("X-Kiwi-Application-Key", appKey)
	}
	if token != "" {
		req.Header.Set("X-Auth-Token", token)
	}
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, "application/json; charset=utf-8", resp.Header.Get("Content-Type"))
	var body map[string]any
	require.NoError(t, json.Unmarshal(b, &body), string(b))
	return resp.StatusCode, body
}

func TestWireFormat(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.SetClock(func() time.Time { return kiwitest.SeedTime })
	status, body := get(t, srv, "?q=SUBSCRIPTIONS,CONTEXT", srv.Credentials().AppKey, kiwitest.TokenSubscriber)
	assert.Equal(t, 200, status)
	assert.Equal(t, 0.0, body["operation_status"])
	assert.Equal(t, 0.0, body["authentication_integration_status"])
	profile := body["account_profile"].(map[string]any)
	assert.ElementsMatch(t, []string{"account_info", "credentials_info", "subscriptions", "context"}, keys(profile))
	info := profile["account_info"].(map[string]any)
	assert.Equal(t, "100042", info["account_id"])
	assert.Equal(t, "2024-02-10T09:30:00Z", info["sign_up_date"])
	assert.Equal(t, map[string]any{"email_confirmed": true, "phone_confirmed": false}, profile["credentials_info"])
	first := profile["subscriptions"].([]any)[0].(map[string]any)
	assert.Equal(t, 2.0, first["subscription_platform"])
	assert.Equal(t, 1.0, first["subscription_type"])
	assert.Equal(t, 1.0, first["subscription_status"])
	assert.Equal(t, 999.0, first["price"])
	assert.Equal(t, "2025-06-15T09:30:00Z", first["expires_at"])
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestQueryPicksParts(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{"account_info", "credentials_info", "subscriptions", "context"}},
		{"?q=ALL", []string{"account_info", "credentials_info", "subscriptions", "context"}},
		{"?q=SUBSCRIPTIONS", []string{"account_info", "credentials_info", "subscriptions"}},
		{"?q=CONTEXT", []string{"account_info", "credentials_info", "context"}},
		{"?q=CONTEXT%2CALL", []string{"account_info", "credentials_info", "subscriptions", "context"}},
	}
	for _, tt := range tests {
		status, body := get(t, srv, tt.query, srv.Credentials().AppKey, kiwitest.TokenFree)
		require.Equal(t, 200, status, tt.query)
		assert.ElementsMatch(t, tt.want, keys(body["account_profile"].(map[string]any)), tt.query)
	}
	// An account without subscriptions still answers the asked-for parts,
	// empty.
	_, body := get(t, srv, "", srv.Credentials().AppKey, kiwitest.TokenFree)
	profile := body["account_profile"].(map[string]any)
	assert.Equal(t, []any{}, profile["subscriptions"])
	assert.Equal(t, map[string]any{}, profile["context"])
}

func TestUnknownQueryValueIsRejected(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	status, body := get(t, srv, "?q=SUBSCRIPTION", srv.Credentials().AppKey, kiwitest.TokenSubscriber)
	assert.Equal(t, 400, status)
	assert.Equal(t, kiwitest.CodeInvalidQuery, body["code"])
	assert.Contains(t, body["message"], "SUBSCRIPTION")
}

func TestCredentials(t *testing.T) {
	t.Parallel()
	srv := newServer(t)

	status, body := get(t, srv, "", "", kiwitest.TokenSubscriber)
	assert.Equal(t, 401, status)
	assert.Equal(t, map[string]any{"code": kiwitest.CodeInvalidAppKey, "message": "The application key is missing or invalid."}, body)

	for _, token := range []string{"", "nobody"} {
		status, body = get(t, srv, "", srv.Credentials().AppKey, token)
		assert.Equal(t, 200, status, "Kiwi answers a bad token with 200")
		assert.Equal(t, map[string]any{"operation_status": 1.0, "authentication_integration_status": 1.0}, body)
	}

	oldKey := srv.Credentials().AppKey
	srv.SetCredentials(kiwi.Credentials{AppKey: "rotated", UserToken: kiwitest.TokenSubscriber})
	status, _ = get(t, srv, "", oldKey, kiwitest.TokenSubscriber)
	assert.Equal(t, 401, status)
	status, body = get(t, srv, "", "rotated", kiwitest.TokenSubscriber)
	assert.Equal(t, 200, status)
	assert.Equal(t, 0.0, body["operation_status"])

	srv.RemoveAccount(kiwitest.TokenSubscriber)
	_, body = get(t, srv, "", "rotated", kiwitest.TokenSubscriber)
	assert.Equal(t, 1.0, body["operation_status"])
}

func TestRoutes(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	for path, want := range map[string]int{"/api/1.0/account/nothing": 404, "/api/1.0/account/profile": 405} {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader("{}"))
		req.Header.Set("X-Kiwi-Application-Key", srv.Credentials().AppKey)
		resp, err := srv.Client().Do(req)
		require.NoError(t, err)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Equal(t, want, resp.StatusCode, path)
		assert.Contains(t, string(b), `"code"`)
	}
}

func TestSeedAndReadState(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	ctx := context.Background()

	p, ok := srv.Account(kiwitest.TokenSubscriber)
	require.True(t, ok)
	assert.Len(t, p.Subscriptions, 4)
	// The copy is the caller's: changing it leaves the fake alone.
	p.Subscriptions[0].Status = kiwi.SubscriptionExpired
	again, _ := srv.Account(kiwitest.TokenSubscriber)
	assert.Equal(t, kiwi.SubscriptionActive, again.Subscriptions[0].Status)
	_, ok = srv.Account("nobody")
	assert.False(t, ok)

	expires := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	srv.SetAccount("new-token", kiwi.AccountProfile{
		AccountInfo: kiwi.AccountInfo{AccountID: "9"},
		Subscriptions: []kiwi.Subscription{{
			ID: "77", Platform: kiwi.PlatformVindi, Type: kiwi.AutoRenewable, Status: kiwi.SubscriptionActive,
			SKU: "pro", CurrencyCode: "BRL", Price: 2990, ExpiresAt: expires,
		}},
		Context: map[string]any{"k": "v"},
	})
	creds := srv.Credentials()
	creds.UserToken = "new-token"
	c, err := kiwi.NewClient(creds, profiles.WithBaseURL(srv.URL))
	require.NoError(t, err)
	defer c.CloseIdleConnections()
	got, err := c.GetAccountProfile(ctx)
	require.NoError(t, err)
	assert.Equal(t, "9", got.AccountInfo.AccountID)
	require.Len(t, got.Subscriptions, 1)
	assert.Equal(t, "29.90 BRL", got.Subscriptions[0].PriceString())
	assert.True(t, got.Subscriptions[0].ExpiresAt.Equal(expires))
	assert.Equal(t, map[string]any{"k": "v"}, got.Context)
}

func TestSeededAccounts(t *testing.T) {
	t.Parallel()
	sub := kiwitest.SubscriberProfile()
	platforms := map[kiwi.Platform]bool{}
	statuses := map[kiwi.SubscriptionStatus]bool{}
	for _, s := range sub.Subscriptions {
		platforms[s.Platform] = true
		statuses[s.Status] = true
	}
	assert.Len(t, platforms, 4)
	assert.Equal(t, map[kiwi.SubscriptionStatus]bool{kiwi.SubscriptionActive: true, kiwi.SubscriptionTrial: true,
		kiwi.SubscriptionCancelled: true, kiwi.SubscriptionExpired: true}, statuses)
	assert.Len(t, sub.ActiveSubscriptions(kiwitest.SeedTime), 2)
	assert.Empty(t, kiwitest.FreeProfile().ActiveSubscriptions(kiwitest.SeedTime))
}

// A user's test checks subscriptions against time.Now(): the seeded
// accounts are dated by the fake's clock, which a test may set.
func TestSeedFollowsTheClock(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c, err := srv.NewClient()
	require.NoError(t, err)
	defer c.CloseIdleConnections()
	ctx := context.Background()
	p, err := c.GetAccountProfile(ctx)
	require.NoError(t, err)
	require.Len(t, p.ActiveSubscriptions(time.Now()), 2, "active and trial, today")

	for _, at := range []time.Time{kiwitest.SeedTime, time.Date(2031, time.March, 9, 0, 0, 1, 0, time.UTC), time.Date(2031, time.March, 9, 23, 59, 59, 0, time.UTC)} {
		srv.SetClock(func() time.Time { return at })
		p, err = c.GetAccountProfile(ctx)
		require.NoError(t, err)
		active := p.ActiveSubscriptions(at)
		require.Len(t, active, 2, "at %v", at)
		assert.Equal(t, kiwi.SubscriptionActive, active[0].Status)
		assert.Equal(t, kiwi.SubscriptionTrial, active[1].Status)
		acct, _ := srv.Account(kiwitest.TokenSubscriber)
		assert.Equal(t, dates(kiwitest.SubscriberProfileAt(at)), dates(acct))
		free, _ := srv.Account(kiwitest.TokenFree)
		assert.Equal(t, dates(kiwitest.FreeProfileAt(at)), dates(free))
	}
	acct, _ := srv.Account(kiwitest.TokenSubscriber)
	assert.True(t, acct.AccountInfo.SignUpAt.Before(acct.Subscriptions[0].ActivatedAt))
	srv.SetClock(func() time.Time { return kiwitest.SeedTime })
	srv.Reset()
	acct, _ = srv.Account(kiwitest.TokenSubscriber)
	assert.Equal(t, dates(kiwitest.SubscriberProfile()), dates(acct), "Reset keeps the clock")
}

// dates lists the dates of an account.
func dates(p kiwi.AccountProfile) []time.Time {
	out := []time.Time{p.AccountInfo.SignUpAt, p.AccountInfo.LastContextUpdateAt}
	for _, s := range p.Subscriptions {
		out = append(out, s.ActivatedAt, s.ExpiresAt, s.LastRenewAt)
	}
	return out
}

func TestFaults(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c, err := srv.NewClient(profiles.WithRetryPolicy(profiles.RetryPolicy{}))
	require.NoError(t, err)
	defer c.CloseIdleConnections()
	ctx := context.Background()

	// First, on a fresh connection: net/http itself resends a GET whose
	// reused connection drops, which would hide the fault.
	srv.InjectFault(1, kiwitest.Fault{Drop: true})
	_, err = c.GetAccountProfile(ctx)
	var reqErr *profiles.RequestError
	assert.ErrorAs(t, err, &reqErr)

	srv.InjectFault(1, kiwitest.Fault{Status: 503, Body: `{"code":"ERROR","message":"maintenance"}`})
	_, err = c.GetAccountProfile(ctx)
	var apiErr *profiles.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 503, apiErr.StatusCode)
	assert.Equal(t, "maintenance", apiErr.Message)

	srv.InjectFault(1, kiwitest.Fault{Status: 200, Body: `{"operation_status":1}`})
	_, err = c.GetAccountProfile(ctx)
	assert.ErrorIs(t, err, kiwi.ErrInvalidToken)

	_, err = c.GetAccountProfile(ctx)
	require.NoError(t, err, "faults are used up")
	assert.Equal(t, 4, srv.RequestCount())
	reqs := srv.Requests()
	assert.Equal(t, "q=ALL", reqs[3].Query)
	assert.Equal(t, "[redacted]", reqs[3].Header.Get("X-Auth-Token"), "secrets are masked")
}

// SetCredentials replaces the application key and moves the subscriber to
// a new token; an empty key is never accepted.
func TestSetCredentials(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	old := srv.Credentials()
	require.Equal(t, kiwitest.TokenSubscriber, old.UserToken)
	srv.SetCredentials(kiwi.Credentials{AppKey: "k2", UserToken: "t2"})
	_, body := get(t, srv, "", "k2", "t2")
	assert.Equal(t, 0.0, body["operation_status"], "the new token opens the subscriber's account")
	_, body = get(t, srv, "", "k2", old.UserToken)
	assert.Equal(t, 1.0, body["operation_status"], "the replaced token is invalid")
	_, body = get(t, srv, "", "k2", kiwitest.TokenFree)
	assert.Equal(t, 0.0, body["operation_status"], "other accounts keep their tokens")

	srv.SetCredentials(kiwi.Credentials{})
	status, _ := get(t, srv, "", "", kiwitest.TokenFree)
	assert.Equal(t, http.StatusUnauthorized, status, "an empty key is never accepted")

	srv.Reset()
	assert.Equal(t, old, srv.Credentials())
	_, ok := srv.Account(kiwitest.TokenSubscriber)
	assert.True(t, ok)
}
