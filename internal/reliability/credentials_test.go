package reliability

//lint:file-ignore SA1019 the olx client is deprecated upstream and still tested.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/aktiv"
	"github.com/profiles-sdk/profiles-go/cloudsigma"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/kiwi"
	"github.com/profiles-sdk/profiles-go/olx"
	"github.com/profiles-sdk/profiles-go/olx/olxtest"
)

// redactedValue is a value that holds secrets, the one form it prints in,
// and every spelling of its secrets that must never show.
type redactedValue struct {
	name    string
	value   any
	want    string
	secrets []string
}

// spellings is a secret as it is, and as fmt's hex verbs would write it.
func spellings(secrets ...string) []string {
	var out []string
	for _, s := range secrets {
		out = append(out, s, fmt.Sprintf("%x", s), fmt.Sprintf("%X", s))
	}
	return out
}

var redactedValues = []redactedValue{
	{"olx.Credentials", olx.Credentials{APIKey: olxKey, AccessToken: olxToken, CRMName: olxCRM},
		`olx.Credentials{APIKey:[redacted], AccessToken:[redacted], CRMName:"` + olxCRM + `"}`,
		spellings(olxKey, olxToken)},
	{"aktiv.Credentials", aktiv.Credentials{Token: aktivToken},
		"aktiv.Credentials{Token:[redacted]}",
		spellings(aktivToken)},
	{"cloudsigma.Credentials", cloudsigma.Credentials{Username: csUser, Password: csPassword, Token: csToken},
		"cloudsigma.Credentials{Username:[redacted], Password:[redacted], Token:[redacted]}",
		append(spellings(csUser, csPassword, csToken), basicForms(csUser, csPassword)...)},
	{"haravan.Credentials", haravan.Credentials{AccessToken: haravanSecret},
		"haravan.Credentials{AccessToken:[redacted]}",
		spellings(haravanSecret)},
	{"olx.AppCredentials", olx.AppCredentials{ClientID: olxtest.ClientID, ClientSecret: olxtest.ClientSecret, APIKey: olxKey, CRMName: olxCRM},
		`olx.AppCredentials{ClientID:"` + olxtest.ClientID + `", ClientSecret:[redacted], APIKey:[redacted], CRMName:"` + olxCRM + `"}`,
		append(spellings(olxtest.ClientSecret, olxKey), basicForms(olxtest.ClientID, olxtest.ClientSecret)...)},
	{"kiwi.Credentials", kiwi.Credentials{AppKey: kiwiKey, UserToken: kiwiToken},
		"kiwi.Credentials{AppKey:[redacted], UserToken:[redacted]}",
		spellings(kiwiKey, kiwiToken)},
	{"aktiv.PrivateCodes", aktivPrivate,
		"aktiv.PrivateCodes{Master:[redacted], Read:[redacted], Write:[redacted]}",
		append(append(codeForms(aktivPrivate.Master), codeForms(aktivPrivate.Read)...), codeForms(aktivPrivate.Write)...)},
}

// nestings puts v where encoders and handlers reach it without calling its
// String or LogValue: in a struct, a slice and a map, by value and by
// pointer.
func nestings(v any) map[string]any {
	ptr := reflect.New(reflect.TypeOf(v))
	ptr.Elem().Set(reflect.ValueOf(v))
	return map[string]any{
		"value":   v,
		"pointer": ptr.Interface(),
		"struct":  struct{ Inner, Ptr any }{v, ptr.Interface()},
		"slice":   []any{v, ptr.Interface()},
		"map":     map[string]any{"k": v, "p": ptr.Interface()},
	}
}

// TestCredentialsOneRedactedForm: every Credentials type and aktiv's
// private codes print in their one redacted form with every fmt verb,
// through slog's text and JSON handlers and through encoding/json, at the
// top level and nested in a struct, a slice or a map; no secret shows.
func TestCredentialsOneRedactedForm(t *testing.T) {
	t.Parallel()
	for _, rv := range redactedValues {
		t.Run(rv.name, func(t *testing.T) {
			t.Parallel()
			wantJSON, _ := json.Marshal(rv.want)
			var texts []string
			for kind, v := range nestings(rv.value) {
				for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
					out := fmt.Sprintf(verb, v)
					if (kind == "value" || kind == "pointer") && out != rv.want {
						t.Errorf("%s %s = %s; want %s", kind, verb, out, rv.want)
					}
					texts = append(texts, out)
				}
				var text, js bytes.Buffer
				slog.New(slog.NewTextHandler(&text, nil)).Info("built", "v", v)
				slog.New(slog.NewJSONHandler(&js, nil)).Info("built", "v", v)
				if !strings.Contains(js.String(), string(wantJSON[1:len(wantJSON)-1])) {
					t.Errorf("slog JSON of %s lacks the redacted form: %s", kind, js.String())
				}
				b, err := json.Marshal(v)
				if err != nil {
					t.Fatalf("json.Marshal(%s): %v", kind, err)
				}
				if (kind == "value" || kind == "pointer") && !bytes.Equal(b, wantJSON) {
					t.Errorf("json.Marshal(%s) = %s; want %s", kind, b, wantJSON)
				}
				texts = append(texts, text.String(), js.String(), string(b))
			}
			for _, text := range texts {
				for _, s := range rv.secrets {
					if strings.Contains(strings.ToLower(text), strings.ToLower(s)) {
						t.Errorf("secret %q shows in %s", s, excerpt(text, s))
					}
				}
			}
		})
	}
}

