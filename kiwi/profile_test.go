package kiwi_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/kiwi"
	"github.com/profiles-sdk/profiles-go/kiwi/kiwitest"
)

func TestGetAccountProfileWire(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		parts []profiles.CallOption
		q     string
	}{
		{"no parts means ALL", nil, "ALL"},
		{"all", []profiles.CallOption{kiwi.PartAll}, "ALL"},
		{"subscriptions", []profiles.CallOption{kiwi.PartSubscriptions}, "SUBSCRIPTIONS"},
		{"context", []profiles.CallOption{kiwi.PartContext}, "CONTEXT"},
		{"both, canonical order", []profiles.CallOption{kiwi.PartContext, kiwi.PartSubscriptions}, "SUBSCRIPTIONS,CONTEXT"},
		{"duplicates dropped", []profiles.CallOption{kiwi.PartContext, kiwi.PartContext}, "CONTEXT"},
		{"ALL absorbs the others", []profiles.CallOption{kiwi.PartSubscriptions, kiwi.PartAll, kiwi.PartContext}, "ALL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, answer{status: 200, body: string(readTestdata(t, "profile_all.json"))})
			c := recorderClient(t, rec, profiles.WithUserAgent("wire-test/1"))
			_, err := c.GetAccountProfile(context.Background(), tt.parts...)
			require.NoError(t, err)
			require.Equal(t, 1, rec.count())
			r := rec.last()
			assert.Equal(t, http.MethodGet, r.Method)
			assert.Equal(t, "/api/1.0/account/profile", r.URL.EscapedPath())
			assert.Equal(t, "q="+strings.ReplaceAll(tt.q, ",", "%2C"), r.URL.RawQuery)
			assert.Equal(t, tt.q, r.URL.Query().Get("q"))
			assert.Equal(t, "app-key-secret", r.Header.Get("X-Kiwi-Application-Key"))
			assert.Equal(t, "user-token-secret", r.Header.Get("X-Auth-Token"))
			assert.Equal(t, "application/json", r.Header.Get("Accept"))
			assert.True(t, strings.HasPrefix(r.Header.Get("User-Agent"), "profiles-go/"), r.Header.Get("User-Agent"))
			assert.True(t, strings.HasSuffix(r.Header.Get("User-Agent"), " wire-test/1"))
			assert.Empty(t, r.Header.Get("Authorization"))
			assert.Empty(t, r.Header.Get("Content-Type"))
			assert.Zero(t, r.ContentLength)
		})
	}
}

func TestGetAccountProfileBasePathIsKept(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, answer{status: 200, body: string(readTestdata(t, "profile_all.json"))})
	c := recorderClient(t, rec, profiles.WithBaseURL(rec.URL+"/gw/kiwi"))
	_, err := c.GetAccountProfile(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "/gw/kiwi/api/1.0/account/profile", rec.last().URL.Path)
}

func TestGetAccountProfileRejectsUnknownPartBeforeSending(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	c := fakeClient(t, srv, kiwitest.TokenSubscriber)
	for _, p := range []kiwi.Part{"SUBSCRIPTION", "subscriptions", "", "ALL,CONTEXT"} {
		_, err := c.GetAccountProfile(context.Background(), kiwi.PartContext, p)
		require.ErrorIs(t, err, kiwi.ErrInvalidPart, "part %q", p)
		assert.Contains(t, err.Error(), `"`+string(p)+`"`)
	}
	assert.Zero(t, srv.RequestCount())
}

