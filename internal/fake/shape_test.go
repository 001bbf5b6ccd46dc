package fake_test

//lint:file-ignore SA1019 the olx fake and client are deprecated but still shaped like the others.

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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

// shape is the part of every P/Ptest.Server that does not name a vendor
// type: the httptest life cycle and the fault and request methods.
type shape interface {
	Start()
	StartTLS()
	Close()
	InjectFault(n int, f fake.Fault)
	ClearFaults()
	Requests() []fake.Request
	RequestCount() int
	Reset()
	Responder() httpmock.Responder
}

// shapeOf adds the methods that name the vendor's credentials, client and
// options, so that a fake missing one, or spelling it differently, fails
// to compile here.
type shapeOf[Creds, Client, Option any] interface {
	shape
	NewClient(opts ...Option) (*Client, error)
	Credentials() Creds
	SetCredentials(Creds)
}

var (
	_ shapeOf[olx.Credentials, olx.Client, profiles.Option]               = (*olxtest.Server)(nil)
	_ shapeOf[aktiv.Credentials, aktiv.Client, profiles.Option]           = (*aktivtest.Server)(nil)
	_ shapeOf[cloudsigma.Credentials, cloudsigma.Client, profiles.Option] = (*cloudsigmatest.Server)(nil)
	_ shapeOf[haravan.Credentials, haravan.Client, profiles.Option]       = (*haravantest.Server)(nil)
	_ shapeOf[kiwi.Credentials, kiwi.Client, profiles.Option]             = (*kiwitest.Server)(nil)
)

// fakeUnderTest is one unstarted fake and what the shared test does with
// it, bound to its vendor's types.
type fakeUnderTest struct {
	srv  shape
	http *httptest.Server // the one srv embeds
	// credentials returns srv.Credentials().
	credentials func() any
	// secrets are the values of the default credentials as they could
	// travel in a header.
	secrets []string
	// read makes one read through srv.NewClient(opts...), retries off.
	read func(ctx context.Context, opts ...profiles.Option) error
	// readWrong makes the same read with one credential wrong; the fake
	// must refuse it as the vendor does.
	readWrong   func(ctx context.Context) error
	wrongStatus int
	wrongIs     error
	wrongMsg    string // "" when the vendor's text is the client's to choose
	// setOtherCredentials replaces the default credentials.
	setOtherCredentials func()
	// mutate changes a seeded record; seeded reports whether it is as
	// seeded.
	mutate func()
	seeded func() bool
}

