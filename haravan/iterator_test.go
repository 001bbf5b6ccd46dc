package haravan_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/haravan/haravantest"
)

func TestProfilesWalksEveryPage(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	var ids []int64
	for p, err := range c.Profiles(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	if len(ids) != srv.ProfileCount() {
		t.Fatalf("walked %d profiles, server holds %d", len(ids), srv.ProfileCount())
	}
	for i := 1; i < len(ids); i++ {
		if ids[i] <= ids[i-1] {
			t.Fatalf("ids out of order or repeated at %d: %d after %d", i, ids[i], ids[i-1])
		}
	}
	// 122 profiles: pages of 50, 50 and a short 22 that ends the walk.
	reqs := srv.Requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3", len(reqs))
	}
	for i, r := range reqs {
		if want := fmt.Sprintf("limit=50&page=%d", i+1); r.Query != want {
			t.Errorf("request %d query = %q, want %q", i, r.Query, want)
		}
	}
}

func TestProfilesFullLastPageCostsOneEmptyPage(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	for i := range 22 {
		srv.RemoveProfile(haravantest.FirstGeneratedID + int64(i))
	}
	n := 0
	for _, err := range c.Profiles(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 100 || srv.RequestCount() != 3 {
		t.Errorf("%d profiles in %d requests, want 100 in 3", n, srv.RequestCount())
	}
}

func TestProfilesBreakStopsFetching(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	n := 0
	for _, err := range c.Profiles(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 50 {
			break
		}
	}
	if srv.RequestCount() != 1 {
		t.Errorf("%d requests after breaking on the first page, want 1", srv.RequestCount())
	}
}

func TestProfilesErrorYieldedOnce(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	srv.InjectFault(1, haravantest.Fault{}) // first page normal
	srv.InjectFault(5, haravanFault(500, `{"errors":"boom"}`))
	var walked, errs int
	for p, err := range c.Profiles(context.Background(), nil) {
		if err != nil {
			errs++
			if p != nil {
				t.Error("a profile came with the error")
			}
			var apiErr *profiles.APIError
			if !errors.As(err, &apiErr) || apiErr.Message != "boom" {
				t.Errorf("err = %v", err)
			}
			continue // the walk must end by itself
		}
		walked++
	}
	if walked != 50 || errs != 1 || srv.RequestCount() != 2 {
		t.Errorf("%d profiles, %d errors, %d requests; want 50, 1, 2", walked, errs, srv.RequestCount())
	}
}

func TestProfilesInvalidOptionsYieldOneError(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	errs := 0
	for _, err := range c.Profiles(context.Background(), &haravan.ListProfilesOptions{Limit: 51}) {
		if !errors.Is(err, profiles.ErrInvalidArgument) {
			t.Errorf("err = %v", err)
		}
		errs++
	}
	if errs != 1 || srv.RequestCount() != 0 {
		t.Errorf("%d errors, %d requests", errs, srv.RequestCount())
	}
}

func TestProfilesLeavesOptionsAlone(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	opts := &haravan.ListProfilesOptions{Fields: []string{"id", "phone"}, Limit: 20, Page: 2, UpdatedAtMin: time.Date(2024, 1, 1, 7, 0, 0, 0, time.FixedZone("ICT", 7*3600))}
	before := *opts
	before.Fields = append([]string(nil), opts.Fields...)
	n := 0
	for p, err := range c.Profiles(context.Background(), opts) {
		if err != nil {
			t.Fatal(err)
		}
		if p.ID == 0 || p.FirstName != "" {
			t.Errorf("fields not honoured: %+v", p)
		}
		n++
	}
	if !reflect.DeepEqual(*opts, before) {
		t.Errorf("options changed: %+v, was %+v", *opts, before)
	}
	// 120 profiles updated since 2024, from page 2 of 20: five full pages
	// and an empty one.
	if n != 100 || srv.RequestCount() != 6 {
		t.Errorf("%d profiles in %d requests", n, srv.RequestCount())
	}
	if q := srv.Requests()[0].Query; !strings.Contains(q, "limit=20") || !strings.Contains(q, "page=2") || !strings.Contains(q, "updated_at_min=2024-01-01T00%3A00%3A00.000Z") {
		t.Errorf("first query = %s", q)
	}
}

func TestProfilesFilters(t *testing.T) {
	t.Parallel()
	_, c := newFake(t)
	ctx := context.Background()
	collect := func(opts *haravan.ListProfilesOptions) []int64 {
		var ids []int64
		for p, err := range c.Profiles(ctx, opts) {
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, p.ID)
		}
		return ids
	}
	if ids := collect(&haravan.ListProfilesOptions{Phone: "0909977921"}); !reflect.DeepEqual(ids, []int64{haravantest.JohnTerryID}) {
		t.Errorf("phone: %v", ids)
	}
	if ids := collect(&haravan.ListProfilesOptions{SinceID: haravantest.FirstGeneratedID + 117}); !reflect.DeepEqual(ids, []int64{haravantest.FirstGeneratedID + 118, haravantest.FirstGeneratedID + 119, haravantest.JohnTerryID}) {
		t.Errorf("since_id: %v", ids)
	}
	min := time.Date(2024, 1, 1, 2, 0, 0, 0, time.UTC)
	if ids := collect(&haravan.ListProfilesOptions{UpdatedAtMin: min, UpdatedAtMax: min.Add(time.Hour)}); !reflect.DeepEqual(ids, []int64{haravantest.FirstGeneratedID + 2, haravantest.FirstGeneratedID + 3}) {
		t.Errorf("updated_at: %v", ids)
	}
}

