package haravan_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go/haravan"
)

// scriptedPages answers /loy/profiles.json with pages[i % len(pages)] for
// the i-th request, whatever page it asks for: a server that ignores the
// page parameter.
func scriptedPages(t *testing.T, pages ...string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, pages[i%len(pages)])
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// page builds a list answer of profiles that carry only the given JSON
// members, e.g. page(`"phone":"0901"`, `"phone":"0902"`).
func page(members ...string) string {
	items := make([]string, len(members))
	for i, m := range members {
		items[i] = "{" + m + "}"
	}
	return `{"profiles":[` + strings.Join(items, ",") + `]}`
}

func walk(c *haravan.Client, opts *haravan.ListProfilesOptions) (n int, err error) {
	for _, err := range c.Profiles(context.Background(), opts) {
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// With fields=phone no id comes back, so a repeat must be seen in the
// contents: the second request answers the first page again.
func TestProfilesStopsWhenPageIgnoredWithoutIDs(t *testing.T) {
	t.Parallel()
	srv, requests := scriptedPages(t, page(`"phone":"0901"`, `"phone":"0902"`))
	c := newClient(t, srv.URL)
	n, err := walk(c, &haravan.ListProfilesOptions{Fields: []string{"phone"}, Limit: 2})
	if !errors.Is(err, haravan.ErrUnexpectedResponse) || !strings.Contains(err.Error(), "page 2 repeats page 1") {
		t.Fatalf("err = %v", err)
	}
	if n != 2 || requests.Load() != 2 {
		t.Errorf("%d profiles in %d requests, want 2 in 2", n, requests.Load())
	}
}

// Pages that alternate A, B, A, B never repeat the previous page; the walk
// must still end, at the third page.
func TestProfilesStopsOnAlternatingPages(t *testing.T) {
	t.Parallel()
	for name, pages := range map[string][]string{
		"with ids":   {page(`"id":1`, `"id":2`), page(`"id":3`, `"id":4`)},
		"phone only": {page(`"phone":"0901"`, `"phone":"0902"`), page(`"phone":"0903"`, `"phone":"0904"`)},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv, requests := scriptedPages(t, pages...)
			c := newClient(t, srv.URL)
			n, err := walk(c, &haravan.ListProfilesOptions{Limit: 2})
			if !errors.Is(err, haravan.ErrUnexpectedResponse) || !strings.Contains(err.Error(), "page 3 repeats page 1") {
				t.Fatalf("err = %v", err)
			}
			if n != 4 || requests.Load() != 3 {
				t.Errorf("%d profiles in %d requests, want 4 in 3", n, requests.Load())
			}
		})
	}
}

// Distinct full pages without ids walk on until a short page.
func TestProfilesWalksDistinctPagesWithoutIDs(t *testing.T) {
	t.Parallel()
	srv, requests := scriptedPages(t,
		page(`"phone":"0901"`, `"phone":"0902"`),
		page(`"phone":"0903"`, `"phone":"0904"`),
		page(`"phone":"0905"`))
	c := newClient(t, srv.URL)
	n, err := walk(c, &haravan.ListProfilesOptions{Fields: []string{"phone"}, Limit: 2})
	if err != nil || n != 5 || requests.Load() != 3 {
		t.Errorf("%d profiles in %d requests, err %v; want 5 in 3", n, requests.Load(), err)
	}
}

// A reading that cannot be true must not hold the pacer: "1000000/1" would
// otherwise make the next call wait 5555 hours, which the minute-long
// deadline below refuses at once.
func TestPacingIgnoresImpossibleCallLimit(t *testing.T) {
	t.Parallel()
	for _, reading := range []string{"1000000/1", "90/80", "5/1000000000", "2147483647/2147483647"} {
		t.Run(reading, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, 200, http.Header{haravan.CallLimitHeader: {reading}}, testdata(t, "get_profile.json"))
			c := newClient(t, rec.URL, haravan.WithPacing())
			for i := range 3 {
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				_, err := c.GetProfile(ctx, 360455)
				cancel()
				if err != nil {
					t.Fatalf("call %d after %q: %v", i+1, reading, err)
				}
			}
			if got := len(rec.requests()); got != 3 {
				t.Errorf("%d requests, want 3", got)
			}
		})
	}
}

// A shop that reports a full bucket makes the next call wait one leak
// interval, not more: the reading counts for at most a full bucket.
func TestPacingFullReadingWaitsOneInterval(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, 200, http.Header{haravan.CallLimitHeader: {"80/80"}}, testdata(t, "get_profile.json"))
	p, err := haravan.NewPacer(1e-3, 1) // one call per thousand seconds
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, rec.URL, haravan.WithLimiter(p))
	if _, err := c.GetProfile(context.Background(), 360455); err != nil {
		t.Fatal(err)
	}
	// One leak interval is 1000 s (16m40s, minus the time since the
	// reading): more than the deadline allows, so the call is refused.
	ctx, cancel := context.WithTimeout(context.Background(), 999*time.Second)
	defer cancel()
	if _, err := c.GetProfile(ctx, 360455); !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "pacing would wait 16m") {
		t.Fatalf("err = %v", err)
	}
}
