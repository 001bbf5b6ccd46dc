package reliability

//lint:file-ignore SA1019 the olx client is deprecated upstream and still tested.

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

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

// Distinctive secrets: none of them can turn up in a message by chance.
const (
	olxKey        = "olxKEY-7f3a9c51"
	olxToken      = "olxTOKEN-d41e8b07"
	aktivToken    = "aktivTOKEN-5b2f0e33"
	csUser        = "cs-reliability@example.com"
	csPassword    = "csPASSWORD-8e1d7c29"
	csToken       = "csTOKEN-2a9f4461"
	haravanSecret = "haravanTOKEN-6c3e91d2"
	kiwiKey       = "kiwiAPPKEY-0d7b5218"
	kiwiToken     = "kiwiTOKEN-e8a4f1c6"
	wrongSuffix   = "-WRONG-4f1a"
)

// Aktiv's private access codes, as the fake holds them.
var aktivPrivate = aktiv.PrivateCodes{Master: 0x5EC2E7A1, Read: 0x7C0DE5B3, Write: 0x9F1E2D3C}

// codeForms is every way a code could be written out.
func codeForms(c aktiv.Code) []string {
	v := uint32(c)
	return []string{fmt.Sprintf("%08x", v), fmt.Sprintf("%08X", v), fmt.Sprintf("%x", v), fmt.Sprintf("%X", v), strconv.FormatUint(uint64(v), 10)}
}

func basicForms(user, password string) []string {
	return []string{base64.StdEncoding.EncodeToString([]byte(user + ":" + password))}
}

// withWrong adds the wrong variant of each secret, which must not leak
// either.
func withWrong(secrets ...string) []string {
	out := append([]string(nil), secrets...)
	for _, s := range secrets {
		out = append(out, s+wrongSuffix)
	}
	return out
}

func wrong(s string, bad bool) string {
	if bad {
		return s + wrongSuffix
	}
	return s
}

// secretCall makes one call; bad picks wrong credentials.
type secretCall struct {
	name string
	do   func(ctx context.Context, base string, bad bool, opts ...profiles.Option) (any, error)
}

// secretEnv is a vendor fake set up with distinctive credentials.
type secretEnv struct {
	srv     vendorFake
	secrets []string
	calls   []secretCall
	// extra returns secrets a successful answer holds (OLX's new tokens).
	extra func(v any) []string
}

type closer interface{ CloseIdleConnections() }

// call builds a client with newClient and makes one call with it.
func call[C closer, V any](newClient func(bad bool, opts []profiles.Option) (C, error), do func(context.Context, C) (V, error)) func(ctx context.Context, base string, bad bool, opts ...profiles.Option) (any, error) {
	return func(ctx context.Context, base string, bad bool, opts ...profiles.Option) (any, error) {
		c, err := newClient(bad, append([]profiles.Option{profiles.WithBaseURL(base)}, opts...))
		if err != nil {
			return nil, err
		}
		defer c.CloseIdleConnections()
		return do(ctx, c)
	}
}