var fakes = map[string]func() fakeUnderTest{
	"olxtest": func() fakeUnderTest {
		srv := olxtest.NewUnstartedServer()
		creds := srv.Credentials()
		read := func(ctx context.Context, edit func(*olx.Credentials)) error {
			c := srv.Credentials()
			edit(&c)
			client, err := olx.NewClient(c, profiles.WithBaseURL(srv.URL), profiles.WithRetryPolicy(profiles.RetryPolicy{}))
			if err != nil {
				return err
			}
			defer client.CloseIdleConnections()
			_, err = client.GetPackages(ctx)
			return err
		}
		return fakeUnderTest{
			srv: srv, http: srv.Server, credentials: func() any { return srv.Credentials() },
			secrets: []string{creds.APIKey, creds.AccessToken},
			read: func(ctx context.Context, opts ...profiles.Option) error {
				c, err := srv.NewClient(append(opts, profiles.WithRetryPolicy(profiles.RetryPolicy{}))...)
				if err != nil {
					return err
				}
				defer c.CloseIdleConnections()
				_, err = c.GetPackages(ctx)
				return err
			},
			readWrong:   func(ctx context.Context) error { return read(ctx, func(c *olx.Credentials) { c.APIKey = "wrong" }) },
			wrongStatus: http.StatusForbidden, wrongIs: olx.ErrInvalidAPIKey, wrongMsg: olxtest.MessageInvalidKey,
			setOtherCredentials: func() {
				srv.SetCredentials(olx.Credentials{APIKey: "other-key", AccessToken: "other-token", CRMName: "other"})
			},
			mutate: func() { srv.RemoveAccount(olxtest.PrepaidToken) },
			seeded: func() bool { _, ok := srv.Account(olxtest.PrepaidToken); return ok },
		}
	},
	"aktivtest": func() fakeUnderTest {
		srv := aktivtest.NewUnstartedServer()
		read := func(ctx context.Context, creds aktiv.Credentials) error {
			c, err := aktiv.NewClient(creds, profiles.WithBaseURL(srv.URL), profiles.WithRetryPolicy(profiles.RetryPolicy{}))
			if err != nil {
				return err
			}
			defer c.CloseIdleConnections()
			_, err = c.GetProfile(ctx)
			return err
		}
		return fakeUnderTest{
			srv: srv, http: srv.Server, credentials: func() any { return srv.Credentials() },
			secrets: []string{srv.Credentials().Token},
			read: func(ctx context.Context, opts ...profiles.Option) error {
				c, err := srv.NewClient(append(opts, profiles.WithRetryPolicy(profiles.RetryPolicy{}))...)
				if err != nil {
					return err
				}
				defer c.CloseIdleConnections()
				_, err = c.GetProfile(ctx)
				return err
			},
			readWrong:   func(ctx context.Context) error { return read(ctx, aktiv.Credentials{Token: "wrong"}) },
			wrongStatus: http.StatusUnauthorized, wrongIs: profiles.ErrUnauthorized, wrongMsg: aktivtest.MessageUnauthorized,
			setOtherCredentials: func() { srv.SetCredentials(aktiv.Credentials{Token: "other-token"}) },
			mutate:              func() { srv.RemoveUser(aktivtest.DeveloperToken) },
			seeded:              func() bool { _, ok := srv.User(aktivtest.DeveloperToken); return ok },
		}
	},
	"cloudsigmatest": func() fakeUnderTest {
		srv := cloudsigmatest.NewUnstartedServer()
		creds := srv.Credentials()
		return fakeUnderTest{
			srv: srv, http: srv.Server, credentials: func() any { return srv.Credentials() },
			secrets: []string{creds.Password, base64.StdEncoding.EncodeToString([]byte(creds.Username + ":" + creds.Password))},
			read: func(ctx context.Context, opts ...profiles.Option) error {
				c, err := srv.NewClient(append(opts, profiles.WithRetryPolicy(profiles.RetryPolicy{}))...)
				if err != nil {
					return err
				}
				defer c.CloseIdleConnections()
				_, err = c.GetProfile(ctx)
				return err
			},
			readWrong: func(ctx context.Context) error {
				wrong := srv.Credentials()
				wrong.Password = "wrong"
				c, err := cloudsigma.NewClient(wrong, profiles.WithBaseURL(srv.URL), profiles.WithRetryPolicy(profiles.RetryPolicy{}))
				if err != nil {
					return err
				}
				defer c.CloseIdleConnections()
				_, err = c.GetProfile(ctx)
				return err
			},
			wrongStatus: http.StatusUnauthorized, wrongIs: cloudsigma.ErrPermission, wrongMsg: "Invalid credentials.",
			setOtherCredentials: func() { srv.SetCredentials(cloudsigma.Credentials{Token: "other-token"}) },
			mutate:              func() { srv.SetField("company", "Changed Ltd") },
			seeded:              func() bool { p, ok := srv.Profile(); return ok && p.Company != "Changed Ltd" },
		}
	},
	"haravantest": func() fakeUnderTest {
		srv := haravantest.NewUnstartedServer()
		read := func(ctx context.Context, creds haravan.Credentials) error {
			c, err := haravan.NewClient(creds, profiles.WithBaseURL(srv.URL), profiles.WithRetryPolicy(profiles.RetryPolicy{}))
			if err != nil {
				return err
			}
			defer c.CloseIdleConnections()
			_, err = c.GetProfile(ctx, haravantest.JohnTerryID)
			return err
		}
		return fakeUnderTest{
			srv: srv, http: srv.Server, credentials: func() any { return srv.Credentials() },
			secrets: []string{srv.Credentials().AccessToken},
			read: func(ctx context.Context, opts ...profiles.Option) error {
				c, err := srv.NewClient(append(opts, profiles.WithRetryPolicy(profiles.RetryPolicy{}))...)
				if err != nil {
					return err
				}
				defer c.CloseIdleConnections()
				_, err = c.GetProfile(ctx, haravantest.JohnTerryID)
				return err
			},
			readWrong:   func(ctx context.Context) error { return read(ctx, haravan.Credentials{AccessToken: "wrong"}) },
			wrongStatus: http.StatusUnauthorized, wrongIs: profiles.ErrUnauthorized, wrongMsg: "[API] Invalid access token",
			setOtherCredentials: func() { srv.SetCredentials(haravan.Credentials{AccessToken: "other-token"}) },
			mutate:              func() { srv.RemoveProfile(haravantest.TestID) },
			seeded:              func() bool { _, ok := srv.Profile(haravantest.TestID); return ok },
		}
	},
	"kiwitest": func() fakeUnderTest {
		srv := kiwitest.NewUnstartedServer()
		creds := srv.Credentials()
		return fakeUnderTest{
			srv: srv, http: srv.Server, credentials: func() any { return srv.Credentials() },
			secrets: []string{creds.AppKey, creds.UserToken},
			read: func(ctx context.Context, opts ...profiles.Option) error {
				c, err := srv.NewClient(append(opts, profiles.WithRetryPolicy(profiles.RetryPolicy{}))...)
				if err != nil {
					return err
				}
				defer c.CloseIdleConnections()
				_, err = c.GetAccountProfile(ctx)
				return err
			},
			readWrong: func(ctx context.Context) error {
				wrong := srv.Credentials()
				wrong.UserToken = "wrong"
				c, err := kiwi.NewClient(wrong, profiles.WithBaseURL(srv.URL), profiles.WithRetryPolicy(profiles.RetryPolicy{}))
				if err != nil {
					return err
				}
				defer c.CloseIdleConnections()
				_, err = c.GetAccountProfile(ctx)
				return err
			},
			// Kiwi answers a bad token with HTTP 200 and operation_status 1.
			wrongStatus: http.StatusOK, wrongIs: kiwi.ErrInvalidToken,
			setOtherCredentials: func() {
				srv.SetCredentials(kiwi.Credentials{AppKey: "other-key", UserToken: "other-token"})
			},
			mutate: func() { srv.RemoveAccount(kiwitest.TokenFree) },
			seeded: func() bool { _, ok := srv.Account(kiwitest.TokenFree); return ok },
		}
	},
}

