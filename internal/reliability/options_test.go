package reliability

//lint:file-ignore SA1019 the olx client is deprecated upstream and still tested.

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/aktiv"
	"github.com/profiles-sdk/profiles-go/cloudsigma"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/kiwi"
	"github.com/profiles-sdk/profiles-go/olx"
)

// newClientFuncs builds every vendor's clients with valid credentials and
// the options given, keyed by the name a user writes.
var newClientFuncs = map[string]func(opts ...profiles.Option) error{
	"olx.NewClient": func(opts ...profiles.Option) error {
		_, err := olx.NewClient(olx.Credentials{APIKey: "key-1234", AccessToken: "token-1234", CRMName: "crm"}, opts...)
		return err
	},
	"olx.NewAuthClient": func(opts ...profiles.Option) error {
		_, err := olx.NewAuthClient(olx.AppCredentials{APIKey: "key-1234", CRMName: "crm", ClientID: "client-1234", ClientSecret: "secret-1234"}, opts...)
		return err
	},
	"aktiv.NewClient": func(opts ...profiles.Option) error {
		_, err := aktiv.NewClient(aktiv.Credentials{Token: "token-1234"}, opts...)
		return err
	},
	"cloudsigma.NewClient": func(opts ...profiles.Option) error {
		_, err := cloudsigma.NewClient(cloudsigma.Credentials{Token: "token-1234"}, opts...)
		return err
	},
	"haravan.NewClient": func(opts ...profiles.Option) error {
		_, err := haravan.NewClient(haravan.Credentials{AccessToken: "token-1234"}, opts...)
		return err
	},
	"kiwi.NewClient": func(opts ...profiles.Option) error {
		_, err := kiwi.NewClient(kiwi.Credentials{AppKey: "key-1234", UserToken: "token-1234"}, opts...)
		return err
	},
}

// vendorOptions is every vendor's own client option, keyed by its name.
func vendorOptions(t *testing.T) map[string]profiles.Option {
	pacer, err := haravan.NewPacer(haravan.LeakRate, haravan.BucketSize)
	if err != nil {
		t.Fatal(err)
	}
	return map[string]profiles.Option{
		"aktiv.WithAuthenticator": aktiv.WithAuthenticator(aktiv.AuthHeader("X-Api-Key", "key-1234")),
		"cloudsigma.WithLocation": cloudsigma.WithLocation("fra"),
		"haravan.WithPacing":      haravan.WithPacing(),
		"haravan.WithRateLimit":   haravan.WithRateLimit(1, 1),
		"haravan.WithLimiter":     haravan.WithLimiter(pacer),
		"haravan.WithLedger":      haravan.WithLedger(haravan.NewMemoryLedger()),
	}
}

// A vendor's own option given to another vendor's NewClient is refused
// before anything is built, naming the option and both packages; its own
// vendor takes it. So haravan.NewClient(creds, cloudsigma.WithLocation("fra"))
// can never send the Haravan token to a CloudSigma host.
func TestVendorOptionsRefusedByEveryOtherVendor(t *testing.T) {
	t.Parallel()
	for optName, opt := range vendorOptions(t) {
		owner, _, _ := strings.Cut(optName, ".")
		for newName, newClient := range newClientFuncs {
			vendor, _, _ := strings.Cut(newName, ".")
			err := newClient(opt)
			if vendor == owner {
				if err != nil {
					t.Errorf("%s(%s): %v, want its own option taken", newName, optName, err)
				}
				continue
			}
			if !errors.Is(err, profiles.ErrInvalidArgument) {
				t.Errorf("%s(%s) = %v, want ErrInvalidArgument", newName, optName, err)
				continue
			}
			for _, want := range []string{optName, "package " + owner, "package " + vendor + " does not take it"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("%s(%s): %q does not name %q", newName, optName, err, want)
				}
			}
		}
	}
}

// The shared options suit every vendor.
func TestSharedOptionsTakenByEveryVendor(t *testing.T) {
	t.Parallel()
	shared := []profiles.Option{
		profiles.WithBaseURL("https://proxy.example/api"), profiles.WithHTTPClient(&http.Client{}),
		profiles.WithRetryPolicy(profiles.RetryPolicy{MaxRetries: 1}), profiles.WithTimeout(5e9),
		profiles.WithUserAgent("app/1"), profiles.WithLogger(nil), profiles.WithMaxResponseBytes(1 << 20),
		profiles.WithObserver(func(context.Context, profiles.Event) {}), profiles.WithInsecureHTTP(),
	}
	for name, newClient := range newClientFuncs {
		if err := newClient(shared...); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