var secretVendors = []struct {
	name  string
	start func(t *testing.T) *secretEnv
}{
	{"olx", func(t *testing.T) *secretEnv {
		srv := olxtest.NewServer()
		t.Cleanup(srv.Close)
		srv.SetCredentials(olx.Credentials{APIKey: olxKey, AccessToken: olxToken, CRMName: olxCRM})
		srv.SetAccount(olxToken, olxtest.PostpaidPackage(), olxtest.PrepaidPackage())
		newClient := func(bad bool, opts []profiles.Option) (*olx.Client, error) {
			return olx.NewClient(olx.Credentials{APIKey: wrong(olxKey, bad), AccessToken: wrong(olxToken, bad), CRMName: olxCRM}, opts...)
		}
		newAuth := func(bad bool, opts []profiles.Option) (*olx.AuthClient, error) {
			return olx.NewAuthClient(olx.AppCredentials{ClientID: olxtest.ClientID, ClientSecret: wrong(olxtest.ClientSecret, bad), APIKey: wrong(olxKey, bad), CRMName: olxCRM}, opts...)
		}
		// A refresh token to refresh with, got from the fake directly.
		a, err := newAuth(false, []profiles.Option{profiles.WithBaseURL(srv.URL)})
		if err != nil {
			t.Fatal(err)
		}
		tok, err := a.ExchangeCode(context.Background(), srv.NewAuthorizationCode(olxtest.PostpaidPackage()))
		a.CloseIdleConnections()
		if err != nil {
			t.Fatal(err)
		}
		secrets := withWrong(olxKey, olxToken, olxtest.ClientSecret)
		secrets = append(secrets, tok.AccessToken, tok.RefreshToken)
		secrets = append(secrets, basicForms(olxtest.ClientID, olxtest.ClientSecret)...)
		secrets = append(secrets, basicForms(olxtest.ClientID, olxtest.ClientSecret+wrongSuffix)...)
		var codes []string
		var mu sync.Mutex
		e := &secretEnv{srv: vendorFake{srv.Server, srv}, secrets: secrets, calls: []secretCall{
			{"GetPackages", call(newClient, func(ctx context.Context, c *olx.Client) (*olx.PackagesResponse, error) { return c.GetPackages(ctx) })},
			{"ExchangeCode", call(newAuth, func(ctx context.Context, a *olx.AuthClient) (*olx.Token, error) {
				code := srv.NewAuthorizationCode(olxtest.PrepaidPackage())
				mu.Lock()
				codes = append(codes, code)
				mu.Unlock()
				return a.ExchangeCode(ctx, code)
			})},
			{"RefreshToken", call(newAuth, func(ctx context.Context, a *olx.AuthClient) (*olx.Token, error) {
				return a.RefreshToken(ctx, tok.RefreshToken)
			})},
		}}
		e.extra = func(v any) []string {
			mu.Lock()
			defer mu.Unlock()
			out := append([]string(nil), codes...)
			if tok, ok := v.(*olx.Token); ok && tok != nil {
				out = append(out, tok.AccessToken, tok.RefreshToken)
			}
			return out
		}
		return e
	}},
	{"aktiv", func(t *testing.T) *secretEnv {
		srv := aktivtest.NewServer()
		t.Cleanup(srv.Close)
		admin, ok := srv.User(aktivtest.AdminToken)
		if !ok {
			t.Fatal("the fake lacks its administrator")
		}
		srv.SetUser(aktivToken, admin)
		srv.SetAccessCodes([]aktiv.AccessCode{{ID: 7, Private: &aktivPrivate, Public: aktiv.PublicCode{Text: "PUBLIC", Value: 0x11223344}}})
		newClient := func(bad bool, opts []profiles.Option) (*aktiv.Client, error) {
			return aktiv.NewClient(aktiv.Credentials{Token: wrong(aktivToken, bad)}, opts...)
		}
		secrets := withWrong(aktivToken)
		for _, c := range []aktiv.Code{aktivPrivate.Master, aktivPrivate.Read, aktivPrivate.Write} {
			secrets = append(secrets, codeForms(c)...)
		}
		return &secretEnv{srv: vendorFake{srv.Server, srv}, secrets: secrets, calls: []secretCall{
			{"GetProfile", call(newClient, func(ctx context.Context, c *aktiv.Client) (*aktiv.User, error) { return c.GetProfile(ctx) })},
			{"GetAccessCodes", call(newClient, func(ctx context.Context, c *aktiv.Client) ([]aktiv.AccessCode, error) { return c.GetAccessCodes(ctx) })},
			{"GetBalance", call(newClient, func(ctx context.Context, c *aktiv.Client) (*aktiv.Balance, error) { return c.GetBalance(ctx) })},
			{"PutSettings", call(newClient, func(ctx context.Context, c *aktiv.Client) (any, error) {
				return nil, c.PutSettings(ctx, aktiv.SettingsUpdate{Language: 1})
			})},
		}}
	}},
	{"cloudsigma", func(t *testing.T) *secretEnv {
		srv := cloudsigmatest.NewServer()
		t.Cleanup(srv.Close)
		srv.SetCredentials(cloudsigma.Credentials{Username: csUser, Password: csPassword, Token: csToken})
		basic := func(bad bool, opts []profiles.Option) (*cloudsigma.Client, error) {
			return cloudsigma.NewClient(cloudsigma.Credentials{Username: csUser, Password: wrong(csPassword, bad)}, opts...)
		}
		bearer := func(bad bool, opts []profiles.Option) (*cloudsigma.Client, error) {
			return cloudsigma.NewClient(cloudsigma.Credentials{Token: wrong(csToken, bad)}, opts...)
		}
		secrets := withWrong(csPassword, csToken)
		secrets = append(secrets, basicForms(csUser, csPassword)...)
		secrets = append(secrets, basicForms(csUser, csPassword+wrongSuffix)...)
		return &secretEnv{srv: vendorFake{srv.Server, srv}, secrets: secrets, calls: []secretCall{
			{"GetProfile (basic)", call(basic, func(ctx context.Context, c *cloudsigma.Client) (*cloudsigma.Profile, error) { return c.GetProfile(ctx) })},
			{"GetProfileSchema (bearer)", call(bearer, func(ctx context.Context, c *cloudsigma.Client) (*cloudsigma.Schema, error) {
				return c.GetProfileSchema(ctx)
			})},
		}}
	}},
	{"haravan", func(t *testing.T) *secretEnv {
		srv := haravantest.NewServer()
		t.Cleanup(srv.Close)
		srv.SetCredentials(haravan.Credentials{AccessToken: haravanSecret})
		newClient := func(bad bool, opts []profiles.Option) (*haravan.Client, error) {
			return haravan.NewClient(haravan.Credentials{AccessToken: wrong(haravanSecret, bad)}, opts...)
		}
		return &secretEnv{srv: vendorFake{srv.Server, srv}, secrets: withWrong(haravanSecret), calls: []secretCall{
			{"GetProfile", call(newClient, func(ctx context.Context, c *haravan.Client) (*haravan.Profile, error) {
				return c.GetProfile(ctx, haravantest.JohnTerryID)
			})},
			{"AddPoints", call(newClient, func(ctx context.Context, c *haravan.Client) (*haravan.Profile, error) {
				return c.AddPoints(ctx, haravantest.JohnTerryID, haravan.PointChange{Value: 1, Reason: "hygiene", RefID: "hyg-1"})
			})},
		}}
	}},
	{"kiwi", func(t *testing.T) *secretEnv {
		srv := kiwitest.NewServer()
		t.Cleanup(srv.Close)
		srv.SetCredentials(kiwi.Credentials{AppKey: kiwiKey, UserToken: kiwiToken})
		newClient := func(bad bool, opts []profiles.Option) (*kiwi.Client, error) {
			return kiwi.NewClient(kiwi.Credentials{AppKey: wrong(kiwiKey, bad), UserToken: wrong(kiwiToken, bad)}, opts...)
		}
		return &secretEnv{srv: vendorFake{srv.Server, srv}, secrets: withWrong(kiwiKey, kiwiToken), calls: []secretCall{
			{"GetAccountProfile", call(newClient, func(ctx context.Context, c *kiwi.Client) (*kiwi.AccountProfile, error) {
				return c.GetAccountProfile(ctx)
			})},
		}}
	}},
}