// TestPrivateCodesRevealAndJSON: the real codes are there for a caller who
// asks with Reveal; JSON neither shows them nor decodes back into zero
// codes.
func TestPrivateCodesRevealAndJSON(t *testing.T) {
	t.Parallel()
	m, r, w := aktivPrivate.Reveal()
	if m != 0x5EC2E7A1 || r != 0x7C0DE5B3 || w != 0x9F1E2D3C {
		t.Errorf("Reveal = %v %v %v", m, r, w)
	}
	b, err := json.Marshal(aktiv.AccessCode{ID: 7, Private: &aktivPrivate})
	if err != nil {
		t.Fatal(err)
	}
	var back aktiv.AccessCode
	if err := json.Unmarshal(b, &back); err == nil {
		t.Errorf("redacted codes decoded back: %s", b)
	}
	var vendor aktiv.PrivateCodes
	if err := json.Unmarshal([]byte(`{"mastervalue":"0x5ec2e7a1","readvalue":"0x7c0de5b3","writevalue":"0x9f1e2d3c"}`), &vendor); err != nil || vendor != aktivPrivate {
		t.Errorf("decoding the vendor's codes: %v, %v", vendor.Master, err)
	}
}

// credentialSlot is one credential field of one vendor, set in otherwise
// valid credentials, and how a client is built from them and called once.
type credentialSlot struct {
	vendor, field string
	// base holds valid values; the field under test is overwritten.
	base any
	call func(ctx context.Context, creds any, baseURL string) error
	// spaces says the field may hold spaces: a Basic user or password
	// (sent base64-encoded), or a CRM name (trimmed, not a secret).
	spaces bool
}

// callWith builds a client with NewClient and makes one call.
func callWith[C any, K closer](newClient func(C, ...profiles.Option) (K, error), do func(context.Context, K) error) func(context.Context, any, string) error {
	return func(ctx context.Context, creds any, baseURL string) error {
		c, err := newClient(creds.(C), profiles.WithBaseURL(baseURL), profiles.WithRetryPolicy(profiles.RetryPolicy{MaxRetries: 0}))
		if err != nil {
			return err
		}
		defer c.CloseIdleConnections()
		return do(ctx, c)
	}
}

var (
	olxCall = callWith(olx.NewClient, func(ctx context.Context, c *olx.Client) error {
		_, err := c.GetPackages(ctx)
		return err
	})
	olxAuthCall = callWith(olx.NewAuthClient, func(ctx context.Context, a *olx.AuthClient) error {
		_, err := a.RefreshToken(ctx, "refresh")
		return err
	})
	aktivCall = callWith(aktiv.NewClient, func(ctx context.Context, c *aktiv.Client) error {
		_, err := c.GetProfile(ctx)
		return err
	})
	cloudsigmaCall = callWith(cloudsigma.NewClient, func(ctx context.Context, c *cloudsigma.Client) error {
		_, err := c.GetProfile(ctx)
		return err
	})
	haravanCall = callWith(haravan.NewClient, func(ctx context.Context, c *haravan.Client) error {
		_, err := c.GetProfile(ctx, 1)
		return err
	})
	kiwiCall = callWith(kiwi.NewClient, func(ctx context.Context, c *kiwi.Client) error {
		_, err := c.GetAccountProfile(ctx)
		return err
	})
)

