package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/aktiv"
	"github.com/profiles-sdk/profiles-go/cloudsigma"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/internal/rest"
	"github.com/profiles-sdk/profiles-go/kiwi"
)

// The benchmarks compare, for one representative call per vendor, the SDK
// with the call a careful user would write by hand: http.NewRequestWithContext,
// the headers the vendor needs, a client whose transport has the SDK's own
// tuning (rest.NewDefaultTransport), json.NewDecoder(resp.Body).Decode into a
// struct with the same fields, and closing the body. Both hit the same
// loopback server in the same run, so the difference is the SDK's own
// overhead: request building, the retry loop, the body guard, error
// classification and the vendor's tolerant decoders.
//
// Sub-benchmark names carry keys (vendor=, mode=, impl=) so that
// `benchstat -col /impl` puts sdk and raw side by side.

const userAgent = "profiles-go/bench"

// vendorCase is one vendor's representative call.
type vendorCase struct {
	name    string
	payload string            // testdata file, relative to this directory
	path    string            // request path (and query) the server answers
	header  map[string]string // response headers besides Content-Type
	// sdk returns a call through a client made for baseURL, and the client's
	// idle-connection closer.
	sdk func(tb testing.TB, baseURL string, opts ...profiles.Option) (call func(context.Context) error, closeIdle func())
	// raw returns the hand-written call.
	raw func(hc *http.Client, baseURL string) func(context.Context) error
}

var vendors = []vendorCase{
	{
		name:    "haravan",
		payload: "../../haravan/testdata/get_profile.json",
		path:    "/loy/profiles/360455.json",
		header:  map[string]string{"X-Haravan-Api-Call-Limit": "1/80"},
		sdk: func(tb testing.TB, base string, opts ...profiles.Option) (func(context.Context) error, func()) {
			c, err := haravan.NewClient(haravan.Credentials{AccessToken: "token"}, append(opts, profiles.WithBaseURL(base))...)
			if err != nil {
				tb.Fatal(err)
			}
			return func(ctx context.Context) error {
				p, err := c.GetProfile(ctx, 360455)
				if err == nil && p.ID != 360455 {
					err = fmt.Errorf("id %d", p.ID)
				}
				return err
			}, c.CloseIdleConnections
		},
		raw: func(hc *http.Client, base string) func(context.Context) error {
			url := base + "/loy/profiles/360455.json"
			return func(ctx context.Context) error {
				var out struct {
					Profile *rawHaravanProfile `json:"profile"`
				}
				err := rawGet(ctx, hc, url, &out, "Authorization", "Bearer token")
				if err == nil && (out.Profile == nil || out.Profile.ID != 360455) {
					err = fmt.Errorf("bad answer")
				}
				return err
			}
		},
	},
	{
		name:    "cloudsigma",
		payload: "../../cloudsigma/testdata/profile_get_response.json",
		path:    "/api/2.0/profile/",
		header:  map[string]string{"X-REQUEST-ID": "0b2f6a64-4a8c-4f3e-9a55-7e0b2f6a644a"},
		sdk: func(tb testing.TB, base string, opts ...profiles.Option) (func(context.Context) error, func()) {
			c, err := cloudsigma.NewClient(cloudsigma.Credentials{Token: "token"}, append(opts, profiles.WithBaseURL(base))...)
			if err != nil {
				tb.Fatal(err)
			}
			return func(ctx context.Context) error {
				p, err := c.GetProfile(ctx)
				if err == nil && p.UUID == "" {
					err = fmt.Errorf("no uuid")
				}
				return err
			}, c.CloseIdleConnections
		},
		raw: func(hc *http.Client, base string) func(context.Context) error {
			url := base + "/api/2.0/profile/"
			return func(ctx context.Context) error {
				var out rawCloudSigmaProfile
				err := rawGet(ctx, hc, url, &out, "Authorization", "Bearer token")
				if err == nil && out.UUID == "" {
					err = fmt.Errorf("no uuid")
				}
				return err
			}
		},
	},
	{
		name:    "aktiv",
		payload: "../../aktiv/testdata/get_accesscodes.json",
		path:    "/v1.0/profile/accesscodes",
		sdk: func(tb testing.TB, base string, opts ...profiles.Option) (func(context.Context) error, func()) {
			c, err := aktiv.NewClient(aktiv.Credentials{Token: "token"}, append(opts, profiles.WithBaseURL(base))...)
			if err != nil {
				tb.Fatal(err)
			}
			return func(ctx context.Context) error {
				codes, err := c.GetAccessCodes(ctx)
				if err == nil && len(codes) != 2 {
					err = fmt.Errorf("%d codes", len(codes))
				}
				return err
			}, c.CloseIdleConnections
		},
		raw: func(hc *http.Client, base string) func(context.Context) error {
			url := base + "/v1.0/profile/accesscodes"
			return func(ctx context.Context) error {
				var out struct {
					AccessCodes []rawAktivAccessCode `json:"accesscodes"`
				}
				err := rawGet(ctx, hc, url, &out, "Authorization", "Bearer token")
				if err == nil && len(out.AccessCodes) != 2 {
					err = fmt.Errorf("%d codes", len(out.AccessCodes))
				}
				return err
			}
		},
	},
	{
		name:    "kiwi",
		payload: "../../kiwi/testdata/profile_all.json",
		path:    "/api/1.0/account/profile?q=ALL",
		sdk: func(tb testing.TB, base string, opts ...profiles.Option) (func(context.Context) error, func()) {
			c, err := kiwi.NewClient(kiwi.Credentials{AppKey: "app", UserToken: "user"}, append(opts, profiles.WithBaseURL(base))...)
			if err != nil {
				tb.Fatal(err)
			}
			return func(ctx context.Context) error {
				p, err := c.GetAccountProfile(ctx)
				if err == nil && len(p.Subscriptions) != 4 {
					err = fmt.Errorf("%d subscriptions", len(p.Subscriptions))
				}
				return err
			}, c.CloseIdleConnections
		},
		raw: func(hc *http.Client, base string) func(context.Context) error {
			url := base + "/api/1.0/account/profile?q=ALL"
			return func(ctx context.Context) error {
				var out rawKiwiEnvelope
				err := rawGet(ctx, hc, url, &out, kiwi.AppKeyHeader, "app", kiwi.UserTokenHeader, "user")
				switch {
				case err != nil:
				case out.OperationStatus == nil || *out.OperationStatus != 0 || out.AccountProfile == nil:
					err = fmt.Errorf("bad envelope")
				case len(out.AccountProfile.Subscriptions) != 4:
					err = fmt.Errorf("%d subscriptions", len(out.AccountProfile.Subscriptions))
				}
				return err
			}
		},
	},
}

