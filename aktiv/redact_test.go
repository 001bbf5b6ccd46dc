package aktiv_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/aktiv"
	"github.com/profiles-sdk/profiles-go/aktiv/aktivtest"
)

// redactedCodes is how PrivateCodes print, whatever the verb or encoder.
const redactedCodes = "aktiv.PrivateCodes{Master:[redacted], Read:[redacted], Write:[redacted]}"

// verbs are the fmt verbs a secret must survive.
var verbs = []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%X", "%q", "%o", "%b", "%08x"}

// secretCodes are the example's private codes in every spelling that would
// betray them.
func secretSpellings(codes ...aktiv.Code) []string {
	var out []string
	for _, c := range codes {
		v := uint32(c)
		out = append(out, fmt.Sprintf("%x", v), fmt.Sprintf("%X", v), fmt.Sprintf("%d", v), fmt.Sprintf("%o", v))
	}
	return out
}

func assertNoSecret(t *testing.T, what, text string, secrets []string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(text, s) {
			t.Errorf("%s reveals %q: %s", what, s, text)
		}
	}
}

func TestPrivateCodesNeverPrint(t *testing.T) {
	t.Parallel()
	pc := aktiv.PrivateCodes{Master: 0x5191758c, Read: 0x51917645, Write: 0x51917603}
	secrets := secretSpellings(pc.Master, pc.Read, pc.Write)
	codes := []aktiv.AccessCode{
		{ID: 1, Private: &pc, Public: aktiv.PublicCode{Text: "DEMONVK", Value: 0x519175b7}},
		{ID: 2, Public: aktiv.PublicCode{Text: "NOPRIV", Value: 1}},
	}
	values := map[string]any{
		"PrivateCodes":  pc,
		"*PrivateCodes": &pc,
		"AccessCode":    codes[0],
		"*AccessCode":   &codes[0],
		"[]AccessCode":  codes,
		"map":           map[string]aktiv.PrivateCodes{"k": pc},
		"struct":        struct{ Codes []aktiv.AccessCode }{codes},
	}
	for name, v := range values {
		for _, verb := range verbs {
			out := fmt.Sprintf(verb, v)
			assertNoSecret(t, name+" "+verb, out, secrets)
			if !strings.Contains(out, "[redacted]") && !strings.Contains(out, "0x") && !strings.HasPrefix(out, "&") {
				t.Errorf("%s %s = %s: neither redacted marker nor pointer", name, verb, out)
			}
		}
	}
	for _, s := range []string{pc.String(), pc.GoString(), fmt.Sprint(pc), fmt.Sprintln(codes)} {
		assertNoSecret(t, "String/GoString/Sprint", s, secrets)
	}
}

func TestPrivateCodesFormatShapes(t *testing.T) {
	t.Parallel()
	pc := aktiv.PrivateCodes{Master: 1, Read: 2, Write: 3}
	for _, verb := range verbs {
		if got := fmt.Sprintf(verb, pc); got != redactedCodes {
			t.Errorf("%s = %q, want %q", verb, got, redactedCodes)
		}
	}
	// The public part of an AccessCode stays readable.
	ac := aktiv.AccessCode{ID: 9, Private: &pc, Public: aktiv.PublicCode{Text: "EXAMPLE", Value: 0xb3b3b3b3}}
	if got := fmt.Sprintf("%+v", ac); !strings.Contains(got, "Text:EXAMPLE Value:0xb3b3b3b3") || !strings.Contains(got, "Master:[redacted]") {
		t.Errorf("%%+v of AccessCode = %s", got)
	}
	if got := fmt.Sprintf("%v", aktiv.AccessCode{ID: 1}); got != "{1 <nil> { 0x00000000}}" {
		t.Errorf("%%v without private codes = %s", got)
	}
}

