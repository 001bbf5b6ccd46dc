package reliability

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/aktiv"
	"github.com/profiles-sdk/profiles-go/internal/fake"
)

// secretHeaders are the headers the vendors take credentials in.
var secretHeaders = []string{"Authorization", "X-Api-Key", "X-Auth-Token", "X-Kiwi-Application-Key"}

// secretsOf lists every form of every secret a request carried: header
// values, a Bearer token, a Basic pair in base64 and decoded, and the OAuth
// code or refresh token of a token request's body.
func secretsOf(r *http.Request, body []byte) []string {
	var out []string
	for _, h := range secretHeaders {
		v := r.Header.Get(h)
		if v == "" {
			continue
		}
		out = append(out, v)
		scheme, cred, ok := strings.Cut(v, " ")
		if !ok {
			continue
		}
		out = append(out, cred)
		if scheme == "Basic" {
			if pair, err := base64.StdEncoding.DecodeString(cred); err == nil {
				_, password, _ := strings.Cut(string(pair), ":")
				out = append(out, password) // the user name is no secret

			}
		}
	}
	var form map[string]string
	if json.Unmarshal(body, &form) == nil {
		for _, k := range []string{"code", "refresh_token"} {
			if form[k] != "" {
				out = append(out, form[k])
			}
		}
	}
	return out
}

// echoServer answers every request with a 401 whose body quotes what the
// request carried, in the shape kind asks for; secrets collects what was
// sent.
func echoServer(t *testing.T, kind string) (*httptest.Server, func() []string) {
	var mu sync.Mutex
	var sent []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		secrets := secretsOf(r, body)
		mu.Lock()
		sent = append(sent, secrets...)
		mu.Unlock()
		quoted := strings.Join(secrets, " ")
		var dump strings.Builder
		r.Header.Write(&dump)
		w.Header().Set("X-Request-Id", "echo-1")
		switch kind {
		case "text":
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, "Unauthorized. Request headers:\n"+dump.String()+"Body: "+string(body))
		case "json":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			json.NewEncoder(w).Encode(map[string]any{
				"message": "invalid credentials " + quoted, "errors": "authorization code " + quoted + " has expired",
				"error": map[string]string{"detail": quoted}, "error_description": quoted, "transaction_id": "echo-1",
			})
		case "array":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			json.NewEncoder(w).Encode([]map[string]any{{"error_type": "permission", "error_message": "token " + quoted + " refused", "error_point": quoted}})
		default: // an encoding of each secret, in a JSON or a text body
			w.WriteHeader(http.StatusUnauthorized)
			for _, secret := range secrets {
				io.WriteString(w, `{"message": "bad credentials", "echo": "`+echoForms(secret)[kind]+`"}`+"\n")
			}
		}
	}))
	t.Cleanup(srv.Close)
	return srv, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return sent
	}
}

// echoForms are the spellings in which servers commonly echo a value:
// JSON with "/" escaped (PHP), JSON with every other byte as \u00XX (in
// either case), and percent-encoded (query or path style, in either case).
func echoForms(secret string) map[string]string {
	var php, unicodeLower, unicodeUpper strings.Builder
	for _, r := range secret {
		php.WriteString(strings.ReplaceAll(string(r), "/", `\/`))
		if r < 0x80 && !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			fmt.Fprintf(&unicodeLower, `\u%04x`, r)
			fmt.Fprintf(&unicodeUpper, `\u%04X`, r)
			continue
		}
		unicodeLower.WriteRune(r)
		unicodeUpper.WriteRune(r)
	}
	query := url.QueryEscape(secret)
	return map[string]string{
		"php-json": php.String(), "unicode-json": unicodeLower.String(), "unicode-json-upper": unicodeUpper.String(),
		"query-escaped": query, "query-escaped-lower": lowerPercent(query), "path-escaped": url.PathEscape(secret),
	}
}

// lowerPercent writes the hex digits of every %XX in lower case.
func lowerPercent(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1], b[i+2] = bytes.ToLower(b[i+1 : i+2])[0], bytes.ToLower(b[i+2 : i+3])[0]
		}
	}
	return string(b)
}

// Whatever a vendor or a proxy quotes of the credentials in an error body
// (the request headers as text, a JSON message, CloudSigma's error array,
// "authorization code X has expired") is masked in the message, the kept
// body and the error text, for every vendor's calls.
func TestEchoedSecretsMaskedForEveryVendor(t *testing.T) {
	t.Parallel()
	kinds := []string{"text", "json", "array"}
	for kind := range echoForms("x") {
		kinds = append(kinds, kind)
	}
	for _, kind := range kinds {
		for _, tg := range targets {
			t.Run(kind+"/"+tg.String(), func(t *testing.T) {
				t.Parallel()
				e := tg.start(t)
				srv, sent := echoServer(t, kind)
				_, err := e.invoke(context.Background(), srv.URL, nil, profiles.WithRetryPolicy(profiles.RetryPolicy{}))
				var apiErr *profiles.APIError
				if !errors.As(err, &apiErr) {
					t.Fatalf("want an APIError, got %v", err)
				}
				secrets := sent()
				if len(secrets) == 0 {
					t.Fatal("the call sent no credential")
				}
				for _, secret := range secrets {
					if len(secret) < 4 {
						continue // too short to mask; no credential of the fakes is
					}
					for where, text := range map[string]string{"Error()": err.Error(), "Message": apiErr.Message, "Body": string(apiErr.Body), "Code": apiErr.Code, "Field": apiErr.Field} {
						for _, form := range append(slices.Collect(maps.Values(echoForms(secret))), secret) {
							if strings.Contains(text, form) {
								t.Errorf("%s carries the secret %q as %q: %s", where, secret, form, text)
							}
						}
					}
				}
				if !errors.Is(err, profiles.ErrUnauthorized) {
					t.Errorf("a 401 should match ErrUnauthorized: %v", err)
				}
			})
		}
	}
}

