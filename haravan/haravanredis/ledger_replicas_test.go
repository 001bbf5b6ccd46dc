package haravanredis_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/haravan/haravanredis"
	"github.com/profiles-sdk/profiles-go/haravan/haravantest"
)

// The ledger scenarios run on miniredis, and again on the real
// redis-server at REDIS_ADDR when it is set (.ci/run sets it). They are
// not parallel with other tests: their load (8 replicas, a child process)
// would eat into the limiter tests' short deadlines.

func TestLedgerScenariosOnMiniredis(t *testing.T) {
	rdb := newRedis(t, miniredis.RunT(t).Addr())
	runLedgerScenarios(t, rdb, func() *redis.Client { return rdb })
}

func TestIntegrationLedgerRealRedis(t *testing.T) {
	addr := redisAddr(t)
	rdb := newRedis(t, addr)
	if err := rdb.Ping(context.Background()).Err(); err != nil {
		t.Fatalf("REDIS_ADDR=%s: %v", addr, err)
	}
	runLedgerScenarios(t, rdb, func() *redis.Client { return newRedis(t, addr) })
}

// runLedgerScenarios runs every scenario; newRDB gives a replica its own
// Redis client (a new connection pool, where the Redis is a real one).
func runLedgerScenarios(t *testing.T, rdb *redis.Client, newRDB func() *redis.Client) {
	t.Run("life of a RefID", func(t *testing.T) { t.Parallel(); checkLedger(t, rdb, uniqueShop(t)) })
	t.Run("8 replicas, 200 deliveries each", func(t *testing.T) { t.Parallel(); eightReplicas(t, newRDB) })
	t.Run("replica killed between claim and send", func(t *testing.T) { t.Parallel(); killedReplica(t, rdb) })
	t.Run("faults over HTTP/1", func(t *testing.T) { t.Parallel(); everyFault(t, rdb, false) })
	t.Run("faults over HTTP/2", func(t *testing.T) { t.Parallel(); everyFault(t, rdb, true) })
}

