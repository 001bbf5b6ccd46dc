package cloudsigma_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/cloudsigma"
)

// documentedLocations is the table of the API documentation.
var documentedLocations = map[string]string{
	"per":  "https://per.cloudsigma.com",
	"dus":  "https://dus.cloudsigma.com",
	"fra":  "https://fra.cloudsigma.com",
	"tyo":  "https://tyo.cloudsigma.com",
	"crk":  "https://crk.cloudsigma.com",
	"mnl":  "https://mnl.cloudsigma.com",
	"mnl2": "https://mnl2.cloudsigma.com",
	"gva":  "https://gva.cloudsigma.com",
	"zrh":  "https://zrh.cloudsigma.com",
	"cwl":  "https://cwl.cloudsigma.com",
	"lon":  "https://lon.cloudsigma.com",
	"hnl":  "https://hnl.cloudsigma.com",
	"dub":  "https://ec.servecentric.com",
	"ruh":  "https://ruh.cld.v2.sa",
	"adb":  "https://siaflex.cloud",
	"wdc":  "https://wdc.alpha3cloud.com",
}

func TestLocationsTable(t *testing.T) {
	t.Parallel()
	locs := cloudsigma.Locations()
	if len(locs) != len(documentedLocations) {
		t.Fatalf("Locations() has %d entries, want %d", len(locs), len(documentedLocations))
	}
	for i, l := range locs {
		if want := documentedLocations[l.Code]; l.BaseURL != want {
			t.Errorf("location %q: BaseURL %q, want %q", l.Code, l.BaseURL, want)
		}
		if i > 0 && locs[i-1].Code >= l.Code {
			t.Errorf("Locations() not sorted by code at %q", l.Code)
		}
	}
	locs[0].BaseURL = "https://evil.example"
	if cloudsigma.Locations()[0].BaseURL == "https://evil.example" {
		t.Error("Locations() returns the package's own slice")
	}
}

func TestLookupLocation(t *testing.T) {
	t.Parallel()
	if l, ok := cloudsigma.LookupLocation(" FRA "); !ok || l.Code != "fra" {
		t.Errorf("LookupLocation(FRA) = %+v, %v", l, ok)
	}
	if _, ok := cloudsigma.LookupLocation("xyz"); ok {
		t.Error("LookupLocation(xyz) found something")
	}
}

// TestWithLocationSendsToHost sends a call per location through a mock
// transport and checks the full URL.
func TestWithLocationSendsToHost(t *testing.T) {
	t.Parallel()
	for code, base := range documentedLocations {
		t.Run(code, func(t *testing.T) {
			t.Parallel()
			mt := httpmock.NewMockTransport()
			mt.RegisterResponder(http.MethodGet, base+"/api/2.0/profile/", httpmock.NewStringResponder(200, `{"uuid":"u"}`))
			c, err := cloudsigma.NewClient(cloudsigma.Credentials{Token: "t"}, cloudsigma.WithLocation(code),
				profiles.WithHTTPClient(&http.Client{Transport: mt}))
			if err != nil {
				t.Fatal(err)
			}
			if c.BaseURL() != base {
				t.Errorf("BaseURL() = %q, want %q", c.BaseURL(), base)
			}
			if _, err := c.GetProfile(context.Background()); err != nil {
				t.Fatalf("GetProfile: %v", err)
			}
			if n := mt.GetTotalCallCount(); n != 1 {
				t.Errorf("%d calls, want 1", n)
			}
		})
	}
}

func TestDefaultLocationIsZurich(t *testing.T) {
	t.Parallel()
	c, err := cloudsigma.NewClient(cloudsigma.Credentials{Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL() != "https://zrh.cloudsigma.com" || cloudsigma.DefaultLocation != "zrh" {
		t.Errorf("default BaseURL %q", c.BaseURL())
	}
}

func TestWithBaseURLWinsOverLocation(t *testing.T) {
	t.Parallel()
	orders := map[string][]profiles.Option{
		"location first": {cloudsigma.WithLocation("wdc"), profiles.WithBaseURL("https://gw.example/cs")},
		"base URL first": {profiles.WithBaseURL("https://gw.example/cs"), cloudsigma.WithLocation("wdc")},
	}
	for name, opts := range orders {
		mt := httpmock.NewMockTransport()
		mt.RegisterResponder(http.MethodGet, "https://gw.example/cs/api/2.0/profile/", httpmock.NewStringResponder(200, `{}`))
		c, err := cloudsigma.NewClient(cloudsigma.Credentials{Token: "t"}, append(opts, profiles.WithHTTPClient(&http.Client{Transport: mt}))...)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := c.GetProfile(context.Background()); err != nil {
			t.Errorf("%s: GetProfile: %v (the path must be appended after the base URL's)", name, err)
		}
	}
}

func TestUnknownLocation(t *testing.T) {
	t.Parallel()
	for _, code := range []string{"", "zurich", "xyz"} {
		_, err := cloudsigma.NewClient(cloudsigma.Credentials{Token: "t"}, cloudsigma.WithLocation(code))
		if err == nil {
			t.Fatalf("WithLocation(%q) accepted", code)
		}
		for want := range documentedLocations {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not list %q", err, want)
			}
		}
	}
}

func TestDefaultBaseURLIsTheDefaultLocation(t *testing.T) {
	t.Parallel()
	loc, ok := cloudsigma.LookupLocation(cloudsigma.DefaultLocation)
	if !ok || loc.BaseURL != cloudsigma.DefaultBaseURL {
		t.Fatalf("LookupLocation(%q) = %+v, %v; want %s", cloudsigma.DefaultLocation, loc, ok, cloudsigma.DefaultBaseURL)
	}
	c, err := cloudsigma.NewClient(cloudsigma.Credentials{Token: "t0ken-1"})
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL() != cloudsigma.DefaultBaseURL {
		t.Errorf("BaseURL() = %s", c.BaseURL())
	}
}