func TestEveryFakeHasTheSharedSurface(t *testing.T) {
	t.Parallel()
	for name, newFake := range fakes {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFake()
			f.srv.Start()
			t.Cleanup(f.srv.Close)
			ctx := context.Background()
			defaults := f.credentials()

			require.NoError(t, f.read(ctx), "NewClient with the fake's default credentials")
			err := f.readWrong(ctx)
			var apiErr *profiles.APIError
			require.ErrorAs(t, err, &apiErr, "a wrong credential")
			assert.Equal(t, f.wrongStatus, apiErr.StatusCode)
			assert.ErrorIs(t, err, f.wrongIs)
			if f.wrongMsg != "" {
				assert.Equal(t, f.wrongMsg, apiErr.Message)
			}

			reqs := f.srv.Requests()
			require.Len(t, reqs, 2)
			assert.Equal(t, 2, f.srv.RequestCount())
			assert.Equal(t, http.MethodGet, reqs[0].Method)
			headers := fmt.Sprint(reqs[0].Header, reqs[1].Header)
			for _, secret := range f.secrets {
				assert.NotContains(t, headers, secret, "Requests shows a secret")
			}
			assert.Contains(t, headers, fake.Masked)

			f.srv.InjectFault(1, fake.Fault{Status: http.StatusServiceUnavailable})
			require.ErrorAs(t, f.read(ctx), &apiErr)
			assert.Equal(t, http.StatusServiceUnavailable, apiErr.StatusCode)
			require.NoError(t, f.read(ctx), "the fault is used up")
			f.srv.InjectFault(3, fake.Fault{Status: http.StatusServiceUnavailable})
			f.srv.ClearFaults()
			require.NoError(t, f.read(ctx), "ClearFaults dropped the faults")
			assert.Equal(t, 5, f.srv.RequestCount())

			f.mutate()
			f.setOtherCredentials()
			f.srv.InjectFault(1, fake.Fault{Status: http.StatusServiceUnavailable})
			require.False(t, f.seeded(), "mutate changed nothing")
			require.NotEqual(t, defaults, f.credentials())
			f.srv.Reset()
			assert.Zero(t, f.srv.RequestCount())
			assert.Empty(t, f.srv.Requests())
			assert.True(t, f.seeded(), "Reset restores the seeded records")
			assert.Equal(t, defaults, f.credentials(), "Reset restores the default credentials")
			require.NoError(t, f.read(ctx), "after Reset: default credentials, no fault")
		})
	}
}

