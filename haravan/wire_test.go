package haravan_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
)

// checkCommon asserts the headers every request carries.
func checkCommon(t *testing.T, r recorded, wantBody bool) {
	t.Helper()
	if got := r.Header.Get("Authorization"); got != "Bearer "+testToken {
		t.Errorf("Authorization = %q", got)
	}
	if got := r.Header.Get("Accept"); got != "application/json" {
		t.Errorf("Accept = %q", got)
	}
	if got := r.Header.Get("User-Agent"); !strings.HasPrefix(got, "profiles-go/") {
		t.Errorf("User-Agent = %q", got)
	}
	if got := r.Header.Get("Content-Type"); wantBody && got != "application/json" || !wantBody && got != "" {
		t.Errorf("Content-Type = %q (body expected: %v)", got, wantBody)
	}
	if !wantBody && r.Body != "" {
		t.Errorf("unexpected body %q", r.Body)
	}
}

func TestWireListProfiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		opts  *haravan.ListProfilesOptions
		query string
	}{
		{"nil options", nil, ""},
		{"page only", &haravan.ListProfilesOptions{Page: 1}, "page=1"},
		{"every filter", &haravan.ListProfilesOptions{
			SinceID:      360455,
			Fields:       []string{"id", "phone", "point_available"},
			Phone:        "0909 977+921",
			UpdatedAtMin: time.Date(2008, 12, 31, 9, 1, 27, 483e6, time.FixedZone("ICT", 7*3600)),
			UpdatedAtMax: time.Date(2021, 10, 20, 14, 7, 45, 84e6, time.UTC),
			Limit:        50,
			Page:         3,
		}, "fields=id%2Cphone%2Cpoint_available&limit=50&page=3&phone=0909+977%2B921&since_id=360455" +
			"&updated_at_max=2021-10-20T14%3A07%3A45.084Z&updated_at_min=2008-12-31T02%3A01%3A27.483Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, 200, nil, testdata(t, "list_profiles.json"))
			c := newClient(t, rec.URL)
			got, err := c.ListProfiles(context.Background(), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0].ID != 360455 {
				t.Fatalf("profiles = %+v", got)
			}
			reqs := rec.requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests", len(reqs))
			}
			r := reqs[0]
			if r.Method != http.MethodGet || r.Path != "/loy/profiles.json" || r.RawQuery != tt.query {
				t.Errorf("request = %s %s?%s, want GET /loy/profiles.json?%s", r.Method, r.Path, r.RawQuery, tt.query)
			}
			checkCommon(t, r, false)
		})
	}
}

func TestWireReads(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		file string
		path string
		call func(*haravan.Client) error
	}{
		{"GetProfile", "get_profile.json", "/loy/profiles/360455.json", func(c *haravan.Client) error {
			_, err := c.GetProfile(context.Background(), 360455)
			return err
		}},
		{"GetProfileTags", "profile_tags.json", "/loy/profiles/360455/tags.json", func(c *haravan.Client) error {
			_, err := c.GetProfileTags(context.Background(), 360455)
			return err
		}},
		{"GetProfileAttributes", "profile_attributes.json", "/loy/profiles/360455/attributes.json", func(c *haravan.Client) error {
			_, err := c.GetProfileAttributes(context.Background(), 360455)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, 200, nil, testdata(t, tt.file))
			if err := tt.call(newClient(t, rec.URL)); err != nil {
				t.Fatal(err)
			}
			reqs := rec.requests()
			if len(reqs) != 1 || reqs[0].Method != http.MethodGet || reqs[0].Path != tt.path || reqs[0].RawQuery != "" {
				t.Fatalf("requests = %+v, want one GET %s", reqs, tt.path)
			}
			checkCommon(t, reqs[0], false)
		})
	}
}

func TestWirePoints(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		path   string
		change haravan.PointChange
		body   string
		call   func(*haravan.Client, context.Context, int64, haravan.PointChange, ...profiles.CallOption) (*haravan.Profile, error)
	}{
		{"AddPoints", "/loy/profiles/632910392/points/add.json",
			haravan.PointChange{Value: 10, Reason: "Mini game quay số 11/11"},
			`{"point":{"value":10,"reason":"Mini game quay số 11/11","ref_id":""}}`,
			(*haravan.Client).AddPoints},
		{"SubtractPoints", "/loy/profiles/632910392/points/subtract.json",
			haravan.PointChange{Value: 10, Reason: "Dùng điểm ở KOV mã ĐH #001234 <&>", RefID: "1234"},
			`{"point":{"value":10,"reason":"Dùng điểm ở KOV mã ĐH #001234 <&>","ref_id":"1234"}}`,
			(*haravan.Client).SubtractPoints},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, 200, nil, testdata(t, "add_points_response.json"))
			p, err := tt.call(newClient(t, rec.URL), context.Background(), 632910392, tt.change)
			if err != nil {
				t.Fatal(err)
			}
			if p.ID != 632910392 || p.PointAvailable != 110 {
				t.Errorf("profile = %d with %d points", p.ID, p.PointAvailable)
			}
			reqs := rec.requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests", len(reqs))
			}
			r := reqs[0]
			if r.Method != http.MethodPut || r.Path != tt.path || r.RawQuery != "" {
				t.Errorf("request = %s %s?%s", r.Method, r.Path, r.RawQuery)
			}
			if r.Body != tt.body {
				t.Errorf("body = %s\nwant   %s", r.Body, tt.body)
			}
			checkCommon(t, r, true)
		})
	}
}

func TestWireBaseURLWithPath(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, 200, nil, testdata(t, "get_profile.json"))
	c := newClient(t, rec.URL+"/gateway/hrv/")
	if _, err := c.GetProfile(context.Background(), 360455); err != nil {
		t.Fatal(err)
	}
	if got := rec.requests()[0].Path; got != "/gateway/hrv/loy/profiles/360455.json" {
		t.Errorf("path = %s", got)
	}
}

func TestWireUserAgentSuffix(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, 200, nil, testdata(t, "get_profile.json"))
	c := newClient(t, rec.URL, profiles.WithUserAgent("loyalty-sync/2.1"))
	if _, err := c.GetProfile(context.Background(), 360455); err != nil {
		t.Fatal(err)
	}
	ua := rec.requests()[0].Header.Get("User-Agent")
	if !strings.HasPrefix(ua, "profiles-go/") || !strings.HasSuffix(ua, " loyalty-sync/2.1") {
		t.Errorf("User-Agent = %q", ua)
	}
}