func TestGetAccountProfileFromFake(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.SetClock(func() time.Time { return kiwitest.SeedTime }) // the dates of SubscriberProfile()
	c := fakeClient(t, srv, kiwitest.TokenSubscriber)
	ctx := context.Background()

	all, err := c.GetAccountProfile(ctx)
	require.NoError(t, err)
	assert.Equal(t, kiwitest.SubscriberProfile(), normalise(*all))
	active := all.ActiveSubscriptions(kiwitest.SeedTime)
	require.Len(t, active, 2)
	assert.Equal(t, kiwi.SubscriptionActive, active[0].Status)
	assert.Equal(t, kiwi.SubscriptionTrial, active[1].Status)

	subs, err := c.GetAccountProfile(ctx, kiwi.PartSubscriptions)
	require.NoError(t, err)
	assert.Len(t, subs.Subscriptions, 4)
	assert.Nil(t, subs.Context, "context not asked for")
	assert.Equal(t, "100042", subs.AccountInfo.AccountID)

	kv, err := c.GetAccountProfile(ctx, kiwi.PartContext)
	require.NoError(t, err)
	assert.Nil(t, kv.Subscriptions, "subscriptions not asked for")
	assert.Equal(t, "Kiwis FC", kv.Context["favorite_team"])

	free, err := fakeClient(t, srv, kiwitest.TokenFree).GetAccountProfile(ctx)
	require.NoError(t, err)
	assert.NotNil(t, free.Subscriptions)
	assert.Empty(t, free.Subscriptions)
	assert.NotNil(t, free.Context)
	assert.False(t, free.HasActiveSubscription(kiwitest.SeedTime))
}

// normalise turns the json.Number values decoding gives into the Go values
// the seed was written with.
func normalise(p kiwi.AccountProfile) kiwi.AccountProfile {
	if n, ok := p.Context["launch_count"].(interface{ Int64() (int64, error) }); ok {
		v, _ := n.Int64()
		p.Context["launch_count"] = int(v)
	}
	for i := range p.Subscriptions {
		fixTimes(&p.Subscriptions[i])
	}
	return p
}

func fixTimes(s *kiwi.Subscription) {
	for _, t := range []*time.Time{&s.ActivatedAt, &s.ExpiresAt, &s.LastRenewAt} {
		if !t.IsZero() {
			*t = t.UTC()
		}
	}
}

func TestOperationStatusIsCheckedWhateverTheHTTPStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		status   int
		body     string
		sentinel error
		code     string
		message  string
	}{
		{"invalid token with 200", 200, `{"operation_status":1,"authentication_integration_status":1}`, kiwi.ErrInvalidToken, "1", "ERROR_INVALID_TOKEN"},
		{"invalid token with 401", 401, `{"operation_status":1}`, kiwi.ErrInvalidToken, "1", "ERROR_INVALID_TOKEN"},
		{"invalid token as text", 200, `{"operation_status":"1"}`, kiwi.ErrInvalidToken, "1", "ERROR_INVALID_TOKEN"},
		{"invalid token with a message", 403, `{"operation_status":1,"message":"token revoked"}`, kiwi.ErrInvalidToken, "1", "token revoked"},
		{"unlisted status with 200", 200, `{"operation_status":7,"account_profile":{}}`, kiwi.ErrOperationFailed, "7", "operation_status 7 (OperationStatus(7))"},
		{"unlisted status with 500", 500, `{"operation_status":9}`, kiwi.ErrOperationFailed, "9", "operation_status 9"},
		{"success without profile", 200, `{"operation_status":0}`, kiwi.ErrMalformedResponse, "0", "SUCCESS without account_profile"},
		{"success with null profile", 200, `{"operation_status":0,"account_profile":null}`, kiwi.ErrMalformedResponse, "0", "SUCCESS without account_profile"},
		{"no operation_status", 200, `{"account_profile":{"account_info":{}}}`, kiwi.ErrMalformedResponse, "", "without operation_status"},
		{"empty 200 body", 200, ``, kiwi.ErrMalformedResponse, "", "malformed answer"},
		{"array with 200", 200, `[]`, kiwi.ErrMalformedResponse, "", "malformed answer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, answer{status: tt.status, header: http.Header{"X-Request-Id": {"req-77"}}, body: tt.body})
			c := recorderClient(t, rec)
			p, err := c.GetAccountProfile(context.Background())
			require.Error(t, err)
			assert.Nil(t, p)
			assert.ErrorIs(t, err, tt.sentinel)
			var apiErr *profiles.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.status, apiErr.StatusCode)
			assert.Equal(t, tt.code, apiErr.Code)
			assert.Contains(t, apiErr.Message, tt.message)
			assert.Equal(t, "req-77", apiErr.RequestID)
			assert.Equal(t, "kiwi", apiErr.Vendor)
			assert.Equal(t, "/api/1.0/account/profile", apiErr.Path)
			if tt.status >= 300 {
				assert.Equal(t, tt.body, string(apiErr.Body))
			} else {
				assert.Empty(t, apiErr.Body, "the client keeps no 2xx body")
			}
			assert.Equal(t, 1, apiErr.Attempts)
			assert.Equal(t, 1, rec.count(), "not retried")
		})
	}
}