// secretScenario is a way for a call to end.
type secretScenario struct {
	name string
	bad  bool
	// fault, if set, is queued on the fake for every attempt.
	fault *fake.Fault
	// refused sends the call to a closed port.
	refused bool
	opts    []profiles.Option
	// ok says the calls succeed; mayPass, that calls which read no body
	// (aktiv.PutSettings) may.
	ok, mayPass bool
}

var secretScenarios = []secretScenario{
	{name: "success", ok: true},
	{name: "wrong credentials (401/403)", bad: true},
	{name: "403", fault: &fake.Fault{Status: http.StatusForbidden, Header: jsonType, Body: `{"message":"forbidden"}`}},
	{name: "500", fault: &fake.Fault{Status: http.StatusInternalServerError, Header: htmlType, Body: htmlPage}},
	{name: "429 over the cap", fault: &fake.Fault{Status: http.StatusTooManyRequests, Header: header("Retry-After", "3600")}},
	{name: "dropped connection", fault: &fake.Fault{Drop: true}},
	{name: "truncated body", mayPass: true, fault: &fake.Fault{Truncate: true}},
	{name: "decode error", mayPass: true, fault: &fake.Fault{Status: http.StatusOK, Header: jsonType, Body: `{"oops"`}},
	{name: "stalled body", mayPass: true, fault: &fake.Fault{StallAfterHeaders: 5 * time.Second}, opts: []profiles.Option{profiles.WithTimeout(shortTimeout)}},
	{name: "redirect to another host", fault: &fake.Fault{Status: http.StatusFound, Header: header("Location", "http://localhost:9/elsewhere")}},
	{name: "connection refused", refused: true},
}

