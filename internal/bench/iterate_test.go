package bench

import (
	"bytes"
	"context"
	"net/http"
	"runtime"
	"strconv"
	"testing"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
)

// profilePrefix and profileSuffix surround the id of a generated Haravan
// profile: the documentation's example with an attribute added.
const (
	profilePrefix = `{"id":`
	profileSuffix = `,"first_name":"Nguyễn","last_name":"Văn A","gender":"male","birthday":"1990-02-03",` +
		`"profile_card_number":"100006037116","phone":"0901234567","email":"a@example.com",` +
		`"address":"12 Lê Lợi","country_code":"vn","country_name":"Vietnam","province_code":"HC",` +
		`"province_name":"Hồ Chí Minh","district_code":"HC476","district_name":"Quận 1",` +
		`"ward_code":"26740","ward_name":"Phường Bến Nghé","point_used":900,"point_available":6100,` +
		`"point_ranking":10350,"point_incoming":0,"level_id":2106,"level_name":"Member",` +
		`"total_spent":1035000,"total_order":6,"status":"enabled",` +
		`"attributes":[{"id":1,"key":"source","value":"pos"}],` +
		`"last_order_at":"2020-05-08T04:08:06.000000Z","created_at":"2020-04-15T09:28:57.000000Z",` +
		`"updated_at":"2020-07-21T08:33:36.000000Z"}`
)

// pagesHandler serves GET /loy/profiles.json for total profiles with ids
// 1..total, generating the page asked for on the fly, as Haravan pages:
// page and limit (capped at 50).
func pagesHandler(total int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		page, _ := strconv.Atoi(q.Get("page"))
		limit, _ := strconv.Atoi(q.Get("limit"))
		page = max(page, 1)
		if limit <= 0 || limit > haravan.MaxPageSize {
			limit = haravan.MaxPageSize
		}
		var buf bytes.Buffer
		buf.Grow(limit * (len(profilePrefix) + len(profileSuffix) + 8))
		buf.WriteString(`{"profiles":[`)
		for i, id := 0, (page-1)*limit+1; i < limit && id <= total; i, id = i+1, id+1 {
			if i > 0 {
				buf.WriteByte(',')
			}
			buf.WriteString(profilePrefix)
			buf.WriteString(strconv.Itoa(id))
			buf.WriteString(profileSuffix)
		}
		buf.WriteString(`]}`)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("X-Haravan-Api-Call-Limit", "1/80")
		_, _ = w.Write(buf.Bytes())
	})
}

// walk is one walk over every profile.
type walk struct {
	profiles   int    // profiles seen
	requests   int64  // requests the server answered
	peakInuse  uint64 // largest HeapInuse seen at a page boundary
	peakLive   uint64 // largest HeapAlloc after a GC at a page boundary (forceGC only)
	lastIDSeen int64
}

// walkProfiles iterates total profiles through (*haravan.Client).Profiles,
// reading memory statistics at the start of every page; with forceGC it
// collects first, so that peakLive is what the walk keeps alive.
func walkProfiles(tb testing.TB, c *haravan.Client, srv *server, forceGC bool) walk {
	var w walk
	var ms runtime.MemStats
	before := srv.requests.Load()
	for p, err := range c.Profiles(context.Background(), nil) {
		if err != nil {
			tb.Fatal(err)
		}
		if w.profiles%haravan.MaxPageSize == 0 {
			if forceGC {
				runtime.GC()
			}
			runtime.ReadMemStats(&ms)
			w.peakInuse = max(w.peakInuse, ms.HeapInuse)
			w.peakLive = max(w.peakLive, ms.HeapAlloc)
		}
		w.profiles++
		w.lastIDSeen = p.ID
	}
	w.requests = srv.requests.Load() - before
	return w
}

func newHaravanPages(tb testing.TB, total int) (*haravan.Client, *server) {
	srv := newServer(tb, pagesHandler(total))
	c, err := haravan.NewClient(haravan.Credentials{AccessToken: "token"}, profiles.WithBaseURL(srv.URL))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(c.CloseIdleConnections)
	return c, srv
}

// BenchmarkHaravanProfiles walks 1,000 and 10,000 profiles and reports
// requests per walk and the peak heap in use (sampled at every page): the
// latter must not grow with the number of profiles.
func BenchmarkHaravanProfiles(b *testing.B) {
	for _, total := range []int{1000, 10000} {
		b.Run("profiles="+strconv.Itoa(total), func(b *testing.B) {
			c, srv := newHaravanPages(b, total)
			b.ReportAllocs()
			runtime.GC()
			b.ResetTimer()
			var peak uint64
			var requests int64
			for i := 0; i < b.N; i++ {
				w := walkProfiles(b, c, srv, false)
				if w.profiles != total {
					b.Fatalf("walked %d profiles, want %d", w.profiles, total)
				}
				peak = max(peak, w.peakInuse)
				requests = w.requests
			}
			b.ReportMetric(float64(requests), "requests/op")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}

// TestHaravanProfilesFlatMemory checks counts, not timings: 10,000
// profiles take ceil(10000/50)+1 requests at most, and what the walk keeps
// alive does not grow with the number of profiles (one page at a time).
func TestHaravanProfilesFlatMemory(t *testing.T) {
	// Not parallel: heap figures are process-wide.
	live := map[int]uint64{}
	for _, total := range []int{1000, 10000} {
		c, srv := newHaravanPages(t, total)
		w := walkProfiles(t, c, srv, true)
		if w.profiles != total || w.lastIDSeen != int64(total) {
			t.Fatalf("walked %d profiles ending at id %d, want %d", w.profiles, w.lastIDSeen, total)
		}
		maxRequests := int64((total+haravan.MaxPageSize-1)/haravan.MaxPageSize + 1)
		if w.requests > maxRequests {
			t.Errorf("%d profiles took %d requests, want at most %d", total, w.requests, maxRequests)
		}
		live[total] = w.peakLive
		t.Logf("%d profiles: %d requests, peak live heap %d KiB, peak heap in use %d KiB",
			total, w.requests, w.peakLive>>10, w.peakInuse>>10)
	}
	// Kept alive, 9,000 more profiles would be several MiB more; one page
	// at a time, the difference is noise.
	if growth := int64(live[10000]) - int64(live[1000]); growth > 1<<20 {
		t.Errorf("peak live heap grew by %d KiB from 1,000 to 10,000 profiles; want flat", growth>>10)
	}
}