func TestPrivateCodesReveal(t *testing.T) {
	t.Parallel()
	pc := aktiv.PrivateCodes{Master: 0x5191758c, Read: 0x51917645, Write: 0x51917603}
	m, r, w := pc.Reveal()
	if m != 0x5191758c || r != 0x51917645 || w != 0x51917603 {
		t.Errorf("Reveal = %v %v %v", m, r, w)
	}
	if pc.Master.String() != "0x5191758c" {
		t.Errorf("Master.String() = %s", pc.Master)
	}
	// JSON writes the redacted form, which does not decode back: nothing
	// could be mistaken for the real codes.
	b, err := json.Marshal(pc)
	if err != nil || string(b) != `"`+redactedCodes+`"` {
		t.Errorf("JSON = %s, %v", b, err)
	}
	var back aktiv.PrivateCodes
	if err := json.Unmarshal(b, &back); err == nil {
		t.Errorf("the redacted JSON decoded into %#v", back.Master)
	}
}

func TestPrivateCodesStayOutOfSlog(t *testing.T) {
	t.Parallel()
	pc := aktiv.PrivateCodes{Master: 0x5191758c, Read: 0x51917645, Write: 0x51917603}
	var buf bytes.Buffer
	for _, h := range []slog.Handler{slog.NewTextHandler(&buf, nil), slog.NewJSONHandler(&buf, nil)} {
		l := slog.New(h)
		l.Info("codes", "private", pc, "ptr", &pc)
		l.Info("codes", slog.Any("code", aktiv.AccessCode{ID: 1, Private: &pc}))
	}
	assertNoSecret(t, "slog", buf.String(), secretSpellings(pc.Master, pc.Read, pc.Write))
	if !strings.Contains(buf.String(), "[redacted]") {
		t.Errorf("slog output lacks the redaction marker: %s", buf.String())
	}
}

func TestCredentialsNeverPrint(t *testing.T) {
	t.Parallel()
	creds := aktiv.Credentials{Token: testToken}
	values := map[string]any{"value": creds, "pointer": &creds, "nested": struct{ C aktiv.Credentials }{creds}}
	for name, v := range values {
		for _, verb := range verbs {
			out := fmt.Sprintf(verb, v)
			if strings.Contains(out, testToken) || strings.Contains(out, fmt.Sprintf("%x", testToken)) || strings.Contains(out, fmt.Sprintf("%X", testToken)) {
				t.Errorf("%s %s reveals the token: %s", name, verb, out)
			}
			if !strings.Contains(out, "[redacted]") {
				t.Errorf("%s %s = %s, want the redaction marker", name, verb, out)
			}
		}
	}
	if got := fmt.Sprintf("%#v", creds); got != "aktiv.Credentials{Token:[redacted]}" {
		t.Errorf("%%#v = %s", got)
	}
	if got := fmt.Sprint(aktiv.Credentials{}); got != `aktiv.Credentials{Token:""}` {
		t.Errorf("empty credentials print %s", got)
	}
}

// TestDebugLogsCarryNoSecret runs every call with a debug logger and looks
// for the token and the private codes in what was logged.
func TestDebugLogsCarryNoSecret(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := newClient(t, srv.URL, aktivtest.AdminToken, profiles.WithLogger(logger))
	ctx := context.Background()
	codes, err := c.GetAccessCodes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = c.GetProfile(ctx)
	_, _ = c.GetBalance(ctx)
	_ = c.PutSettings(ctx, aktiv.SettingsUpdate{Language: 1})
	_ = c.PutProfile(ctx, aktiv.ProfileUpdate{CompanyName: "Aktiv"})
	bad := newClient(t, srv.URL, testToken, profiles.WithLogger(logger))
	if _, err := bad.GetProfile(ctx); err == nil || strings.Contains(err.Error(), testToken) {
		t.Errorf("unknown token: err = %v", err)
	}
	logger.Debug("result", "codes", codes)
	out := buf.String()
	if strings.Count(out, "profiles-go request") < 6 {
		t.Fatalf("expected a debug line per request, got:\n%s", out)
	}
	for _, secret := range []string{aktivtest.AdminToken, testToken, "Bearer"} {
		if strings.Contains(out, secret) {
			t.Errorf("debug log contains %q:\n%s", secret, out)
		}
	}
	m, r, w := codes[0].Private.Reveal()
	assertNoSecret(t, "debug log", out, secretSpellings(m, r, w))
}