// TestEveryFakeServesHTTP2 starts each fake with TLS and HTTP/2, as a user
// testing over HTTP/2 would; NewClient trusts the fake's certificate.
func TestEveryFakeServesHTTP2(t *testing.T) {
	t.Parallel()
	for name, newFake := range fakes {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFake()
			var proto atomic.Int32
			inner := f.http.Config.Handler
			f.http.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				proto.Store(int32(r.ProtoMajor))
				inner.ServeHTTP(w, r)
			})
			f.http.EnableHTTP2 = true
			f.srv.StartTLS()
			t.Cleanup(f.srv.Close)
			require.NoError(t, f.read(context.Background()))
			assert.EqualValues(t, 2, proto.Load())
		})
	}
}

// TestEveryFakeScopesFaultsToARoute checks Fault.Method and Fault.Path in
// every fake, over its listener and in process through httpmock.
func TestEveryFakeScopesFaultsToARoute(t *testing.T) {
	t.Parallel()
	for name, newFake := range fakes {
		for _, via := range []string{"listener", "httpmock"} {
			t.Run(name+"/"+via, func(t *testing.T) {
				t.Parallel()
				f := newFake()
				// No keep-alive: net/http resends an idempotent GET once when a
				// reused connection drops before any answer, which would hide
				// the Drop fault, and clients without WithHTTPClient share
				// their connections.
				f.http.Config.SetKeepAlivesEnabled(false)
				f.srv.Start()
				t.Cleanup(f.srv.Close)
				ctx := context.Background()
				var opts []profiles.Option
				if via == "httpmock" {
					mock := httpmock.NewMockTransport()
					mock.RegisterNoResponder(f.srv.Responder())
					opts = []profiles.Option{profiles.WithHTTPClient(&http.Client{Transport: mock}), profiles.WithBaseURL("https://vendor.example")}
				}
				require.NoError(t, f.read(ctx, opts...))
				path := f.srv.Requests()[0].Path

				f.srv.InjectFault(1, fake.Fault{Method: http.MethodPut, Path: path, Status: http.StatusInternalServerError})
				f.srv.InjectFault(1, fake.Fault{Method: http.MethodGet, Path: path + "x", Status: http.StatusInternalServerError})
				f.srv.InjectFault(1, fake.Fault{Method: http.MethodGet, Path: path, Status: http.StatusServiceUnavailable})
				var apiErr *profiles.APIError
				require.ErrorAs(t, f.read(ctx, opts...), &apiErr)
				assert.Equal(t, http.StatusServiceUnavailable, apiErr.StatusCode, "the first fault matching the GET")
				require.NoError(t, f.read(ctx, opts...), "the faults of other routes stay queued, unused")

				f.srv.ClearFaults()
				f.srv.InjectFault(1, fake.Fault{Path: path, Drop: true})
				err := f.read(ctx, opts...)
				var reqErr *profiles.RequestError
				require.ErrorAs(t, err, &reqErr, "Drop is a transport error")
				require.NoError(t, f.read(ctx, opts...))
				assert.Equal(t, 5, f.srv.RequestCount(), "every request reached the same fake")
			})
		}
	}
}
