package kiwi_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/kiwi"
)

// Every 2xx answer the SDK cannot read is a *DecodeError, whichever part of
// it is broken, and is not retried. The envelope's own faults are also an
// *APIError matching ErrMalformedResponse, with the status.
func TestUnreadableSuccessAnswersAreDecodeErrors(t *testing.T) {
	t.Parallel()
	const ok = `{"operation_status":0,"account_profile":`
	tests := []struct {
		name, body string
		envelope   bool // the envelope is at fault: an *APIError as well
	}{
		{"date no layout reads", ok + `{"subscriptions":[{"id":"1","expires_at":"next tuesday"}]}}`, false},
		{"date out of range", ok + `{"subscriptions":[{"id":"1","activated_at":1e30}]}}`, false},
		{"price as words", ok + `{"subscriptions":[{"id":"1","price":"cheap"}]}}`, false},
		{"price with cents", ok + `{"subscriptions":[{"id":"1","price":4.99}]}}`, false},
		{"unknown platform name", ok + `{"subscriptions":[{"id":"1","subscription_platform":"Bitcoin"}]}}`, false},
		{"status as an object", ok + `{"subscriptions":[{"id":"1","subscription_status":{}}]}}`, false},
		{"id as a boolean", ok + `{"subscriptions":[{"id":true}]}}`, false},
		{"trial flag as words", ok + `{"subscriptions":[{"id":"1","created_as_trial":"maybe"}]}}`, false},
		{"extra_data as a list", ok + `{"subscriptions":[{"id":"1","extra_data":[1]}]}}`, false},
		{"extra_data as text", ok + `{"subscriptions":[{"id":"1","extra_data":"not json"}]}}`, false},
		{"subscription as a number", ok + `{"subscriptions":[1]}}`, false},
		{"subscriptions as an object", ok + `{"subscriptions":{"id":"1"}}}`, false},
		{"context as a list", ok + `{"context":[1]}}`, false},
		{"account_info as a list", ok + `{"account_info":[1]}}`, false},
		{"profile as text", ok + `"profile"}`, false},
		{"HTML page", `<html><title>Login</title></html>`, false},
		{"JSON and more", ok + `{}} trailing`, false},
		{"empty body", ``, true},
		{"null body", `null`, true},
		{"array", `[]`, true},
		{"no operation_status", `{"account_profile":{}}`, true},
		{"unreadable operation_status", `{"operation_status":"bogus","account_profile":{}}`, true},
		{"success without profile", `{"operation_status":0}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, answer{status: 200, body: tt.body})
			p, err := recorderClient(t, rec).GetAccountProfile(context.Background())
			require.Error(t, err)
			assert.Nil(t, p)
			var decodeErr *profiles.DecodeError
			require.ErrorAs(t, err, &decodeErr)
			assert.Equal(t, http.StatusOK, decodeErr.StatusCode)
			var apiErr *profiles.APIError
			if assert.Equal(t, tt.envelope, errors.As(err, &apiErr), "an *APIError") && tt.envelope {
				assert.ErrorIs(t, err, kiwi.ErrMalformedResponse)
				assert.Empty(t, apiErr.Body, "the client keeps no 2xx body")
			}
			assert.Equal(t, 1, rec.count(), "not retried")
		})
	}
}

// A failed operation_status is the vendor's error, not a decoding one.
func TestFailedOperationIsNotADecodeError(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, answer{status: 200, body: `{"operation_status":1}`})
	_, err := recorderClient(t, rec).GetAccountProfile(context.Background())
	require.ErrorIs(t, err, kiwi.ErrInvalidToken)
	var decodeErr *profiles.DecodeError
	assert.NotErrorAs(t, err, &decodeErr)
}
