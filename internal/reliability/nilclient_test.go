package reliability

//lint:file-ignore SA1019 the olx client is deprecated upstream and still tested.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/aktiv"
	"github.com/profiles-sdk/profiles-go/cloudsigma"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/kiwi"
	"github.com/profiles-sdk/profiles-go/olx"
)

// Every method of a nil or zero-value client returns an error that wraps
// ErrInvalidArgument and says to use NewClient; none panics, and the
// describing methods still work.
func TestNilAndZeroClientsRefuseEveryCall(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	change := haravan.PointChange{Value: 1, RefID: "r"}
	firstOf := func(seq func(func(*haravan.Profile, error) bool)) error {
		var err error
		seq(func(_ *haravan.Profile, e error) bool { err = e; return false })
		return err
	}
	calls := func(o *olx.Client, a *olx.AuthClient, k *aktiv.Client, cs *cloudsigma.Client, h *haravan.Client, kw *kiwi.Client) map[string]func() error {
		return map[string]func() error{
			"olx.GetPackages":        func() error { _, err := o.GetPackages(ctx); return err },
			"olx.ExchangeCode":       func() error { _, err := a.ExchangeCode(ctx, "code"); return err },
			"olx.RefreshToken":       func() error { _, err := a.RefreshToken(ctx, "refresh"); return err },
			"aktiv.GetProfile":       func() error { _, err := k.GetProfile(ctx); return err },
			"aktiv.GetAccessCodes":   func() error { _, err := k.GetAccessCodes(ctx); return err },
			"aktiv.GetBalance":       func() error { _, err := k.GetBalance(ctx); return err },
			"aktiv.PutProfile":       func() error { return k.PutProfile(ctx, aktiv.ProfileUpdate{CompanyName: "x"}) },
			"aktiv.PutSettings":      func() error { return k.PutSettings(ctx, aktiv.SettingsUpdate{Language: 1}) },
			"cloudsigma.GetProfile":  func() error { _, err := cs.GetProfile(ctx); return err },
			"cloudsigma.PutProfile":  func() error { _, err := cs.PutProfile(ctx, &cloudsigma.Profile{}); return err },
			"cloudsigma.GetSchema":   func() error { _, err := cs.GetProfileSchema(ctx); return err },
			"haravan.ListProfiles":   func() error { _, err := h.ListProfiles(ctx, nil); return err },
			"haravan.Profiles":       func() error { return firstOf(h.Profiles(ctx, nil)) },
			"haravan.GetProfile":     func() error { _, err := h.GetProfile(ctx, 1); return err },
			"haravan.GetProfileTags": func() error { _, err := h.GetProfileTags(ctx, 1); return err },
			"haravan.GetAttributes":  func() error { _, err := h.GetProfileAttributes(ctx, 1); return err },
			"haravan.AddPoints":      func() error { _, err := h.AddPoints(ctx, 1, change); return err },
			"haravan.SubtractPoints": func() error { _, err := h.SubtractPoints(ctx, 1, change); return err },
			"kiwi.GetAccountProfile": func() error { _, err := kw.GetAccountProfile(ctx); return err },
		}
	}
	for kind, run := range map[string]map[string]func() error{
		"nil":  calls(nil, nil, nil, nil, nil, nil),
		"zero": calls(&olx.Client{}, &olx.AuthClient{}, &aktiv.Client{}, &cloudsigma.Client{}, &haravan.Client{}, &kiwi.Client{}),
	} {
		for name, call := range run {
			t.Run(kind+"/"+name, func(t *testing.T) {
				t.Parallel()
				err := call()
				if !errors.Is(err, profiles.ErrInvalidArgument) {
					t.Fatalf("want ErrInvalidArgument, got %v", err)
				}
				if !strings.Contains(err.Error(), "NewClient") {
					t.Errorf("the error does not say how to build a client: %v", err)
				}
			})
		}
	}
}

// The methods that describe a nil or zero-value client work: they return
// empty values and print the type, and Haravan's CallLimit has no reading.
func TestNilAndZeroClientsDescribeThemselves(t *testing.T) {
	t.Parallel()
	for kind, clients := range map[string][]clientSurface{
		"nil":  {(*olx.Client)(nil), (*olx.AuthClient)(nil), (*aktiv.Client)(nil), (*cloudsigma.Client)(nil), (*haravan.Client)(nil), (*kiwi.Client)(nil)},
		"zero": {&olx.Client{}, &olx.AuthClient{}, &aktiv.Client{}, &cloudsigma.Client{}, &haravan.Client{}, &kiwi.Client{}},
	} {
		for _, c := range clients {
			c.CloseIdleConnections()
			if c.BaseURL() != "" || c.UserAgent() != "" {
				t.Errorf("%s %T: BaseURL %q, UserAgent %q; want empty", kind, c, c.BaseURL(), c.UserAgent())
			}
			want := strings.TrimPrefix(fmt.Sprintf("%T", c), "*") + "{}"
			for _, got := range []string{c.String(), c.GoString(), fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c)} {
				if got != want {
					t.Errorf("%s client prints %q, want %q", kind, got, want)
				}
			}
		}
	}
	for _, h := range []*haravan.Client{nil, {}} {
		if cl, ok := h.CallLimit(); ok {
			t.Errorf("CallLimit of a client that made no call = %v, true", cl)
		}
	}
}

// clientSurface is what every vendor's Client offers besides its calls.
type clientSurface interface {
	BaseURL() string
	UserAgent() string
	CloseIdleConnections()
	String() string
	GoString() string
	Format(fmt.State, rune)
}

// Every package has the same client surface and a DefaultBaseURL; this
// fails to compile when one lacks a piece.
var (
	_ = []clientSurface{(*olx.Client)(nil), (*olx.AuthClient)(nil), (*aktiv.Client)(nil), (*cloudsigma.Client)(nil), (*haravan.Client)(nil), (*kiwi.Client)(nil)}
	_ = []string{olx.DefaultBaseURL, aktiv.DefaultBaseURL, cloudsigma.DefaultBaseURL, haravan.DefaultBaseURL, kiwi.DefaultBaseURL}
)