// A 2xx body that is not JSON at all fails inside the client's decoder,
// which keeps neither status nor body: it matches ErrMalformedResponse but
// is not an *APIError.
func TestNonJSONSuccessBody(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, answer{status: 200, header: http.Header{"Content-Type": {"text/html"}}, body: `<html><title>Login</title></html>`})
	_, err := recorderClient(t, rec).GetAccountProfile(context.Background())
	require.ErrorIs(t, err, kiwi.ErrMalformedResponse)
	assert.Contains(t, err.Error(), "invalid character '<'")
	assert.Equal(t, 1, rec.count())
}

func TestVendorErrorBodies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body, message, code string
		status                    int
	}{
		{"flat (the fake's guess)", `{"code":"INVALID_APPLICATION_KEY","message":"The application key is missing or invalid."}`, "The application key is missing or invalid.", "INVALID_APPLICATION_KEY", 401},
		{"nested error", `{"error":{"code":42,"message":"bad app"}}`, "bad app", "42", 403},
		{"error text", `{"error":"quota exceeded","error_code":"QUOTA"}`, "quota exceeded", "QUOTA", 400},
		{"member of odd type", `{"code":{"x":1},"message":"still read"}`, "still read", "", 400},
		{"HTML proxy page", `<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>`, "502 Bad Gateway", "", 500},
		{"plain text", `upstream broke`, "upstream broke", "", 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := http.Header{}
			if strings.HasPrefix(tt.body, "<") {
				h.Set("Content-Type", "text/html")
			} else if !strings.HasPrefix(tt.body, "{") {
				h.Set("Content-Type", "text/plain")
			}
			rec := newRecorder(t, answer{status: tt.status, header: h, body: tt.body})
			_, err := recorderClient(t, rec).GetAccountProfile(context.Background())
			var apiErr *profiles.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.status, apiErr.StatusCode)
			assert.Equal(t, tt.message, apiErr.Message)
			assert.Equal(t, tt.code, apiErr.Code)
			assert.NotErrorIs(t, err, kiwi.ErrInvalidToken)
		})
	}
}

