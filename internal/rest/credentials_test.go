package rest

import (
	"context"
	"errors"
	"net"
	"net/http"
	"testing"

	"github.com/profiles-sdk/profiles-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRequireFields(t *testing.T) {
	t.Parallel()
	key := Field{Name: "Credentials.Key", Value: "k-1"}
	assert.NoError(t, RequireFields("v", key, Field{Name: "Credentials.Token", Value: "t\x80\xff"}))
	assert.NoError(t, RequireFields("v", key, Field{Name: "Credentials.Name", Value: "acme\tcrm one", Public: true}))
	for _, tc := range []struct {
		value  string
		public bool
		want   string
	}{
		{"", false, "v: profiles-go: invalid argument: Credentials.Token is required"},
		{" \t", false, "v: profiles-go: invalid argument: Credentials.Token is required"},
		{"abc\r\nX-Evil: 1", false, "v: profiles-go: invalid argument: Credentials.Token must not contain line breaks or other control characters"},
		{"abc\x00", false, "v: profiles-go: invalid argument: Credentials.Token must not contain line breaks or other control characters"},
		{"abc\x7f", false, "v: profiles-go: invalid argument: Credentials.Token must not contain line breaks or other control characters"},
		{"abc\x1b", true, "v: profiles-go: invalid argument: Credentials.Token must not contain line breaks or other control characters"},
		{"abc def", false, "v: profiles-go: invalid argument: Credentials.Token must not contain spaces or tabs"},
		{" abc", false, "v: profiles-go: invalid argument: Credentials.Token must not contain spaces or tabs"},
		{"abc\t", false, "v: profiles-go: invalid argument: Credentials.Token must not contain spaces or tabs"},
	} {
		err := RequireFields("v", key, Field{Name: "Credentials.Token", Value: tc.value, Public: tc.public})
		assert.EqualError(t, err, tc.want, "%q", tc.value)
		assert.True(t, errors.Is(err, profiles.ErrInvalidArgument), "%q", tc.value)
	}
}

func TestRequireBasic(t *testing.T) {
	t.Parallel()
	user := func(v string) Field { return Field{Name: "Credentials.Username", Value: v} }
	password := func(v string) Field { return Field{Name: "Credentials.Password", Value: v} }
	assert.NoError(t, RequireBasic("v", user("u@example.com"), password(" pass word\t")))
	for _, tc := range []struct {
		user, password, want string
	}{
		{"", "p", "v: profiles-go: invalid argument: Credentials.Username is required"},
		{"u", " ", "v: profiles-go: invalid argument: Credentials.Password is required"},
		{"a:b", "p", "v: profiles-go: invalid argument: Credentials.Username must not contain a colon"},
		{"u\x00", "p", "v: profiles-go: invalid argument: Credentials.Username must not contain line breaks or other control characters"},
		{"u", "p\n", "v: profiles-go: invalid argument: Credentials.Password must not contain line breaks or other control characters"},
		{"u", "p\x7f", "v: profiles-go: invalid argument: Credentials.Password must not contain line breaks or other control characters"},
	} {
		err := RequireBasic("v", user(tc.user), password(tc.password))
		assert.EqualError(t, err, tc.want)
		assert.True(t, errors.Is(err, profiles.ErrInvalidArgument))
	}
}

// TestValidHeaderValueMatchesHTTP: the bytes RequireFields refuses are
// exactly those net/http's transport refuses in a header value. The
// transport checks headers before it dials; the dial then fails on
// purpose, so nothing is sent anywhere.
func TestValidHeaderValueMatchesHTTP(t *testing.T) {
	t.Parallel()
	errDialed := errors.New("dialed")
	tr := &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) { return nil, errDialed }}
	t.Cleanup(tr.CloseIdleConnections)
	for b := 0; b < 256; b++ {
		value := "a" + string([]byte{byte(b)}) + "z"
		req, err := http.NewRequest(http.MethodGet, "http://example.invalid/", nil)
		require.NoError(t, err)
		req.Header.Set("X-Key", value)
		_, err = tr.RoundTrip(req)
		httpRefuses := !errors.Is(err, errDialed)
		assert.Equal(t, httpRefuses, !validHeaderValue(value), "byte %#x: transport error %v", b, err)
	}
}

func TestRedactedStruct(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "[redacted]", Redacted("s3cret"))
	assert.Equal(t, `""`, Redacted(""))
	assert.Equal(t, `p.Credentials{Key:[redacted], Token:"", Name:"acme \"crm\""}`, RedactedStruct("p.Credentials",
		Field{Name: "Key", Value: "s3cret"}, Field{Name: "Token"}, Field{Name: "Name", Value: `acme "crm"`, Public: true}))
	assert.Equal(t, "p.Empty{}", RedactedStruct("p.Empty"))
}
