package aktiv_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/aktiv"
)

// wireCase is one method's expected request.
type wireCase struct {
	name   string
	answer string // 200 body the server sends
	call   func(ctx context.Context, c *aktiv.Client) error
	method string
	path   string
	body   string // exact JSON body, "" for none
}

func wireCases(t *testing.T) []wireCase {
	return []wireCase{
		{
			name: "GetProfile", answer: string(readTestdata(t, "get_profile.json")),
			call:   func(ctx context.Context, c *aktiv.Client) error { _, err := c.GetProfile(ctx); return err },
			method: http.MethodGet, path: "/v1.0/profile",
		},
		{
			name: "GetAccessCodes", answer: string(readTestdata(t, "get_accesscodes.json")),
			call:   func(ctx context.Context, c *aktiv.Client) error { _, err := c.GetAccessCodes(ctx); return err },
			method: http.MethodGet, path: "/v1.0/profile/accesscodes",
		},
		{
			name: "GetBalance", answer: string(readTestdata(t, "get_balance.json")),
			call:   func(ctx context.Context, c *aktiv.Client) error { _, err := c.GetBalance(ctx); return err },
			method: http.MethodGet, path: "/v1.0/profile/balance",
		},
		{
			name: "PutProfile",
			call: func(ctx context.Context, c *aktiv.Client) error {
				return c.PutProfile(ctx, aktiv.ProfileUpdate{CompanyName: "Aktiv & <Co>", CountryID: 185, Phone: "12345", FirstName: "John", LastName: "Doe"})
			},
			method: http.MethodPut, path: "/v1.0/profile",
			body: `{"companyName":"Aktiv & <Co>","countryId":185,"phone":"12345","firstName":"John","lastName":"Doe"}`,
		},
		{
			name: "PutProfileBlankFields",
			call: func(ctx context.Context, c *aktiv.Client) error {
				return c.PutProfile(ctx, aktiv.ProfileUpdate{CompanyName: "Aktiv"})
			},
			method: http.MethodPut, path: "/v1.0/profile",
			body: `{"companyName":"Aktiv","countryId":0,"phone":"","firstName":"","lastName":""}`,
		},
		{
			name: "PutSettings",
			call: func(ctx context.Context, c *aktiv.Client) error {
				return c.PutSettings(ctx, aktiv.SettingsUpdate{Language: 1})
			},
			method: http.MethodPut, path: "/v1.0/profile/settings", body: `{"lang":1}`,
		},
		{
			name: "PutSettingsZero",
			call: func(ctx context.Context, c *aktiv.Client) error {
				return c.PutSettings(ctx, aktiv.SettingsUpdate{Language: 0})
			},
			method: http.MethodPut, path: "/v1.0/profile/settings", body: `{"lang":0}`,
		},
	}
}

// TestWire checks every method's method, path, query, headers and exact
// body.
func TestWire(t *testing.T) {
	t.Parallel()
	for _, tc := range wireCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newRecorder(t, http.StatusOK, "application/json", tc.answer)
			c := newClient(t, srv.URL, testToken, profiles.WithUserAgent("acme/1.0"))
			if err := tc.call(context.Background(), c); err != nil {
				t.Fatalf("call: %v", err)
			}
			reqs := srv.requests()
			if len(reqs) != 1 {
				t.Fatalf("server saw %d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Method != tc.method || r.RawPath != tc.path || r.Query != "" {
				t.Errorf("request = %s %s?%s, want %s %s", r.Method, r.RawPath, r.Query, tc.method, tc.path)
			}
			if got := r.Header.Get("Authorization"); got != "Bearer "+testToken {
				t.Errorf("Authorization = %q", got)
			}
			if got := r.Header.Get("Accept"); got != "application/json" {
				t.Errorf("Accept = %q", got)
			}
			if ua := r.Header.Get("User-Agent"); !strings.HasPrefix(ua, "profiles-go/") || !strings.HasSuffix(ua, " acme/1.0") {
				t.Errorf("User-Agent = %q", ua)
			}
			if tc.body == "" {
				if len(r.Body) != 0 || r.Header.Get("Content-Type") != "" {
					t.Errorf("GET carried a body %q / Content-Type %q", r.Body, r.Header.Get("Content-Type"))
				}
				return
			}
			if got := r.Header.Get("Content-Type"); got != "application/json" {
				t.Errorf("Content-Type = %q", got)
			}
			if string(r.Body) != tc.body {
				t.Errorf("body = %s\nwant   %s", r.Body, tc.body)
			}
		})
	}
}