func TestRetries(t *testing.T) {
	t.Parallel()
	t.Run("idempotent GET retries 503 then succeeds", func(t *testing.T) {
		t.Parallel()
		srv := newFake(t)
		srv.InjectFault(2, kiwitest.Fault{Status: 503, Body: `{"code":"ERROR","message":"busy"}`})
		p, err := fakeClient(t, srv, kiwitest.TokenSubscriber).GetAccountProfile(context.Background())
		require.NoError(t, err)
		assert.Len(t, p.Subscriptions, 4)
		assert.Equal(t, 3, srv.RequestCount())
	})
	t.Run("dropped connections are retried", func(t *testing.T) {
		t.Parallel()
		srv := newFake(t)
		srv.InjectFault(1, kiwitest.Fault{Drop: true})
		_, err := fakeClient(t, srv, kiwitest.TokenSubscriber).GetAccountProfile(context.Background())
		require.NoError(t, err)
		assert.Equal(t, 2, srv.RequestCount())
	})
	t.Run("429 honours Retry-After", func(t *testing.T) {
		t.Parallel()
		srv := newFake(t)
		srv.InjectFault(1, kiwitest.Fault{Status: 429, Header: http.Header{"Retry-After": {"0"}}})
		_, err := fakeClient(t, srv, kiwitest.TokenSubscriber).GetAccountProfile(context.Background())
		require.NoError(t, err)
		assert.Equal(t, 2, srv.RequestCount())
	})
	t.Run("a Retry-After beyond the policy's cap is not waited out", func(t *testing.T) {
		t.Parallel()
		srv := newFake(t)
		srv.InjectFault(1, kiwitest.Fault{Status: 429, Header: http.Header{"Retry-After": {"30"}}, Body: `{"code":"ERROR","message":"slow down"}`})
		c := fakeClient(t, srv, kiwitest.TokenSubscriber, profiles.WithRetryPolicy(profiles.RetryPolicy{MaxRetries: 2, MaxRetryAfter: 10 * time.Millisecond}))
		start := time.Now()
		_, err := c.GetAccountProfile(context.Background())
		var apiErr *profiles.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 429, apiErr.StatusCode)
		assert.Equal(t, 30*time.Second, apiErr.RetryAfter)
		assert.Equal(t, "slow down", apiErr.Message)
		assert.Less(t, time.Since(start), time.Second)
		assert.Equal(t, 1, srv.RequestCount())
	})
	t.Run("retries run out with the final body kept", func(t *testing.T) {
		t.Parallel()
		srv := newFake(t)
		srv.InjectFault(3, kiwitest.Fault{Status: 502, Body: `{"code":"ERROR","message":"gateway down"}`})
		_, err := fakeClient(t, srv, kiwitest.TokenSubscriber).GetAccountProfile(context.Background())
		var apiErr *profiles.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 502, apiErr.StatusCode)
		assert.Equal(t, 3, apiErr.Attempts)
		assert.Equal(t, "gateway down", apiErr.Message)
		assert.Contains(t, string(apiErr.Body), "gateway down")
		assert.Equal(t, 3, srv.RequestCount())
	})
	t.Run("invalid token is not retried", func(t *testing.T) {
		t.Parallel()
		srv := newFake(t)
		_, err := fakeClient(t, srv, "nobody").GetAccountProfile(context.Background())
		require.ErrorIs(t, err, kiwi.ErrInvalidToken)
		assert.Equal(t, 1, srv.RequestCount())
	})
	t.Run("truncated answer is retried", func(t *testing.T) {
		t.Parallel()
		srv := newFake(t)
		srv.InjectFault(1, kiwitest.Fault{Truncate: true})
		p, err := fakeClient(t, srv, kiwitest.TokenSubscriber).GetAccountProfile(context.Background())
		require.NoError(t, err)
		assert.NotEmpty(t, p.Subscriptions)
		assert.Equal(t, 2, srv.RequestCount())
	})
	t.Run("truncated answers fail once retries run out", func(t *testing.T) {
		t.Parallel()
		srv := newFake(t)
		srv.InjectFault(3, kiwitest.Fault{Truncate: true})
		_, err := fakeClient(t, srv, kiwitest.TokenSubscriber).GetAccountProfile(context.Background())
		require.Error(t, err)
		assert.Contains(t, err.Error(), "unexpected EOF")
		assert.NotErrorIs(t, err, kiwi.ErrInvalidToken)
		assert.Equal(t, 3, srv.RequestCount())
	})
}

func TestContextDeadlineStaysMatchable(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.InjectFault(1, kiwitest.Fault{Delay: 2 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := fakeClient(t, srv, kiwitest.TokenSubscriber).GetAccountProfile(ctx)
	require.Error(t, err)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)
	var reqErr *profiles.RequestError
	assert.ErrorAs(t, err, &reqErr)
	assert.Less(t, time.Since(start), time.Second)
}

func TestWrongAppKeyIsAnAPIError(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	c, err := kiwi.NewClient(kiwi.Credentials{AppKey: "wrong-key", UserToken: srv.Credentials().UserToken}, profiles.WithBaseURL(srv.URL), fast)
	require.NoError(t, err)
	t.Cleanup(c.CloseIdleConnections)
	_, err = c.GetAccountProfile(context.Background())
	var apiErr *profiles.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusUnauthorized, apiErr.StatusCode)
	assert.Equal(t, kiwitest.CodeInvalidAppKey, apiErr.Code)
	assert.Equal(t, "The application key is missing or invalid.", apiErr.Message)
	assert.NotErrorIs(t, err, kiwi.ErrInvalidToken)
	assert.Equal(t, 1, srv.RequestCount())
}

func TestBadAccountProfileFailsTheCall(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, answer{status: 200, body: `{"operation_status":0,"account_profile":{"account_info":{},"credentials_info":{},"subscriptions":[{"id":"1","expires_at":"next tuesday"}]}}`})
	_, err := recorderClient(t, rec).GetAccountProfile(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "next tuesday")
	assert.Contains(t, err.Error(), "account_profile")
}