// replicaClient is one replica's client: its own Ledger on the shared
// Redis, its own connection pool to the fake.
func replicaClient(t *testing.T, srv *haravantest.Server, l haravan.Ledger, opts ...profiles.Option) *haravan.Client {
	t.Helper()
	transport := http.DefaultTransport.(*http.Transport).Clone()
	if srv.TLS != nil {
		transport = srv.Client().Transport.(*http.Transport).Clone()
	}
	t.Cleanup(transport.CloseIdleConnections)
	opts = append([]profiles.Option{haravan.WithLedger(l), profiles.WithHTTPClient(&http.Client{Transport: transport})}, opts...)
	c, err := srv.NewClient(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// eightReplicas delivers the same 200 order webhooks to each of 8
// replicas, in a random order of each replica's own: the fake must apply
// each order exactly once.
func eightReplicas(t *testing.T, newRDB func() *redis.Client) {
	const replicas, orders = 8, 200
	srv := haravantest.NewServer()
	t.Cleanup(srv.Close)
	shop := uniqueShop(t)
	var wg sync.WaitGroup
	results := make(chan error, replicas*orders)
	for range replicas {
		c := replicaClient(t, srv, newLedger(t, newRDB(), shop))
		deliveries := rand.Perm(orders)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, i := range deliveries {
				profile := haravantest.FirstGeneratedID + int64(i%haravantest.GeneratedCount)
				_, err := c.AddPoints(context.Background(), profile, credit(fmt.Sprintf("order-%d", i)))
				results <- err
			}
		}()
	}
	wg.Wait()
	close(results)
	sent, duplicates := 0, 0
	for err := range results {
		switch {
		case err == nil:
			sent++
		case errors.Is(err, haravan.ErrDuplicateRefID):
			duplicates++
		default:
			t.Errorf("delivery failed: %v", err)
		}
	}
	if sent != orders || duplicates != (replicas-1)*orders {
		t.Errorf("%d sent, %d refused as duplicates; want %d and %d", sent, duplicates, orders, (replicas-1)*orders)
	}
	for i := range orders {
		if n := appliedCount(srv, fmt.Sprintf("order-%d", i)); n != 1 {
			t.Errorf("order-%d applied %d times, want once", i, n)
		}
	}
	if got := len(srv.PointHistory(0)); got != orders {
		t.Errorf("the fake applied %d changes, want %d", got, orders)
	}
	if got := unsettled(t, newLedger(t, newRDB(), shop)); len(got) != 0 {
		t.Errorf("unsettled = %v, want none", got)
	}
}

// The child replica: TestMain runs it when childEnv is set. It claims
// childRefID and, at the moment its request would go out, says "sending"
// and waits to be killed.
const (
	childEnv   = "HARAVANREDIS_LEDGER_CHILD"
	childRefID = "order-killed"
)

func runChildReplica() {
	fail := func(err error) { fmt.Println("child:", err); os.Exit(2) }
	rdb := redis.NewClient(&redis.Options{Addr: os.Getenv("CHILD_REDIS")})
	l, err := haravanredis.NewLedger(rdb, os.Getenv("CHILD_SHOP"), retention)
	if err != nil {
		fail(err)
	}
	stall := roundTripper(func(*http.Request) (*http.Response, error) {
		fmt.Println("sending")
		time.Sleep(time.Minute)
		return nil, errors.New("not killed")
	})
	c, err := haravan.NewClient(haravan.Credentials{AccessToken: os.Getenv("CHILD_TOKEN")},
		profiles.WithBaseURL(os.Getenv("CHILD_URL")), haravan.WithLedger(l), profiles.WithHTTPClient(&http.Client{Transport: stall}))
	if err != nil {
		fail(err)
	}
	_, err = c.AddPoints(context.Background(), haravantest.JohnTerryID, credit(childRefID))
	fail(err)
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// killedReplica kills -9 a replica (a child process) between its claim and
// its send: the RefID stays pending, is listed for reconciliation and is
// never sent by another replica.
func killedReplica(t *testing.T, rdb *redis.Client) {
	srv := haravantest.NewServer()
	t.Cleanup(srv.Close)
	shop := uniqueShop(t)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=1", "CHILD_REDIS="+rdb.Options().Addr, "CHILD_SHOP="+shop,
		"CHILD_URL="+srv.URL, "CHILD_TOKEN="+srv.Credentials().AccessToken)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	_ = cmd.Process.Kill() // SIGKILL: no deferred function, no recording runs
	_ = cmd.Wait()
	if line != "sending\n" {
		t.Fatalf("the child replica said %q, want \"sending\"", line)
	}

	l := newLedger(t, rdb, shop)
	entries, err := l.Unsettled(context.Background())
	if err != nil || len(entries) != 1 || entries[0].RefID != childRefID || entries[0].State != haravan.RefPending ||
		entries[0].ProfileID != haravantest.JohnTerryID || entries[0].Value != 10 {
		t.Fatalf("unsettled = %+v, %v; want %s pending, for John Terry, 10 points", entries, err, childRefID)
	}
	c := replicaClient(t, srv, l)
	_, err = c.AddPoints(context.Background(), haravantest.JohnTerryID, credit(childRefID))
	if !errors.Is(err, haravan.ErrDuplicateRefID) || srv.RequestCount() != 0 {
		t.Fatalf("redelivered to another replica: err = %v after %d requests; want ErrDuplicateRefID, nothing sent", err, srv.RequestCount())
	}
	// Someone checks the shop's point history, finds no such change, and
	// releases the RefID: the next delivery credits it.
	if err := l.Resolve(context.Background(), childRefID, false); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddPoints(context.Background(), haravantest.JohnTerryID, credit(childRefID)); err != nil {
		t.Fatal(err)
	}
	if n := appliedCount(srv, childRefID); n != 1 {
		t.Errorf("applied %d times, want once", n)
	}
}

// everyFault sends one RefID into each fault the fake can inject, then
// delivers every RefID again through another replica: none is applied
// twice, and the unknown entries are exactly the ambiguous faults.
func everyFault(t *testing.T, rdb *redis.Client, h2 bool) {
	srv := haravantest.NewUnstartedServer()
	if h2 {
		srv.EnableHTTP2 = true
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	shop := uniqueShop(t)
	faults := []struct {
		name      string
		fault     haravantest.Fault
		ambiguous bool
	}{
		{"no fault", haravantest.Fault{}, false},
		{"short delay", haravantest.Fault{Delay: 10 * time.Millisecond}, false},
		{"400", haravantest.Fault{Status: 400, Body: `{"errors":"bad"}`}, false},
		{"401", haravantest.Fault{Status: 401, Body: `{"errors":"token"}`}, false},
		{"403", haravantest.Fault{Status: 403, Body: `{"errors":"scope"}`}, false},
		{"404", haravantest.Fault{Status: 404, Body: `{"errors":"Not Found"}`}, false},
		{"422", haravantest.Fault{Status: 422, Body: `{"errors":{"value":["bad"]}}`}, false},
		{"429", haravantest.Fault{Status: 429, Body: `{"errors":"slow down"}`}, false},
		{"500", haravantest.Fault{Status: 500, Body: `{"errors":"oops"}`}, true},
		{"502", haravantest.Fault{Status: 502, Body: `<html>bad gateway</html>`}, true},
		{"503", haravantest.Fault{Status: 503}, true},
		{"504", haravantest.Fault{Status: 504}, true},
		{"200, not JSON", haravantest.Fault{Status: 200, Body: `<html>ok</html>`}, true},
		{"200, empty", haravantest.Fault{Status: 200}, true},
		{"drop", haravantest.Fault{Drop: true}, true},
		{"drop after apply", haravantest.Fault{DropAfterApply: true}, true},
		{"stall after headers", haravantest.Fault{StallAfterHeaders: time.Minute}, true},
		{"truncate", haravantest.Fault{Truncate: true}, true},
		{"delay past the timeout", haravantest.Fault{Delay: time.Minute}, true},
	}
	noRetries := profiles.WithRetryPolicy(profiles.RetryPolicy{})
	first := replicaClient(t, srv, newLedger(t, rdb, shop), noRetries, profiles.WithTimeout(2*time.Second)) // loose: a loaded machine must not turn a fault-free call ambiguous
	ctx := context.Background()
	wantUnknown := map[string]haravan.RefState{}
	for i, f := range faults {
		ref := fmt.Sprintf("fault-%d", i)
		srv.InjectFault(1, f.fault)
		_, err := first.AddPoints(ctx, haravantest.JohnTerryID, credit(ref))
		if got := errors.Is(err, profiles.ErrOutcomeUnknown); got != f.ambiguous {
			t.Errorf("%s: err = %v; ambiguous %v, want %v", f.name, err, got, f.ambiguous)
		}
		if f.ambiguous {
			wantUnknown[ref] = haravan.RefUnknown
		}
	}
	second := replicaClient(t, srv, newLedger(t, rdb, shop))
	for i, f := range faults {
		ref := fmt.Sprintf("fault-%d", i)
		_, err := second.AddPoints(ctx, haravantest.JohnTerryID, credit(ref))
		if f.ambiguous != errors.Is(err, haravan.ErrDuplicateRefID) && f.name != "no fault" && f.name != "short delay" {
			t.Errorf("%s, delivered again: err = %v", f.name, err)
		}
		n := appliedCount(srv, ref)
		if n > 1 || (!f.ambiguous && n != 1) {
			t.Errorf("%s: applied %d times, want %s", f.name, n, map[bool]string{true: "at most once", false: "once"}[f.ambiguous])
		}
	}
	got := unsettled(t, newLedger(t, rdb, shop))
	if fmt.Sprint(got) != fmt.Sprint(wantUnknown) {
		t.Errorf("unsettled = %v\nwant the ambiguous faults %v", got, wantUnknown)
	}
}
