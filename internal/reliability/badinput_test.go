package reliability

//lint:file-ignore SA1019 the olx client is deprecated upstream and still tested.

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/aktiv"
	"github.com/profiles-sdk/profiles-go/cloudsigma"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/kiwi"
	"github.com/profiles-sdk/profiles-go/olx"
)

// TestBadInputIsInvalidArgumentForEveryVendor: every call that checks its
// input refuses bad input with an error matching the shared
// ErrInvalidArgument, and sends nothing.
func TestBadInputIsInvalidArgumentForEveryVendor(t *testing.T) {
	t.Parallel()
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		requests.Add(1)
		w.WriteHeader(http.StatusTeapot)
	}))
	t.Cleanup(srv.Close)
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}

	ox, err := olx.NewAuthClient(olx.AppCredentials{ClientID: "id", ClientSecret: "secret", APIKey: "key", CRMName: "crm"}, profiles.WithBaseURL(srv.URL))
	must(err)
	ak, err := aktiv.NewClient(aktiv.Credentials{Token: "token"}, profiles.WithBaseURL(srv.URL))
	must(err)
	cs, err := cloudsigma.NewClient(cloudsigma.Credentials{Token: "token"}, profiles.WithBaseURL(srv.URL))
	must(err)
	hv, err := haravan.NewClient(haravan.Credentials{AccessToken: "token"}, profiles.WithBaseURL(srv.URL))
	must(err)
	kw, err := kiwi.NewClient(kiwi.Credentials{AppKey: "app", UserToken: "user"}, profiles.WithBaseURL(srv.URL))
	must(err)

	calls := map[string]func() error{
		"olx.ExchangeCode empty code":       func() error { _, err := ox.ExchangeCode(ctx, ""); return err },
		"olx.RefreshToken empty token":      func() error { _, err := ox.RefreshToken(ctx, ""); return err },
		"aktiv.PutProfile empty update":     func() error { return ak.PutProfile(ctx, aktiv.ProfileUpdate{}) },
		"aktiv.PutProfile negative country": func() error { return ak.PutProfile(ctx, aktiv.ProfileUpdate{CompanyName: "A", CountryID: -1}) },
		"aktiv.PutSettings negative lang":   func() error { return ak.PutSettings(ctx, aktiv.SettingsUpdate{Language: -1}) },
		"cloudsigma.PutProfile nil":         func() error { _, err := cs.PutProfile(ctx, nil); return err },
		"cloudsigma.PutProfile non-ASCII":   func() error { _, err := cs.PutProfile(ctx, &cloudsigma.Profile{Address: "Zürich"}); return err },
		"haravan.GetProfile id 0":           func() error { _, err := hv.GetProfile(ctx, 0); return err },
		"haravan.ListProfiles limit":        func() error { _, err := hv.ListProfiles(ctx, &haravan.ListProfilesOptions{Limit: 1000}); return err },
		"haravan.AddPoints zero":            func() error { _, err := hv.AddPoints(ctx, 1, haravan.PointChange{RefID: "r"}); return err },
		"kiwi.GetAccountProfile bad part":   func() error { _, err := kw.GetAccountProfile(ctx, kiwi.Part("BOGUS")); return err },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, profiles.ErrInvalidArgument) {
			t.Errorf("%s: err = %v, want it to match ErrInvalidArgument", name, err)
		}
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("the server saw %d requests, want none", n)
	}
}