// TestProfilesTenThousand walks 10,000 profiles from a lightweight server
// and checks the request budget: ceil(10000/50)+1.
func TestProfilesTenThousand(t *testing.T) {
	t.Parallel()
	const total = 10000
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		q, _ := url.ParseQuery(r.URL.RawQuery)
		limit, _ := strconv.Atoi(q.Get("limit"))
		page, _ := strconv.Atoi(q.Get("page"))
		var b strings.Builder
		b.WriteString(`{"profiles":[`)
		for i := (page - 1) * limit; i < min(page*limit, total); i++ {
			if i > (page-1)*limit {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"id":%d,"updated_at":"2020-07-21T08:33:36.000000Z"}`, i+1)
		}
		b.WriteString(`]}`)
		_, _ = w.Write([]byte(b.String()))
	}))
	t.Cleanup(srv.Close)
	c := newClient(t, srv.URL)
	var n, last int64
	for p, err := range c.Profiles(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		if p.ID != last+1 {
			t.Fatalf("id %d after %d", p.ID, last)
		}
		last = p.ID
		n++
	}
	if n != total || requests.Load() > total/50+1 {
		t.Errorf("%d profiles in %d requests, budget %d", n, requests.Load(), total/50+1)
	}
}

func TestListProfilesCapsAndValidation(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	ctx := context.Background()
	for _, opts := range []*haravan.ListProfilesOptions{
		{Limit: -1}, {Limit: 51}, {Page: -1}, {SinceID: -5}, {Fields: []string{""}}, {Fields: []string{"id,phone"}},
		{UpdatedAtMin: time.Now(), UpdatedAtMax: time.Now().Add(-time.Hour)},
	} {
		if _, err := c.ListProfiles(ctx, opts); !errors.Is(err, profiles.ErrInvalidArgument) {
			t.Errorf("%+v: err = %v", opts, err)
		}
	}
	if srv.RequestCount() != 0 {
		t.Errorf("%d requests for invalid options", srv.RequestCount())
	}
	page, err := c.ListProfiles(ctx, nil)
	if err != nil || len(page) != 50 {
		t.Errorf("default page: %d profiles, %v", len(page), err)
	}
}

func TestProfilesStopsWhenPagesRepeat(t *testing.T) {
	t.Parallel()
	page := `{"profiles":[` + strings.TrimSuffix(strings.Repeat(`{"id":7},`, 50), ",") + `]}`
	rec := newRecorder(t, 200, nil, page)
	var n, errs int
	for _, err := range newClient(t, rec.URL).Profiles(context.Background(), nil) {
		if err != nil {
			if !errors.Is(err, haravan.ErrUnexpectedResponse) {
				t.Errorf("err = %v", err)
			}
			errs++
			continue
		}
		n++
	}
	if n != 50 || errs != 1 || len(rec.requests()) != 2 {
		t.Errorf("%d profiles, %d errors, %d requests", n, errs, len(rec.requests()))
	}
}
