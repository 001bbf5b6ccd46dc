// Package peer compares profiles-go with CloudSigma's own Go SDK
// (github.com/cloudsigma/cloudsigma-sdk-go) and a hand-written call, on
// one loopback server. It is a module of its own so that the SDK's go.mod
// does not gain the peer. See BENCHMARKS.md for the figures and how to run
// it.
package peer

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"testing"
	"time"

	vendor "github.com/cloudsigma/cloudsigma-sdk-go/cloudsigma"
	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/cloudsigma"
)

// clientTimeout bounds every call of every side: the SDK's per-attempt
// WithTimeout, the peer's and the hand-written call's http.Client.Timeout.
const clientTimeout = 30 * time.Second

// payload is CloudSigma's documented GET /profile/ answer.
const payload = "../../../cloudsigma/testdata/profile_get_response.json"

// side is one way of making the call.
type side struct {
	name string
	call func(context.Context) (uuid string, err error)
}

// newServer answers every request with the payload, as CloudSigma does.
func newServer(tb testing.TB) *httptest.Server {
	body, err := os.ReadFile(payload)
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-REQUEST-ID", "0b2f6a64-4a8c-4f3e-9a55-7e0b2f6a644a")
		_, _ = w.Write(body)
	}))
	tb.Cleanup(srv.Close)
	return srv
}

// sides returns the three calls, each on its own client. The peer and the
// hand-written call get a fresh copy of Go's default transport, what a
// user of either would have; profiles-go sends through its own.
func sides(tb testing.TB, srv *httptest.Server) []side {
	sdk, err := cloudsigma.NewClient(cloudsigma.Credentials{Token: "token"},
		profiles.WithBaseURL(srv.URL), profiles.WithTimeout(clientTimeout))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(sdk.CloseIdleConnections)

	rawClient := &http.Client{Timeout: clientTimeout, Transport: http.DefaultTransport.(*http.Transport).Clone()}
	tb.Cleanup(rawClient.CloseIdleConnections)
	rawURL := srv.URL + "/api/2.0/profile/"

	// The peer builds https://{location}.cloudsigma.com/api/2.0/ URLs; this
	// location makes that the loopback server, and the transport speaks
	// plain HTTP/1.1 where it would dial TLS, at no cost per call.
	peerTransport := http.DefaultTransport.(*http.Transport).Clone()
	peerTransport.DialTLSContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, srv.Listener.Addr().String())
	}
	peerHTTP := &http.Client{Timeout: clientTimeout, Transport: peerTransport}
	tb.Cleanup(peerHTTP.CloseIdleConnections)
	peer := vendor.NewClient(vendor.NewTokenCredentialsProvider("token"),
		vendor.WithLocation(srv.Listener.Addr().String()+"/api/2.0/?"), vendor.WithHTTPClient(peerHTTP))

	return []side{
		{"raw", func(ctx context.Context) (string, error) { return rawGet(ctx, rawClient, rawURL) }},
		{"sdk", func(ctx context.Context) (string, error) {
			p, err := sdk.GetProfile(ctx)
			if err != nil {
				return "", err
			}
			return p.UUID, nil
		}},
		{"peer", func(ctx context.Context) (string, error) {
			p, _, err := peer.Profile.Get(ctx)
			if err != nil {
				return "", err
			}
			return p.UUID, nil
		}},
	}
}

// rawProfile is the profile in the plain types encoding/json fills without
// help.
type rawProfile struct {
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

// rawGet is the hand-written call: build, set headers, send, check the
// status, decode, close.
func rawGet(ctx context.Context, hc *http.Client, url string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer token")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "hand-written")
	resp, err := hc.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("status %d", resp.StatusCode)
	}
	var p rawProfile
	err = json.NewDecoder(resp.Body).Decode(&p)
	return p.UUID, err
}

const wantUUID = "6f670b3c-a2e6-433f-aeab-b976b1cdaf03"

// TestSidesAgree checks that the three calls reach the server and read the
// same profile, so that the benchmark compares like with like.
func TestSidesAgree(t *testing.T) {
	srv := newServer(t)
	for _, s := range sides(t, srv) {
		uuid, err := s.call(context.Background())
		if err != nil || uuid != wantUUID {
			t.Errorf("%s: uuid %q, error %v; want %q", s.name, uuid, err, wantUUID)
		}
	}
}

// blockCalls is how many calls one side makes before the next takes its
// turn.
const blockCalls = 200

// blockResult is one block of one side.
type blockResult struct {
	perCall        time.Duration
	allocs, nbytes uint64 // heap allocations and bytes, the server's share included
}

// runBlock makes blockCalls calls of s.
func runBlock(b *testing.B, s side) blockResult {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	ctx := context.Background()
	start := time.Now()
	for range blockCalls {
		if _, err := s.call(ctx); err != nil {
			b.Fatal(s.name, err)
		}
	}
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	return blockResult{
		perCall: took / blockCalls,
		allocs:  (after.Mallocs - before.Mallocs) / blockCalls,
		nbytes:  (after.TotalAlloc - before.TotalAlloc) / blockCalls,
	}
}

// BenchmarkPeer runs b.N rounds; in each, the hand-written call, profiles-go
// and the peer each make a block of 200 calls, in an order that rotates
// from round to round, on one server. Metrics, medians over the rounds:
// "sdk/raw" and "peer/raw" (the ratio of each side's block to the
// hand-written block of the same round), each side's time per call, and
// its allocations and bytes per call (measured process-wide, so they
// include the loopback server's share, the same for every side). Run it
// with -benchtime 41x -cpu 1,2 (see BENCHMARKS.md).
func BenchmarkPeer(b *testing.B) {
	srv := newServer(b)
	all := sides(b, srv)
	ctx := context.Background()
	for range 500 { // warm up: connections, decoders' caches, the heap
		for _, s := range all {
			if _, err := s.call(ctx); err != nil {
				b.Fatal(s.name, err)
			}
		}
	}
	runtime.GC()
	results := make([][]blockResult, len(all))
	b.ResetTimer()
	for round := 0; round < b.N; round++ {
		for k := range all {
			i := (round + k) % len(all)
			results[i] = append(results[i], runBlock(b, all[i]))
		}
	}
	b.StopTimer()
	for i, s := range all {
		if i > 0 {
			b.ReportMetric(medianRatio(results[i], results[0]), s.name+"/raw")
		}
		b.ReportMetric(median(results[i], func(r blockResult) float64 { return float64(r.perCall) }), s.name+"-ns/call")
		b.ReportMetric(median(results[i], func(r blockResult) float64 { return float64(r.allocs) }), s.name+"-allocs/call")
		b.ReportMetric(median(results[i], func(r blockResult) float64 { return float64(r.nbytes) }), s.name+"-B/call")
	}
}

func median(rs []blockResult, f func(blockResult) float64) float64 {
	xs := make([]float64, len(rs))
	for i, r := range rs {
		xs[i] = f(r)
	}
	slices.Sort(xs)
	if len(xs)%2 == 1 {
		return xs[len(xs)/2]
	}
	return (xs[len(xs)/2-1] + xs[len(xs)/2]) / 2
}

// medianRatio is the median over the rounds of side's time over raw's.
func medianRatio(side, raw []blockResult) float64 {
	ratios := make([]blockResult, len(side))
	for i := range side {
		ratios[i].perCall = time.Duration(float64(side[i].perCall) / float64(raw[i].perCall) * 1e6)
	}
	return median(ratios, func(r blockResult) float64 { return float64(r.perCall) / 1e6 })
}