// renderings is every text a caller could see of a returned value or
// error: its fmt forms, the error chain's, and what slog writes of them.
func renderings(v any, err error) []string {
	var out []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		out = append(out, fmt.Sprintf(verb, v))
		if err != nil {
			out = append(out, fmt.Sprintf(verb, err))
		}
	}
	for e := err; e != nil; e = errors.Unwrap(e) {
		out = append(out, e.Error(), fmt.Sprintf("%#v", e), fmt.Sprintf("%+v", e))
	}
	return out
}

// TestNoSecretLeaks makes every vendor's calls succeed and fail in many
// ways, with a debug logger, and looks for every secret, in every form, in
// the error text, the fmt renderings of the returned value and error, and
// the log.
func TestNoSecretLeaks(t *testing.T) {
	for _, v := range secretVendors {
		for _, sc := range secretScenarios {
			t.Run(v.name+"/"+sc.name, func(t *testing.T) {
				t.Parallel()
				e := v.start(t)
				var logs bytes.Buffer
				var logMu sync.Mutex
				debug := &slog.HandlerOptions{Level: slog.LevelDebug}
				textLog := slog.New(slog.NewTextHandler(lockedWriter{&logs, &logMu}, debug))
				jsonLog := slog.New(slog.NewJSONHandler(lockedWriter{&logs, &logMu}, debug))
				logger := slog.New(multiHandler{textLog.Handler(), jsonLog.Handler()})
				base := e.srv.URL
				if sc.refused {
					base, _ = refusedURL(t, nil)
				}
				opts := append([]profiles.Option{
					profiles.WithRetryPolicy(profiles.RetryPolicy{MaxRetries: 1, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond}),
					profiles.WithTimeout(5 * time.Second),
					profiles.WithLogger(logger),
				}, sc.opts...)
				for _, c := range e.calls {
					e.srv.ClearFaults()
					if sc.fault != nil {
						e.srv.InjectFault(10, *sc.fault)
					}
					ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
					got, err := c.do(ctx, base, sc.bad, opts...)
					cancel()
					if (err == nil) != sc.ok && !(sc.mayPass && err == nil) {
						t.Errorf("%s: err = %v; want success %v", c.name, err, sc.ok)
					}
					// What a caller would log of the result. slog's JSON
					// handler encodes a slice (aktiv's access codes) element
					// by element with encoding/json, past any LogValue.
					textLog.Debug("result", "value", got, "err", err)
					jsonLog.Debug("result", "value", got, "err", err)
					texts := renderings(got, err)
					secrets := e.secrets
					if e.extra != nil {
						secrets = append(append([]string(nil), secrets...), e.extra(got)...)
					}
					logMu.Lock()
					texts = append(texts, logs.String())
					logMu.Unlock()
					for _, text := range texts {
						lower := strings.ToLower(text)
						for _, s := range secrets {
							if s != "" && strings.Contains(lower, strings.ToLower(s)) {
								t.Errorf("%s: secret %q shows in %q", c.name, s, excerpt(text, s))
							}
						}
					}
				}
				if !strings.Contains(logs.String(), "profiles-go request") {
					t.Error("the debug logger saw no request")
				}
			})
		}
	}
}

