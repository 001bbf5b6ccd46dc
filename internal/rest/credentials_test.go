package rest

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRequireFields(t *testing.T) {
	t.Parallel()
	assert.NoError(t, RequireFields("v", Field{"Credentials.Key", "k-1"}, Field{"Credentials.Token", "t"}))
	for _, tc := range []struct{ value, want string }{
		{"", "v: Credentials.Token is required"},
		{"  ", "v: Credentials.Token is required"},
		{"abc\r\nX-Evil: 1", "v: Credentials.Token must not contain line breaks or other control characters"},
		{"abc\x00", "v: Credentials.Token must not contain line breaks or other control characters"},
		{"abc\x7f", "v: Credentials.Token must not contain line breaks or other control characters"},
	} {
		err := RequireFields("v", Field{"Credentials.Key", "k-1"}, Field{"Credentials.Token", tc.value})
		assert.EqualError(t, err, tc.want)
	}
	assert.Equal(t, "[redacted]", Redacted("s3cret"))
	assert.Equal(t, `""`, Redacted(""))
}
