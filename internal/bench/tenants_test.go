package bench

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
)

// The tenant scenario: a Haravan app installed in many shops holds one
// access token, so one *haravan.Client, per shop, every one calling the
// same host. Clients built without WithHTTPClient share one connection
// pool, so the process keeps as many connections as calls in flight, not
// one pool per shop.
const (
	tenantShops     = 2000
	tenantWorkers   = 32
	tenantCalls     = 2  // GetProfile calls per shop
	maxTenantConns  = 64 // connections for 32 workers
	maxTenantHeapKB = 16 // KiB of live heap per shop after its calls
)

// tenantRun is what one run of the scenario left behind.
type tenantRun struct {
	conns         int64   // connections the server accepted
	heapPerShop   float64 // bytes of live heap per shop client, after a GC
	goroutinesNew int     // goroutines more than before the run
}

// runTenants builds shops Haravan clients (each with its own token and
// pacer, as a real app would), has 32 workers make 2 GetProfile calls per
// shop against one loopback server, and measures with the clients still
// alive.
func runTenants(tb testing.TB, shops int) tenantRun {
	srv := newServer(tb, payloadHandler(tb, haravanCase.payload, haravanCase.header))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	goroutines := runtime.NumGoroutine()

	clients := make([]*haravan.Client, shops)
	for i := range clients {
		c, err := haravan.NewClient(haravan.Credentials{AccessToken: fmt.Sprintf("shop-%d-token", i)},
			profiles.WithBaseURL(srv.URL), haravan.WithPacing())
		if err != nil {
			tb.Fatal(err)
		}
		clients[i] = c
	}
	var next atomic.Int64
	var failed atomic.Pointer[error]
	var wg sync.WaitGroup
	for range tenantWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1) - 1; i < int64(shops); i = next.Add(1) - 1 {
				for range tenantCalls {
					if _, err := clients[i].GetProfile(context.Background(), 360455); err != nil {
						failed.CompareAndSwap(nil, &err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	if err := failed.Load(); err != nil {
		tb.Fatal(*err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	run := tenantRun{
		conns:         srv.conns.Load(),
		heapPerShop:   (float64(after.HeapAlloc) - float64(before.HeapAlloc)) / float64(shops),
		goroutinesNew: runtime.NumGoroutine() - goroutines,
	}
	runtime.KeepAlive(clients)
	return run
}

// TestManyTenantsShareConnections checks counts, not timings: 2,000 shop
// clients served by 32 workers open at most 64 connections and keep at
// most 16 KiB of heap each once their calls are done.
func TestManyTenantsShareConnections(t *testing.T) {
	// Not parallel: heap figures are process-wide.
	run := runTenants(t, tenantShops)
	t.Logf("%d shops, %d workers: %d connections, %.1f KiB of heap per shop, %d goroutines more",
		tenantShops, tenantWorkers, run.conns, run.heapPerShop/1024, run.goroutinesNew)
	if run.conns > maxTenantConns {
		t.Errorf("%d shop clients opened %d connections for %d workers, want at most %d",
			tenantShops, run.conns, tenantWorkers, maxTenantConns)
	}
	if run.heapPerShop > maxTenantHeapKB<<10 {
		t.Errorf("%.1f KiB of heap per shop client, want at most %d KiB", run.heapPerShop/1024, maxTenantHeapKB)
	}
}

// BenchmarkTenants runs the tenant scenario b.N times and reports its
// connections ("conns"), live heap per shop ("heap-B/shop") and the
// goroutines left running ("goroutines").
func BenchmarkTenants(b *testing.B) {
	b.ReportAllocs()
	var run tenantRun
	for i := 0; i < b.N; i++ {
		run = runTenants(b, tenantShops)
	}
	b.ReportMetric(float64(run.conns), "conns")
	b.ReportMetric(run.heapPerShop, "heap-B/shop")
	b.ReportMetric(float64(run.goroutinesNew), "goroutines")
}
