package haravanredis_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/haravan/haravanredis"
	"github.com/profiles-sdk/profiles-go/haravan/haravantest"
)

const retention = 72 * time.Hour

func newLedger(t testing.TB, rdb redis.Scripter, shop string) *haravanredis.Ledger {
	t.Helper()
	l, err := haravanredis.NewLedger(rdb, shop, retention)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// appliedCount counts the changes of refID the fake applied.
func appliedCount(srv *haravantest.Server, refID string) int {
	n := 0
	for _, r := range srv.PointHistory(0) {
		if r.RefID == refID {
			n++
		}
	}
	return n
}

func unsettled(t testing.TB, l haravan.Ledger) map[string]haravan.RefState {
	t.Helper()
	entries, err := l.Unsettled(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]haravan.RefState{}
	for _, e := range entries {
		out[e.RefID] = e.State
	}
	return out
}

func credit(refID string) haravan.PointChange {
	return haravan.PointChange{Value: 10, Reason: "order " + refID, RefID: refID}
}

func TestNewLedgerValidation(t *testing.T) {
	t.Parallel()
	_, rdb := newMini(t)
	for name, build := range map[string]func() error{
		"nil client":     func() error { _, err := haravanredis.NewLedger(nil, "shop", retention); return err },
		"empty shop":     func() error { _, err := haravanredis.NewLedger(rdb, " ", retention); return err },
		"zero retention": func() error { _, err := haravanredis.NewLedger(rdb, "shop", 0); return err },
		"tiny retention": func() error { _, err := haravanredis.NewLedger(rdb, "shop", time.Millisecond); return err },
	} {
		if err := build(); !errors.Is(err, profiles.ErrInvalidArgument) {
			t.Errorf("%s: err = %v, want ErrInvalidArgument", name, err)
		}
	}
	ctx := context.Background()
	for _, l := range []*haravanredis.Ledger{nil, {}} {
		if _, _, err := l.Claim(ctx, haravan.LedgerEntry{RefID: "a"}); !errors.Is(err, profiles.ErrInvalidArgument) {
			t.Errorf("%#v.Claim: err = %v", l, err)
		}
		if err := l.Record(ctx, "a", haravan.RefApplied); !errors.Is(err, profiles.ErrInvalidArgument) {
			t.Errorf("%#v.Record: err = %v", l, err)
		}
		if err := l.Resolve(ctx, "a", false); !errors.Is(err, profiles.ErrInvalidArgument) {
			t.Errorf("%#v.Resolve: err = %v", l, err)
		}
		if _, err := l.Unsettled(ctx); !errors.Is(err, profiles.ErrInvalidArgument) {
			t.Errorf("%#v.Unsettled: err = %v", l, err)
		}
	}
}

// checkLedger runs the life of RefIDs through two replicas' clients, each
// with its own Ledger on one shop, against one fake.
func checkLedger(t *testing.T, rdb redis.Scripter, shop string) {
	srv := haravantest.NewServer()
	t.Cleanup(srv.Close)
	a, b := newLedger(t, rdb, shop), newLedger(t, rdb, shop)
	ctx := context.Background()
	clientA, err := srv.NewClient(haravan.WithLedger(a), profiles.WithRetryPolicy(profiles.RetryPolicy{}))
	if err != nil {
		t.Fatal(err)
	}
	clientB, err := srv.NewClient(haravan.WithLedger(b))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := clientA.AddPoints(ctx, haravantest.JohnTerryID, credit("o-1")); err != nil {
		t.Fatal(err)
	}
	_, err = clientB.AddPoints(ctx, haravantest.JohnTerryID, credit("o-1"))
	if !errors.Is(err, haravan.ErrDuplicateRefID) || !strings.Contains(err.Error(), "is applied") {
		t.Fatalf("other replica: err = %v, want ErrDuplicateRefID saying applied", err)
	}

	srv.InjectFault(1, haravantest.Fault{Status: http.StatusUnprocessableEntity, Body: `{"errors":"no"}`})
	if _, err := clientA.AddPoints(ctx, haravantest.JohnTerryID, credit("o-2")); !errors.Is(err, haravan.ErrUnprocessable) {
		t.Fatalf("refused: err = %v", err)
	}
	if _, err := clientB.AddPoints(ctx, haravantest.JohnTerryID, credit("o-2")); err != nil {
		t.Fatalf("refused RefID sent again: %v", err)
	}

	srv.InjectFault(1, haravantest.Fault{DropAfterApply: true})
	if _, err := clientA.AddPoints(ctx, haravantest.JohnTerryID, credit("o-3")); !errors.Is(err, profiles.ErrOutcomeUnknown) {
		t.Fatalf("lost answer: err = %v", err)
	}
	if got := unsettled(t, b); len(got) != 1 || got["o-3"] != haravan.RefUnknown {
		t.Fatalf("unsettled = %v, want o-3 unknown", got)
	}
	entries, _ := b.Unsettled(ctx)
	want := haravan.LedgerEntry{RefID: "o-3", State: haravan.RefUnknown, ProfileID: haravantest.JohnTerryID, Op: "add", Value: 10, Reason: "order o-3"}
	got := entries[0]
	if got.ClaimedAt.IsZero() || time.Since(got.ClaimedAt) > time.Minute {
		t.Errorf("ClaimedAt = %s", got.ClaimedAt)
	}
	got.ClaimedAt = time.Time{}
	if got != want {
		t.Errorf("entry = %+v, want %+v", got, want)
	}
	_, err = clientB.AddPoints(ctx, haravantest.JohnTerryID, credit("o-3"))
	if !errors.Is(err, haravan.ErrDuplicateRefID) || !strings.Contains(err.Error(), "is unknown") {
		t.Fatalf("unknown RefID sent again: err = %v", err)
	}
	if err := b.Resolve(ctx, "o-3", true); err != nil {
		t.Fatal(err)
	}
	if err := a.Resolve(ctx, "o-3", false); err == nil || !strings.Contains(err.Error(), "is applied") {
		t.Errorf("resolving an applied entry: err = %v", err)
	}
	if err := a.Record(ctx, "never-claimed", haravan.RefApplied); err == nil {
		t.Error("Record of an unclaimed RefID succeeded")
	}
	if len(unsettled(t, a)) != 0 {
		t.Errorf("unsettled = %v after resolving, want none", unsettled(t, a))
	}
	for _, ref := range []string{"o-1", "o-2", "o-3"} {
		if n := appliedCount(srv, ref); n != 1 {
			t.Errorf("%s applied %d times, want once", ref, n)
		}
	}
	// Another shop may use the same order numbers.
	if _, claimed, err := newLedger(t, rdb, shop+"-other").Claim(ctx, haravan.LedgerEntry{RefID: "o-1"}); !claimed || err != nil {
		t.Errorf("another shop's o-1: claimed %v, %v", claimed, err)
	}
}

func TestLedgerOnMiniredis(t *testing.T) {
	t.Parallel()
	_, rdb := newMini(t)
	checkLedger(t, rdb, "shop")
}

// Applied entries expire after the retention; unsettled ones never do.
func TestLedgerRetention(t *testing.T) {
	t.Parallel()
	m, rdb := newMini(t)
	l := newLedger(t, rdb, "shop")
	ctx := context.Background()
	for _, ref := range []string{"applied", "unknown", "pending"} {
		if _, claimed, err := l.Claim(ctx, haravan.LedgerEntry{RefID: ref, ClaimedAt: time.Now()}); !claimed || err != nil {
			t.Fatalf("claim %s: %v, %v", ref, claimed, err)
		}
	}
	if err := l.Record(ctx, "applied", haravan.RefApplied); err != nil {
		t.Fatal(err)
	}
	if err := l.Record(ctx, "unknown", haravan.RefUnknown); err != nil {
		t.Fatal(err)
	}
	if ttl := m.TTL("haravan:ledger:{shop}:ref:applied"); ttl != retention {
		t.Errorf("applied entry's TTL = %s, want the retention", ttl)
	}
	m.FastForward(retention + time.Second)
	if _, claimed, _ := l.Claim(ctx, haravan.LedgerEntry{RefID: "applied"}); !claimed {
		t.Error("an applied RefID is still claimed past the retention")
	}
	for _, ref := range []string{"unknown", "pending"} {
		if _, claimed, _ := l.Claim(ctx, haravan.LedgerEntry{RefID: ref}); claimed {
			t.Errorf("%s entry expired", ref)
		}
	}
	if got := unsettled(t, l); len(got) != 3 || got["pending"] != haravan.RefPending || got["unknown"] != haravan.RefUnknown {
		t.Errorf("unsettled = %v, want pending, unknown and the new claim of applied", got)
	}
}

// When Redis cannot confirm a claim, nothing is sent.
func TestLedgerRefusesToSendWithoutRedis(t *testing.T) {
	t.Parallel()
	m := miniredis.RunT(t)
	rdb := newRedis(t, m.Addr())
	srv := haravantest.NewServer()
	t.Cleanup(srv.Close)
	c, err := srv.NewClient(haravan.WithLedger(newLedger(t, rdb, "shop")))
	if err != nil {
		t.Fatal(err)
	}
	m.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err = c.AddPoints(ctx, haravantest.JohnTerryID, credit("o-1"))
	if err == nil || !strings.Contains(err.Error(), "not sent") || srv.RequestCount() != 0 {
		t.Errorf("err = %v after %d requests, want a claim error and nothing sent", err, srv.RequestCount())
	}
}