// The hand-written structs: the fields the SDK decodes, in the plain types
// encoding/json fills without help. Where a vendor sends a member in
// several types (Kiwi's ids and dates) a hand-written struct has to take
// any; everything else is typed.

type rawHaravanProfile struct {
	ID                int64      `json:"id"`
	FirstName         string     `json:"first_name"`
	LastName          string     `json:"last_name"`
	Phone             string     `json:"phone"`
	Email             string     `json:"email"`
	Gender            string     `json:"gender"`
	Birthday          *time.Time `json:"birthday"`
	ProfileCardNumber string     `json:"profile_card_number"`
	Address           string     `json:"address"`
	CountryCode       string     `json:"country_code"`
	CountryName       string     `json:"country_name"`
	ProvinceCode      string     `json:"province_code"`
	ProvinceName      string     `json:"province_name"`
	DistrictCode      string     `json:"district_code"`
	DistrictName      string     `json:"district_name"`
	WardCode          string     `json:"ward_code"`
	WardName          string     `json:"ward_name"`
	PointUsed         int64      `json:"point_used"`
	PointAvailable    int64      `json:"point_available"`
	PointIncoming     int64      `json:"point_incoming"`
	PointRanking      int64      `json:"point_ranking"`
	LevelID           int64      `json:"level_id"`
	LevelName         string     `json:"level_name"`
	TotalSpent        int64      `json:"total_spent"`
	TotalOrder        int64      `json:"total_order"`
	Status            string     `json:"status"`
	Attributes        []struct {
		ID    int64  `json:"id"`
		Key   string `json:"key"`
		Value string `json:"value"`
	} `json:"attributes"`
	LastOrderAt *time.Time `json:"last_order_at"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

type rawCloudSigmaProfile struct {
	Address              string         `json:"address"`
	APIHTTPSOnly         bool           `json:"api_https_only"`
	AutotopupAmount      string         `json:"autotopup_amount"`
	AutotopupThreshold   string         `json:"autotopup_threshold"`
	BankReference        string         `json:"bank_reference"`
	CloneNaming          string         `json:"clone_naming"`
	Company              string         `json:"company"`
	Country              string         `json:"country"`
	Currency             string         `json:"currency"`
	Email                string         `json:"email"`
	FirstName            string         `json:"first_name"`
	HasAutotopup         bool           `json:"has_autotopup"`
	HasTxAutotopup       bool           `json:"has_tx_autotopup"`
	Invoicing            bool           `json:"invoicing"`
	KeyAuth              bool           `json:"key_auth"`
	Language             string         `json:"language"`
	LastName             string         `json:"last_name"`
	MailingList          bool           `json:"mailing_list"`
	Meta                 map[string]any `json:"meta"`
	MyNotes              string         `json:"my_notes"`
	NetworkRestrictions  *string        `json:"network_restrictions"`
	Nickname             string         `json:"nickname"`
	Phone                string         `json:"phone"`
	Postcode             string         `json:"postcode"`
	Reseller             string         `json:"reseller"`
	SignupTime           time.Time      `json:"signup_time"`
	State                string         `json:"state"`
	TaxName              *string        `json:"tax_name"`
	TaxRate              *string        `json:"tax_rate"`
	Title                string         `json:"title"`
	Town                 string         `json:"town"`
	TxAutotopupAmount    string         `json:"tx_autotopup_amount"`
	TxAutotopupThreshold string         `json:"tx_autotopup_threshold"`
	UUID                 string         `json:"uuid"`
	VAT                  string         `json:"vat"`
}

type rawAktivAccessCode struct {
	ID      int `json:"_id"`
	Private *struct {
		Master string `json:"mastervalue"`
		Read   string `json:"readvalue"`
		Write  string `json:"writevalue"`
	} `json:"private"`
	Public struct {
		Text  string `json:"text"`
		Value string `json:"value"`
	} `json:"public"`
}

type rawKiwiEnvelope struct {
	OperationStatus *int `json:"operation_status"`
	AccountProfile  *struct {
		AccountInfo struct {
			AccountID         any    `json:"account_id"`
			IdentityPool      string `json:"identity_pool"`
			SignUpDate        any    `json:"sign_up_date"`
			LastContextUpdate any    `json:"last_context_update"`
		} `json:"account_info"`
		CredentialsInfo map[string]any `json:"credentials_info"`
		Subscriptions   []struct {
			ID                    any            `json:"id"`
			Platform              int            `json:"subscription_platform"`
			Type                  int            `json:"subscription_type"`
			Status                int            `json:"subscription_status"`
			CancelReason          any            `json:"cancel_reason"`
			SKU                   string         `json:"sku"`
			CurrencyCode          string         `json:"currency_code"`
			Price                 int64          `json:"price"`
			ExternalTransactionID string         `json:"external_transaction_id"`
			CreatedAsTrial        bool           `json:"created_as_trial"`
			TrialDurationInDays   int            `json:"trial_duration_in_days"`
			ActivatedAt           any            `json:"activated_at"`
			ExpiresAt             any            `json:"expires_at"`
			LastRenewAt           any            `json:"last_renew_at"`
			ExtraData             map[string]any `json:"extra_data"`
		} `json:"subscriptions"`
		Context map[string]any `json:"context"`
	} `json:"account_profile"`
}

// rawGet is the hand-written call: build, set headers, send, check the
// status, decode, close.
func rawGet(ctx context.Context, hc *http.Client, url string, out any, kv ...string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", "application/json")
	for i := 0; i < len(kv); i += 2 {
		req.Header.Set(kv[i], kv[i+1])
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// tunedClient is a hand-written client with the SDK's transport tuning.
func tunedClient() *http.Client { return &http.Client{Transport: rest.NewDefaultTransport()} }

// defaultClient is a hand-written client on a fresh copy of Go's default
// transport (2 idle connections per host).
func defaultClient() *http.Client {
	return &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
}

func closeIdle(hc *http.Client) { hc.CloseIdleConnections() }

// server is a loopback server answering every request with one payload,
// counting the connections it accepts and the requests it serves.
type server struct {
	*httptest.Server
	conns    atomic.Int64
	requests atomic.Int64
}

func newServer(tb testing.TB, h http.Handler) *server {
	s := &server{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		h.ServeHTTP(w, r)
	}))
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	tb.Cleanup(s.Close)
	return s
}

func payloadHandler(tb testing.TB, file string, header map[string]string) http.Handler {
	body, err := os.ReadFile(filepath.FromSlash(file))
	if err != nil {
		tb.Fatal(err)
	}
	length := strconv.Itoa(len(body))
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		h := w.Header()
		h["Content-Type"] = []string{"application/json; charset=utf-8"}
		h["Content-Length"] = []string{length}
		for k, v := range header {
			h.Set(k, v)
		}
		_, _ = w.Write(body)
	})
}

// warmupCalls are made by each side before each measurement.
const warmupCalls = 500

// warmUp makes warmupCalls calls of each of calls, in turn, before the
// clock starts: the connections, the server's goroutines, the heap's size
// and the decoders' caches. With one warm-up call, whichever side ran first
// in the process paid for all of it.
func warmUp(b *testing.B, calls ...func(context.Context) error) {
	ctx := context.Background()
	for range warmupCalls {
		for _, call := range calls {
			if err := call(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
	runtime.GC()
}

// runCall measures call sequentially or with b.RunParallel.
func runCall(b *testing.B, parallel bool, call func(context.Context) error) {
	ctx := context.Background()
	warmUp(b, call)
	b.ReportAllocs()
	b.ResetTimer()
	if !parallel {
		for i := 0; i < b.N; i++ {
			if err := call(ctx); err != nil {
				b.Fatal(err)
			}
		}
		return
	}
	b.SetParallelism(4)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := call(ctx); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkCall compares the SDK with the hand-written call, per vendor,
// sequentially and in parallel.
func BenchmarkCall(b *testing.B) {
	for _, v := range vendors {
		b.Run("vendor="+v.name, func(b *testing.B) {
			srv := newServer(b, payloadHandler(b, v.payload, v.header))
			for _, mode := range []string{"seq", "par"} {
				parallel := mode == "par"
				b.Run("mode="+mode, func(b *testing.B) {
					sdk := func(b *testing.B) {
						call, closeIdle := v.sdk(b, srv.URL)
						defer closeIdle()
						runCall(b, parallel, call)
					}
					raw := func(b *testing.B) {
						hc := tunedClient()
						defer closeIdle(hc)
						runCall(b, parallel, v.raw(hc, srv.URL))
					}
					// .ci/bench alternates the order from pass to pass, so
					// that neither side always runs first.
					if os.Getenv("BENCH_RAW_FIRST") != "" {
						b.Run("impl=raw", raw)
						b.Run("impl=sdk", sdk)
						return
					}
					b.Run("impl=sdk", sdk)
					b.Run("impl=raw", raw)
				})
			}
		})
	}
}

// hammer runs callers goroutines, each making calls calls, and returns the
// first error.
func hammer(callers, calls int, call func(context.Context) error) error {
	var wg sync.WaitGroup
	var first atomic.Pointer[error]
	ctx := context.Background()
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range calls {
				if err := call(ctx); err != nil {
					first.CompareAndSwap(nil, &err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if p := first.Load(); p != nil {
		return *p
	}
	return nil
}

// connCase is a client whose connections to one host are counted.
type connCase struct {
	name string
	make func(tb testing.TB, base string) (func(context.Context) error, func())
}

var haravanCase = vendors[0]

var connCases = []connCase{
	{"sdk", func(tb testing.TB, base string) (func(context.Context) error, func()) {
		return haravanCase.sdk(tb, base)
	}},
	{"raw-sdk-transport", func(_ testing.TB, base string) (func(context.Context) error, func()) {
		hc := tunedClient()
		return haravanCase.raw(hc, base), hc.CloseIdleConnections
	}},
	{"raw-go-default-transport", func(_ testing.TB, base string) (func(context.Context) error, func()) {
		hc := defaultClient()
		return haravanCase.raw(hc, base), hc.CloseIdleConnections
	}},
}

const concurrentCallers = 32

// countConns makes calls calls from each of 32 goroutines through one
// client and returns how many connections the server accepted.
func countConns(tb testing.TB, c connCase, calls int) int64 {
	srv := newServer(tb, payloadHandler(tb, haravanCase.payload, haravanCase.header))
	call, closeIdle := c.make(tb, srv.URL)
	defer closeIdle()
	if err := hammer(concurrentCallers, calls, call); err != nil {
		tb.Fatal(err)
	}
	return srv.conns.Load()
}

// BenchmarkConns reports the connections 32 concurrent callers of one
// client open to one host (metric "conns"), for the SDK's default client,
// a hand-written client with the SDK's transport, and one with Go's default
// transport.
func BenchmarkConns(b *testing.B) {
	for _, c := range connCases {
		b.Run("impl="+c.name, func(b *testing.B) {
			b.ReportAllocs()
			calls := max(b.N/concurrentCallers, 1)
			n := countConns(b, c, calls)
			b.ReportMetric(float64(n), "conns")
		})
	}
}

// TestConcurrentCallersShareConnections checks the count (not a timing):
// 32 concurrent callers on one default SDK client open at most 40
// connections to one host.
func TestConcurrentCallersShareConnections(t *testing.T) {
	t.Parallel()
	for _, c := range connCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			n := countConns(t, c, 50)
			t.Logf("%s: %d connections for %d concurrent callers", c.name, n, concurrentCallers)
			if c.name == "sdk" && n > 40 {
				t.Errorf("the SDK opened %d connections for %d concurrent callers, want at most 40", n, concurrentCallers)
			}
		})
	}
}
