package kiwi_test

import (
	"context"
	"errors"
	"testing"

	"github.com/profiles-sdk/profiles-go"
)

// Behind a proxy's prefix, every error shows the path as sent: the
// operation_status checked inside the call and an answer that is not the
// envelope, sorted after it.
func TestErrorsShowThePathAsSent(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{"operation_status": 1}`, `null`} {
		rec := newRecorder(t, answer{status: 200, body: body})
		_, err := recorderClient(t, rec, profiles.WithBaseURL(rec.URL+"/gw")).GetAccountProfile(context.Background())
		var apiErr *profiles.APIError
		if !errors.As(err, &apiErr) || apiErr.Path != "/gw/api/1.0/account/profile" {
			t.Errorf("%s: err = %v, want an APIError with the path as sent", body, err)
		}
	}
}