// A success answer without a value (204, an empty 200, a 200 null) is a
// DecodeError for every call that expects one; for a value-moving call it
// also says the outcome is unknown, since the vendor said it applied it.
func TestEmptySuccessAnswersAreDecodeErrors(t *testing.T) {
	t.Parallel()
	answers := map[string]func(w http.ResponseWriter){
		"204":        func(w http.ResponseWriter) { w.WriteHeader(http.StatusNoContent) },
		"empty 200":  func(w http.ResponseWriter) { w.WriteHeader(http.StatusOK) },
		"null 200":   func(w http.ResponseWriter) { io.WriteString(w, "null") },
		"blank 200 ": func(w http.ResponseWriter) { io.WriteString(w, " \n ") },
	}
	for name, answer := range answers {
		for _, tg := range targets {
			t.Run(name+"/"+tg.String(), func(t *testing.T) {
				t.Parallel()
				e := tg.start(t)
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { answer(w) }))
				t.Cleanup(srv.Close)
				got, err := e.invoke(context.Background(), srv.URL, nil, profiles.WithRetryPolicy(profiles.RetryPolicy{}))
				var decodeErr *profiles.DecodeError
				if !errors.As(err, &decodeErr) {
					t.Fatalf("want a DecodeError, got %v (result %+v)", err, got)
				}
				if unknown := errors.Is(err, profiles.ErrOutcomeUnknown); unknown != (tg.class == classMoves) {
					t.Errorf("ErrOutcomeUnknown %v for a %s call: %v", unknown, tg.class, err)
				}
			})
		}
	}
}

// A server that reads a value-moving request whole, resets the HTTP/2
// stream with PROTOCOL_ERROR and answers the next request with 200 sees
// the request once: Go's HTTP/2 transport cannot replay the SDK's
// value-moving requests. Through the SDK's own transport, over TLS.
func TestValueMovingCallsNotReplayedOverHTTP2(t *testing.T) {
	t.Parallel()
	for _, tg := range targets {
		if tg.class != classMoves {
			continue
		}
		t.Run(tg.String(), func(t *testing.T) {
			t.Parallel()
			e := tg.start(t)
			h2 := fake.NewScriptedH2(t, fake.H2Step{Reset: 1}, fake.H2Step{Body: `{"id": 632910392, "access_token": "x", "expires_in": 3600}`})
			_, err := e.invoke(context.Background(), h2.URL, nil, profiles.WithRetryPolicy(fastRetries))
			if !errors.Is(err, profiles.ErrOutcomeUnknown) {
				t.Errorf("want ErrOutcomeUnknown, got %v", err)
			}
			if n := h2.Requests(); n != 1 {
				t.Errorf("the server saw the request %d times, want 1", n)
			}
		})
	}
}

// credentialHeaders are the headers WithHeader refuses, per vendor.
var credentialHeaders = map[string][]string{
	"olx":        {"Authorization", "X-API-KEY", "x-api-key"},
	"aktiv":      {"Authorization"},
	"cloudsigma": {"Authorization"},
	"haravan":    {"Authorization"},
	"kiwi":       {"Authorization", "X-Auth-Token", "X-Kiwi-Application-Key"},
}

