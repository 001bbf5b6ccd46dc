package reliability

//lint:file-ignore SA1019 the olx client is deprecated upstream and still tested.

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/aktiv"
	"github.com/profiles-sdk/profiles-go/aktiv/aktivtest"
	"github.com/profiles-sdk/profiles-go/cloudsigma"
	"github.com/profiles-sdk/profiles-go/cloudsigma/cloudsigmatest"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/haravan/haravantest"
	"github.com/profiles-sdk/profiles-go/internal/fake"
	"github.com/profiles-sdk/profiles-go/kiwi"
	"github.com/profiles-sdk/profiles-go/kiwi/kiwitest"
	"github.com/profiles-sdk/profiles-go/olx"
	"github.com/profiles-sdk/profiles-go/olx/olxtest"
)

// callClass is the retry class of a call.
type callClass string

const (
	classRead  callClass = "read (idempotent)"
	classMoves callClass = "moves value"
)

// invokeFunc builds a client of the vendor against baseURL with opts and
// makes the call once.
type invokeFunc func(ctx context.Context, baseURL string, callOpts []profiles.CallOption, opts ...profiles.Option) (any, error)

// env is a vendor fake started for one subtest, and the call to make.
type env struct {
	srv    vendorFake
	invoke invokeFunc
	// applied reports how many times a value-moving call took effect on
	// the fake; nil for reads.
	applied func(t *testing.T) int
}

// vendorFake is what these tests use of a P/Ptest.Server: the
// *httptest.Server it runs on and its shared fault and request methods.
type vendorFake struct {
	*httptest.Server
	faultInjector
}

type faultInjector interface {
	InjectFault(n int, f fake.Fault)
	ClearFaults()
	RequestCount() int
	Requests() []fake.Request
}

// target is one representative call of one vendor.
type target struct {
	vendor string
	call   string
	class  callClass
	// start starts the vendor's fake (closed by t.Cleanup).
	start func(t *testing.T) *env
}

func (tg target) String() string { return tg.vendor + "." + tg.call }

// Credentials the fault suite uses: the fakes' own.
const (
	haravanToken = "haravan-reliability-token"
	pointsValue  = 10
	olxCRM       = "reliability_crm"
)