var (
	validOLX        = olx.Credentials{APIKey: "k", AccessToken: "t", CRMName: "crm"}
	validOLXApp     = olx.AppCredentials{ClientID: "id", ClientSecret: "s", APIKey: "k", CRMName: "crm"}
	validCSBasic    = cloudsigma.Credentials{Username: "u@example.com", Password: "p"}
	validKiwi       = kiwi.Credentials{AppKey: "k", UserToken: "t"}
	credentialSlots = []credentialSlot{
		{vendor: "olx", field: "APIKey", base: validOLX, call: olxCall},
		{vendor: "olx", field: "AccessToken", base: validOLX, call: olxCall},
		{vendor: "olx", field: "CRMName", base: validOLX, call: olxCall, spaces: true},
		{vendor: "olx auth", field: "ClientID", base: validOLXApp, call: olxAuthCall, spaces: true},
		{vendor: "olx auth", field: "ClientSecret", base: validOLXApp, call: olxAuthCall, spaces: true},
		{vendor: "olx auth", field: "APIKey", base: validOLXApp, call: olxAuthCall},
		{vendor: "olx auth", field: "CRMName", base: validOLXApp, call: olxAuthCall, spaces: true},
		{vendor: "aktiv", field: "Token", base: aktiv.Credentials{Token: "t"}, call: aktivCall},
		{vendor: "cloudsigma", field: "Username", base: validCSBasic, call: cloudsigmaCall, spaces: true},
		{vendor: "cloudsigma", field: "Password", base: validCSBasic, call: cloudsigmaCall, spaces: true},
		{vendor: "cloudsigma", field: "Token", base: cloudsigma.Credentials{Token: "t"}, call: cloudsigmaCall},
		{vendor: "haravan", field: "AccessToken", base: haravan.Credentials{AccessToken: "t"}, call: haravanCall},
		{vendor: "kiwi", field: "AppKey", base: validKiwi, call: kiwiCall},
		{vendor: "kiwi", field: "UserToken", base: validKiwi, call: kiwiCall},
	}
)

// withField returns a copy of the credentials struct creds with the named
// string field set to value.
func withField(creds any, field, value string) any {
	v := reflect.New(reflect.TypeOf(creds)).Elem()
	v.Set(reflect.ValueOf(creds))
	v.FieldByName(field).SetString(value)
	return v.Interface()
}

// countingServer answers every request with an empty 200 and counts them.
func countingServer(t *testing.T) (url string, hits *atomic.Int32) {
	hits = new(atomic.Int32)
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	t.Cleanup(srv.Close)
	return srv.URL, hits
}

// TestNewClientRefusesHeaderBreakers: a byte net/http refuses in a header
// value (or RFC 7617 in Basic credentials), hidden in any credential, is
// refused by NewClient with ErrInvalidArgument, naming the field and not
// the value, and nothing reaches the server. Without the check such a
// client failed every call, after its retries, as a network error.
func TestNewClientRefusesHeaderBreakers(t *testing.T) {
	t.Parallel()
	const secret = "BREAKsecret-3e8a"
	for _, slot := range credentialSlots {
		t.Run(slot.vendor+"/"+slot.field, func(t *testing.T) {
			t.Parallel()
			url, hits := countingServer(t)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			// The valid credentials reach the server: the refusals below
			// are the bad byte's doing.
			_ = slot.call(ctx, slot.base, url)
			if hits.Swap(0) != 1 {
				t.Fatal("the valid credentials did not reach the server")
			}
			for _, b := range []string{"\x00", "\r", "\n", "\x7f"} {
				err := slot.call(ctx, withField(slot.base, slot.field, secret+b+"x"), url)
				if !errors.Is(err, profiles.ErrInvalidArgument) {
					t.Errorf("%q: err = %v; want ErrInvalidArgument", b, err)
					continue
				}
				if !strings.Contains(err.Error(), "Credentials."+slot.field) || strings.Contains(err.Error(), secret) {
					t.Errorf("%q: error %q should name the field and never show the value", b, err)
				}
			}
			if n := hits.Load(); n != 0 {
				t.Errorf("the server received %d requests from refused credentials", n)
			}
		})
	}
}

// TestCredentialWhitespace: the documented rule for spaces. A token or key
// holding a space or a tab anywhere is refused before anything is sent; a
// Basic user and password keep theirs (they travel base64-encoded); OLX's
// CRM name is trimmed and may hold inner spaces.
func TestCredentialWhitespace(t *testing.T) {
	t.Parallel()
	for _, slot := range credentialSlots {
		t.Run(slot.vendor+"/"+slot.field, func(t *testing.T) {
			t.Parallel()
			url, hits := countingServer(t)
			accepted := slot.spaces
			valid := reflect.ValueOf(slot.base).FieldByName(slot.field).String()
			variants := []string{" " + valid, valid + " ", "\t" + valid, "a b"}
			for _, v := range variants {
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				err := slot.call(ctx, withField(slot.base, slot.field, v), url)
				cancel()
				if refused := errors.Is(err, profiles.ErrInvalidArgument); refused == accepted {
					t.Errorf("%q: err = %v; want accepted %v", v, err, accepted)
				}
			}
			want := int32(0)
			if accepted {
				want = int32(len(variants))
			}
			if n := hits.Load(); n != want {
				t.Errorf("the server received %d requests; want %d", n, want)
			}
		})
	}
}