// TestRequestBodiesMatchTheDocs compares the bodies sent for the page's
// example values with the page's own request examples.
func TestRequestBodiesMatchTheDocs(t *testing.T) {
	t.Parallel()
	cases := []struct {
		file string
		call func(ctx context.Context, c *aktiv.Client) error
	}{
		{"put_profile_request.json", func(ctx context.Context, c *aktiv.Client) error {
			return c.PutProfile(ctx, aktiv.ProfileUpdate{CompanyName: "Aktiv", CountryID: 185, Phone: "12345", FirstName: "John", LastName: "Doe"})
		}},
		{"put_settings_request.json", func(ctx context.Context, c *aktiv.Client) error {
			return c.PutSettings(ctx, aktiv.SettingsUpdate{Language: 1})
		}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			srv := newRecorder(t, http.StatusOK, "", "")
			if err := tc.call(context.Background(), newClient(t, srv.URL, testToken)); err != nil {
				t.Fatal(err)
			}
			var got, want map[string]any
			if err := json.Unmarshal(srv.requests()[0].Body, &got); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(readTestdata(t, tc.file), &want); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("sent %v, the docs show %v", got, want)
			}
		})
	}
}

func TestBaseURLPathPrefixIsKept(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, http.StatusOK, "application/json", string(readTestdata(t, "get_profile.json")))
	c := newClient(t, srv.URL+"/gw/aktiv/", testToken)
	if _, err := c.GetProfile(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := srv.requests()[0].RawPath; got != "/gw/aktiv/v1.0/profile" {
		t.Errorf("path = %q", got)
	}
}

func TestDefaultBaseURLIsTheGuessedHost(t *testing.T) {
	t.Parallel()
	c, err := aktiv.NewClient(aktiv.Credentials{Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.BaseURL(); got != "https://station.guardant.ru" {
		t.Errorf("BaseURL = %q", got)
	}
}

// TestEmptyPutAnswersAreAccepted: the page does not say what the PUTs
// answer, so 200 with any body and 204 both succeed.
func TestEmptyPutAnswersAreAccepted(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusOK, http.StatusNoContent} {
		for _, body := range []string{"", `{"result":true}`} {
			if status == http.StatusNoContent && body != "" {
				continue
			}
			srv := newRecorder(t, status, "application/json", body)
			c := newClient(t, srv.URL, testToken)
			if err := c.PutSettings(context.Background(), aktiv.SettingsUpdate{Language: 2}); err != nil {
				t.Errorf("%d %q: %v", status, body, err)
			}
		}
	}
}

func TestAnswersWithoutTheirElementFail(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, http.StatusOK, "application/json", `{"something":"else"}`)
	c := newClient(t, srv.URL, testToken)
	ctx := context.Background()
	if _, err := c.GetProfile(ctx); err == nil || !strings.Contains(err.Error(), `"user"`) {
		t.Errorf("GetProfile: %v", err)
	}
	if _, err := c.GetAccessCodes(ctx); err == nil || !strings.Contains(err.Error(), `"accesscodes"`) {
		t.Errorf("GetAccessCodes: %v", err)
	}
	if _, err := c.GetBalance(ctx); err == nil || !strings.Contains(err.Error(), `"balance"`) {
		t.Errorf("GetBalance: %v", err)
	}
}

func TestBadCodeInAnswerFailsWithoutEchoingIt(t *testing.T) {
	t.Parallel()
	body := `{"accesscodes":[{"_id":1,"private":{"mastervalue":"0x123456789abc","readvalue":"0x1","writevalue":"0x2"},"public":{"text":"X","value":"0x3"}}]}`
	srv := newRecorder(t, http.StatusOK, "application/json", body)
	_, err := newClient(t, srv.URL, testToken).GetAccessCodes(context.Background())
	if err == nil || !strings.Contains(err.Error(), "32 bits") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "123456789abc") {
		t.Errorf("error repeats the private code: %v", err)
	}
	if !bytes.Contains([]byte(err.Error()), []byte("aktiv")) {
		t.Errorf("error does not name the package: %v", err)
	}
}