// targets is every vendor's representative read, plus the value-moving
// calls: Haravan's points and OLX's token calls.
var targets = []target{
	{vendor: "olx", call: "GetPackages", class: classRead, start: func(t *testing.T) *env {
		srv := olxtest.NewServer()
		t.Cleanup(srv.Close)
		return &env{srv: vendorFake{srv.Server, srv}, invoke: func(ctx context.Context, base string, callOpts []profiles.CallOption, opts ...profiles.Option) (any, error) {
			creds := srv.Credentials()
			creds.CRMName = olxCRM
			c, err := olx.NewClient(creds, append([]profiles.Option{profiles.WithBaseURL(base)}, opts...)...)
			if err != nil {
				return nil, err
			}
			defer c.CloseIdleConnections()
			return c.GetPackages(ctx, callOpts...)
		}}
	}},
	{vendor: "olx", call: "ExchangeCode", class: classMoves, start: func(t *testing.T) *env {
		srv := olxtest.NewServer()
		t.Cleanup(srv.Close)
		code := srv.NewAuthorizationCode(olxtest.PostpaidPackage())
		app := olx.AppCredentials{ClientID: olxtest.ClientID, ClientSecret: olxtest.ClientSecret, APIKey: srv.Credentials().APIKey, CRMName: olxCRM}
		exchange := func(ctx context.Context, base string, callOpts []profiles.CallOption, opts ...profiles.Option) (any, error) {
			a, err := olx.NewAuthClient(app, append([]profiles.Option{profiles.WithBaseURL(base)}, opts...)...)
			if err != nil {
				return nil, err
			}
			defer a.CloseIdleConnections()
			return a.ExchangeCode(ctx, code, callOpts...)
		}
		return &env{srv: vendorFake{srv.Server, srv}, invoke: exchange, applied: func(t *testing.T) int {
			// A code works once: if a fresh exchange succeeds, the call
			// under test did not use it up.
			srv.ClearFaults()
			_, err := exchange(context.Background(), srv.URL, nil, profiles.WithRetryPolicy(profiles.RetryPolicy{}))
			var apiErr *profiles.APIError
			switch {
			case err == nil:
				return 0
			case errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusBadRequest:
				return 1
			}
			t.Fatalf("probing the authorization code: %v", err)
			return -1
		}}
	}},
	{vendor: "aktiv", call: "GetProfile", class: classRead, start: func(t *testing.T) *env {
		srv := aktivtest.NewServer()
		t.Cleanup(srv.Close)
		return &env{srv: vendorFake{srv.Server, srv}, invoke: func(ctx context.Context, base string, callOpts []profiles.CallOption, opts ...profiles.Option) (any, error) {
			c, err := aktiv.NewClient(aktiv.Credentials{Token: aktivtest.AdminToken}, append([]profiles.Option{profiles.WithBaseURL(base)}, opts...)...)
			if err != nil {
				return nil, err
			}
			defer c.CloseIdleConnections()
			return c.GetProfile(ctx, callOpts...)
		}}
	}},
	{vendor: "cloudsigma", call: "GetProfile", class: classRead, start: func(t *testing.T) *env {
		srv := cloudsigmatest.NewServer()
		t.Cleanup(srv.Close)
		return &env{srv: vendorFake{srv.Server, srv}, invoke: func(ctx context.Context, base string, callOpts []profiles.CallOption, opts ...profiles.Option) (any, error) {
			c, err := cloudsigma.NewClient(srv.Credentials(),
				append([]profiles.Option{profiles.WithBaseURL(base)}, opts...)...)
			if err != nil {
				return nil, err
			}
			defer c.CloseIdleConnections()
			return c.GetProfile(ctx, callOpts...)
		}}
	}},
	{vendor: "haravan", call: "GetProfile", class: classRead, start: func(t *testing.T) *env {
		srv := startHaravan(t)
		return &env{srv: vendorFake{srv.Server, srv}, invoke: func(ctx context.Context, base string, callOpts []profiles.CallOption, opts ...profiles.Option) (any, error) {
			c, err := newHaravan(base, opts...)
			if err != nil {
				return nil, err
			}
			defer c.CloseIdleConnections()
			return c.GetProfile(ctx, haravantest.JohnTerryID, callOpts...)
		}}
	}},
	haravanPoints("AddPoints", +1),
	haravanPoints("SubtractPoints", -1),
	{vendor: "kiwi", call: "GetAccountProfile", class: classRead, start: func(t *testing.T) *env {
		srv := kiwitest.NewServer()
		t.Cleanup(srv.Close)
		return &env{srv: vendorFake{srv.Server, srv}, invoke: func(ctx context.Context, base string, callOpts []profiles.CallOption, opts ...profiles.Option) (any, error) {
			c, err := kiwi.NewClient(srv.Credentials(), append([]profiles.Option{profiles.WithBaseURL(base)}, opts...)...)
			if err != nil {
				return nil, err
			}
			defer c.CloseIdleConnections()
			return c.GetAccountProfile(ctx, callOpts...)
		}}
	}},
}

func startHaravan(t *testing.T) *haravantest.Server {
	srv := haravantest.NewServer()
	t.Cleanup(srv.Close)
	srv.SetCredentials(haravan.Credentials{AccessToken: haravanToken})
	return srv
}

func newHaravan(base string, opts ...profiles.Option) (*haravan.Client, error) {
	return haravan.NewClient(haravan.Credentials{AccessToken: haravanToken}, append([]profiles.Option{profiles.WithBaseURL(base)}, opts...)...)
}

// haravanPoints is a points call on John Terry's profile; applied counts
// the changes in the fake's history and checks that the balance moved by
// exactly that many changes.
func haravanPoints(name string, sign int64) target {
	return target{vendor: "haravan", call: name, class: classMoves, start: func(t *testing.T) *env {
		srv := startHaravan(t)
		before, ok := srv.Profile(haravantest.JohnTerryID)
		if !ok {
			t.Fatal("the fake lacks John Terry's profile")
		}
		return &env{srv: vendorFake{srv.Server, srv},
			invoke: func(ctx context.Context, base string, callOpts []profiles.CallOption, opts ...profiles.Option) (any, error) {
				c, err := newHaravan(base, opts...)
				if err != nil {
					return nil, err
				}
				defer c.CloseIdleConnections()
				change := haravan.PointChange{Value: pointsValue, Reason: "reliability", RefID: "rel-" + t.Name()}
				if sign > 0 {
					return c.AddPoints(ctx, haravantest.JohnTerryID, change, callOpts...)
				}
				return c.SubtractPoints(ctx, haravantest.JohnTerryID, change, callOpts...)
			},
			applied: func(t *testing.T) int {
				n := len(srv.PointHistory(haravantest.JohnTerryID))
				after, _ := srv.Profile(haravantest.JohnTerryID)
				if want := before.PointAvailable + sign*pointsValue*int64(n); after.PointAvailable != want {
					t.Errorf("balance %d after %d applied changes; want %d", after.PointAvailable, n, want)
				}
				return n
			}}
	}}
}
