package reliability

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/aktiv"
	"github.com/profiles-sdk/profiles-go/kiwi"
)

// Every check a call makes on a 2xx answer runs inside the call path: the
// observer's final event, the debug log and WithResponse report the
// failure the caller gets, not a success. Kiwi's HTTP-200
// operation_status 1 and Aktiv's answer without its element.
func TestChecksOnAnswersSeenByTheObserver(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		body   string
		invoke func(base string, opts ...profiles.Option) error
		kind   profiles.ErrorKind
		is     error
	}{
		"kiwi operation_status 1 with HTTP 200": {`{"operation_status": 1}`, func(base string, opts ...profiles.Option) error {
			c, err := kiwi.NewClient(kiwi.Credentials{AppKey: "app-key-1", UserToken: "user-token-1"}, append(opts, profiles.WithBaseURL(base))...)
			if err != nil {
				return err
			}
			defer c.CloseIdleConnections()
			_, err = c.GetAccountProfile(context.Background())
			return err
		}, profiles.KindAPI, kiwi.ErrInvalidToken},
		"aktiv answer without its element": {`{"other": {}}`, func(base string, opts ...profiles.Option) error {
			c, err := aktiv.NewClient(aktiv.Credentials{Token: "aktiv-token-1"}, append(opts, profiles.WithBaseURL(base))...)
			if err != nil {
				return err
			}
			defer c.CloseIdleConnections()
			_, err = c.GetProfile(context.Background())
			return err
		}, profiles.KindDecode, nil},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.Write([]byte(tc.body))
			})
			var final profiles.Event
			err := tc.invoke(srv.URL, profiles.WithObserver(func(_ context.Context, e profiles.Event) {
				if e.Final {
					final = e
				}
			}))
			if err == nil || tc.is != nil && !errors.Is(err, tc.is) {
				t.Fatalf("err = %v, want %v", err, tc.is)
			}
			if final.ErrorKind != tc.kind {
				t.Errorf("the observer's final event says %q, want %q (err: %v)", final.ErrorKind, tc.kind, err)
			}
		})
	}
}