// Every call option works on every vendor's calls: WithResponse on success
// and failure, WithHeader on the wire, credential headers refused before
// sending, and WithCallRetryPolicy for one call only. The observer sees an
// injected 503 then a 200 as two attempts, and a value-moving call's 503
// as one attempt, not retried.
func TestCallOptionsAndObserverOnEveryVendor(t *testing.T) {
	t.Parallel()
	for _, tg := range targets {
		t.Run(tg.String(), func(t *testing.T) {
			t.Parallel()
			e := tg.start(t)
			var mu sync.Mutex
			var events []profiles.Event
			observer := profiles.WithObserver(func(_ context.Context, ev profiles.Event) {
				mu.Lock()
				events = append(events, ev)
				mu.Unlock()
			})
			slow := profiles.WithRetryPolicy(profiles.RetryPolicy{MaxRetries: 3, MinBackoff: time.Hour})
			invoke := func(callOpts ...profiles.CallOption) error {
				mu.Lock()
				events = nil
				mu.Unlock()
				_, err := e.invoke(context.Background(), e.srv.URL, callOpts, slow, observer)
				return err
			}

			// WithHeader reaches the wire; WithResponse is filled on success.
			var ok profiles.Response
			if err := invoke(profiles.WithHeader("X-Trace-Id", "trace-1"), profiles.WithResponse(&ok)); err != nil {
				t.Fatal(err)
			}
			reqs := e.srv.Requests()
			if got := reqs[len(reqs)-1].Header.Get("X-Trace-Id"); got != "trace-1" {
				t.Errorf("X-Trace-Id on the wire = %q", got)
			}
			if ok.StatusCode/100 != 2 || ok.Attempts != 1 || ok.Duration <= 0 || ok.Header == nil {
				t.Errorf("WithResponse after success = %+v", ok)
			}
			if (tg.vendor == "haravan") != (ok.CallLimit != nil) {
				t.Errorf("CallLimit %v: only Haravan reports one", ok.CallLimit)
			}
			if len(events) != 2 || events[0].Attempt != 1 || !events[1].Final || events[1].Operation != tg.String() {
				t.Errorf("events of a plain call: %+v", events)
			}

			// Credential headers are refused before anything is sent.
			before := e.srv.RequestCount()
			for _, h := range credentialHeaders[tg.vendor] {
				if err := invoke(profiles.WithHeader(h, "x")); !errors.Is(err, profiles.ErrInvalidArgument) {
					t.Errorf("WithHeader(%q): want ErrInvalidArgument, got %v", h, err)
				}
			}
			if n := e.srv.RequestCount(); n > before {
				t.Errorf("%d requests sent by refused calls", n-before)
			}

			// One 503: the call's own policy decides, the client's (an hour's
			// backoff) does not.
			e.srv.InjectFault(1, fake.Fault{Status: http.StatusServiceUnavailable})
			var failed profiles.Response
			err := invoke(profiles.WithCallRetryPolicy(profiles.RetryPolicy{MaxRetries: 2, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond}), profiles.WithResponse(&failed))
			switch tg.class {
			case classRead:
				if err != nil || failed.Attempts != 2 {
					t.Errorf("503 then 200: err %v, %d attempts", err, failed.Attempts)
				}
				if len(events) != 3 || events[0].StatusCode != 503 || !events[0].Retry || events[0].RetryReason != "status 503" || events[1].StatusCode/100 != 2 || !events[2].Final || events[2].Attempt != 2 {
					t.Errorf("events of 503 then 200: %+v", events)
				}
			case classMoves:
				if !errors.Is(err, profiles.ErrOutcomeUnknown) || failed.StatusCode != 503 || failed.Attempts != 1 {
					t.Errorf("value-moving 503: err %v, response %+v", err, failed)
				}
				if len(events) != 2 || events[0].Retry || !events[1].Final || events[1].ErrorKind != profiles.KindOutcomeUnknown {
					t.Errorf("events of a value-moving 503: %+v", events)
				}
			}
			for _, ev := range events {
				if strings.ContainsAny(ev.Route, "0123456789") && !strings.Contains(ev.Route, "api/") && !strings.Contains(ev.Route, "v1") {
					t.Errorf("route %q carries an id, not a template", ev.Route)
				}
			}
		})
	}
}

// Every value an authenticator sends is a secret: Aktiv's AuthCookie and
// AuthHeader, echoed by a 401, are masked in the error text, Message, Body
// and the debug log, as they are and JSON-escaped.
func TestAuthenticatorValuesAreSecrets(t *testing.T) {
	t.Parallel()
	const session, apiKey = "sess/ion+cookie=value", "x-api/key+secret"
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		cookie, _ := r.Cookie("ASP.NET_SessionId")
		var got string
		if cookie != nil {
			got = cookie.Value
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		json.NewEncoder(w).Encode(map[string]string{"message": "session " + got + " and key " + r.Header.Get("X-Api-Key") + " refused",
			"php": echoForms(got)["php-json"] + echoForms(r.Header.Get("X-Api-Key"))["php-json"], "cookie": r.Header.Get("Cookie")})
	})
	for name, auth := range map[string]func(*http.Request){
		"AuthCookie": aktiv.AuthCookie("ASP.NET_SessionId", session),
		"AuthHeader": aktiv.AuthHeader("X-Api-Key", apiKey),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var logged lockedBuffer
			c, err := aktiv.NewClient(aktiv.Credentials{}, aktiv.WithAuthenticator(auth), profiles.WithBaseURL(srv.URL),
				profiles.WithLogger(slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(c.CloseIdleConnections)
			_, err = c.GetProfile(context.Background())
			var apiErr *profiles.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("want an APIError, got %v", err)
			}
			for _, secret := range []string{session, apiKey} {
				for where, text := range map[string]string{"Error()": err.Error(), "Message": apiErr.Message, "Body": string(apiErr.Body), "log": logged.String()} {
					for _, form := range []string{secret, echoForms(secret)["php-json"]} {
						if strings.Contains(text, form) {
							t.Errorf("%s carries the secret %q: %s", where, form, text)
						}
					}
				}
			}
		})
	}
}

// lockedBuffer is a bytes.Buffer safe for a logger's concurrent writes.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
