package kiwi_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/kiwi"
)

func TestNewClientRejectsBadCredentialsBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	valid := kiwi.Credentials{AppKey: "key-secret", UserToken: "tok-secret"}
	tests := []struct {
		name   string
		edit   func(*kiwi.Credentials)
		reason string
	}{
		{"no app key", func(c *kiwi.Credentials) { c.AppKey = "" }, "AppKey is required"},
		{"blank app key", func(c *kiwi.Credentials) { c.AppKey = " \t" }, "AppKey is required"},
		{"no token", func(c *kiwi.Credentials) { c.UserToken = "" }, "UserToken is required"},
		{"LF in key", func(c *kiwi.Credentials) { c.AppKey = "key-secret\nX-Evil: 1" }, "AppKey must not contain"},
		{"CR in token", func(c *kiwi.Credentials) { c.UserToken = "tok-secret\r" }, "UserToken must not contain"},
		{"NUL in token", func(c *kiwi.Credentials) { c.UserToken = "tok\x00secret" }, "UserToken must not contain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newFake(t)
			creds := valid
			tt.edit(&creds)
			c, err := kiwi.NewClient(creds, profiles.WithBaseURL(srv.URL))
			require.Error(t, err)
			assert.Nil(t, c)
			assert.Contains(t, err.Error(), tt.reason)
			for _, secret := range []string{"secret", "X-Evil"} {
				assert.NotContains(t, err.Error(), secret)
			}
			assert.Zero(t, srv.RequestCount())
		})
	}
}

func TestNewClientRejectsBadOptions(t *testing.T) {
	t.Parallel()
	creds := kiwi.Credentials{AppKey: "k", UserToken: "t"}
	for name, opt := range map[string]profiles.Option{
		"malformed URL":      profiles.WithBaseURL("://nope"),
		"plain http remote":  profiles.WithBaseURL("http://api.example.com"),
		"query in base URL":  profiles.WithBaseURL("https://api.example.com/?a=b"),
		"negative retries":   profiles.WithRetryPolicy(profiles.RetryPolicy{MaxRetries: -1}),
		"CRLF in user agent": profiles.WithUserAgent("app\r\nX: y"),
		"nil HTTP client":    profiles.WithHTTPClient(nil),
	} {
		_, err := kiwi.NewClient(creds, opt)
		assert.Error(t, err, name)
	}
}

func TestNewClientDefaults(t *testing.T) {
	t.Parallel()
	c, err := kiwi.NewClient(kiwi.Credentials{AppKey: "k", UserToken: "t"}, profiles.WithUserAgent("myapp/2"))
	require.NoError(t, err)
	assert.Equal(t, "https://api.kwsdk.io", c.BaseURL())
	assert.True(t, strings.HasPrefix(c.UserAgent(), "profiles-go/"), c.UserAgent())
	assert.True(t, strings.HasSuffix(c.UserAgent(), " myapp/2"), c.UserAgent())

	c, err = kiwi.NewClient(kiwi.Credentials{AppKey: "k", UserToken: "t"}, profiles.WithBaseURL("https://gw.example/kiwi/"))
	require.NoError(t, err)
	assert.Equal(t, "https://gw.example/kiwi", c.BaseURL())
}

func TestCredentialsNeverPrintSecrets(t *testing.T) {
	t.Parallel()
	creds := kiwi.Credentials{AppKey: "app-key-secret", UserToken: "user-token-secret"}
	wrapped := struct{ C kiwi.Credentials }{creds}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%X", "%q"} {
		for _, v := range []any{creds, &creds, wrapped} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, "secret", "verb %s of %T", verb, v)
			assert.NotContains(t, out, fmt.Sprintf("%x", "secret"), "verb %s of %T", verb, v)
		}
	}
	assert.Equal(t, "kiwi.Credentials{AppKey:[redacted], UserToken:[redacted]}", creds.String())
	assert.Equal(t, `kiwi.Credentials{AppKey:"", UserToken:""}`, kiwi.Credentials{}.String())
}

func TestDebugLogsHoldNoSecret(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := fakeClient(t, srv, "unknown-token-secret", profiles.WithLogger(logger))

	_, err := c.GetAccountProfile(context.Background(), kiwi.PartSubscriptions)
	require.ErrorIs(t, err, kiwi.ErrInvalidToken)
	assert.Contains(t, buf.String(), "/api/1.0/account/profile")
	for _, secret := range []string{"unknown-token-secret", "kiwitest-app-key"} {
		assert.NotContains(t, buf.String(), secret)
		assert.NotContains(t, err.Error(), secret)
		assert.NotContains(t, fmt.Sprintf("%+v", err), secret)
	}
}

func TestNilClient(t *testing.T) {
	t.Parallel()
	for _, c := range []*kiwi.Client{nil, {}} {
		_, err := c.GetAccountProfile(context.Background())
		require.ErrorIs(t, err, profiles.ErrInvalidArgument)
		assert.Contains(t, err.Error(), "NewClient")
	}
}