func excerpt(text, secret string) string {
	i := strings.Index(strings.ToLower(text), strings.ToLower(secret))
	lo, hi := max(i-80, 0), min(i+len(secret)+80, len(text))
	return text[lo:hi]
}

// TestNoSecretInConstructionErrors: credentials the SDK refuses, and a
// base URL carrying credentials, never show in the error.
func TestNoSecretInConstructionErrors(t *testing.T) {
	t.Parallel()
	const secret = "CONSTRUCTsecret-71c9"
	for name, build := range map[string]func(secret string, opts ...profiles.Option) error{
		"olx": func(s string, opts ...profiles.Option) error {
			_, err := olx.NewClient(olx.Credentials{APIKey: s, AccessToken: s, CRMName: "crm"}, opts...)
			return err
		},
		"olx auth": func(s string, opts ...profiles.Option) error {
			_, err := olx.NewAuthClient(olx.AppCredentials{ClientID: "id", ClientSecret: s, APIKey: s, CRMName: "crm"}, opts...)
			return err
		},
		"aktiv": func(s string, opts ...profiles.Option) error {
			_, err := aktiv.NewClient(aktiv.Credentials{Token: s}, opts...)
			return err
		},
		"cloudsigma": func(s string, opts ...profiles.Option) error {
			_, err := cloudsigma.NewClient(cloudsigma.Credentials{Username: "u@example.com", Password: s}, opts...)
			return err
		},
		"haravan": func(s string, opts ...profiles.Option) error {
			_, err := haravan.NewClient(haravan.Credentials{AccessToken: s}, opts...)
			return err
		},
		"kiwi": func(s string, opts ...profiles.Option) error {
			_, err := kiwi.NewClient(kiwi.Credentials{AppKey: s, UserToken: s}, opts...)
			return err
		},
	} {
		for _, bad := range []string{secret + "\n", secret + "\r\nX-Injected: 1", " " + secret + " x", secret + "\x00"} {
			if err := build(bad); err != nil && strings.Contains(err.Error(), secret) {
				t.Errorf("%s: the error shows the credential: %v", name, err)
			}
		}
		for _, base := range []string{
			"https://user:" + secret + "@example.com",
			"ftp://user:" + secret + "@example.com",
			"http://user:" + secret + "@example.com",
			"https://user:" + secret + "@example.com/%zz",
			"https://user:" + secret + "@example.com/?q=1",
			"https://example.com/?token=" + secret,
			"https://example.com/#" + secret,
		} {
			err := build("good-credential", profiles.WithBaseURL(base))
			if err == nil {
				t.Errorf("%s: base URL %q accepted", name, base)
				continue
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("%s: the error shows the base URL's secret: %v", name, err)
			}
		}
	}
}

// multiHandler sends every record to several handlers.
type multiHandler []slog.Handler

func (m multiHandler) Enabled(ctx context.Context, l slog.Level) bool {
	for _, h := range m {
		if h.Enabled(ctx, l) {
			return true
		}
	}
	return false
}

func (m multiHandler) Handle(ctx context.Context, r slog.Record) error {
	for _, h := range m {
		if err := h.Handle(ctx, r.Clone()); err != nil {
			return err
		}
	}
	return nil
}

func (m multiHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	out := make(multiHandler, len(m))
	for i, h := range m {
		out[i] = h.WithAttrs(attrs)
	}
	return out
}

func (m multiHandler) WithGroup(name string) slog.Handler {
	out := make(multiHandler, len(m))
	for i, h := range m {
		out[i] = h.WithGroup(name)
	}
	return out
}

// lockedWriter serialises writes of several handlers to one buffer.
type lockedWriter struct {
	b  *bytes.Buffer
	mu *sync.Mutex
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}
