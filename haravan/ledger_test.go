package haravan_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/haravan/haravantest"
)

const john = haravantest.JohnTerryID

func credit(refID string) haravan.PointChange {
	return haravan.PointChange{Value: 10, Reason: "order", RefID: refID}
}

// applied counts the changes of refID the fake applied.
func applied(srv *haravantest.Server, refID string) int {
	n := 0
	for _, r := range srv.PointHistory(0) {
		if r.RefID == refID {
			n++
		}
	}
	return n
}

func unsettled(t *testing.T, l haravan.Ledger) map[string]haravan.RefState {
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

func TestLedgerSendsEachRefIDOnce(t *testing.T) {
	t.Parallel()
	l := haravan.NewMemoryLedger()
	srv, c := newFake(t, haravan.WithLedger(l))
	ctx := context.Background()
	if _, err := c.AddPoints(ctx, john, credit("order-1")); err != nil {
		t.Fatal(err)
	}
	_, err := c.SubtractPoints(ctx, john, credit("order-1"))
	if !errors.Is(err, haravan.ErrDuplicateRefID) || !strings.Contains(err.Error(), `RefID "order-1" is applied`) {
		t.Fatalf("second use: err = %v, want ErrDuplicateRefID saying applied", err)
	}
	if got := applied(srv, "order-1"); got != 1 || srv.RequestCount() != 1 {
		t.Errorf("applied %d times in %d requests, want once in 1", got, srv.RequestCount())
	}
	if len(unsettled(t, l)) != 0 {
		t.Errorf("unsettled = %v, want none", unsettled(t, l))
	}
}

func TestLedgerNeedsARefID(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, haravan.WithLedger(haravan.NewMemoryLedger()))
	_, err := c.AddPoints(context.Background(), john, credit(""))
	if !errors.Is(err, profiles.ErrInvalidArgument) || srv.RequestCount() != 0 {
		t.Fatalf("err = %v after %d requests, want ErrInvalidArgument before sending", err, srv.RequestCount())
	}
	if _, err := haravan.NewClient(haravan.Credentials{AccessToken: "t"}, haravan.WithLedger(nil)); !errors.Is(err, profiles.ErrInvalidArgument) {
		t.Errorf("WithLedger(nil): err = %v", err)
	}
}

// A refusal or a failure before sending releases the RefID; an ambiguous
// failure keeps it, as unknown, until resolved.
func TestLedgerOutcomes(t *testing.T) {
	t.Parallel()
	l := haravan.NewMemoryLedger()
	srv, c := newFake(t, haravan.WithLedger(l), profiles.WithRetryPolicy(profiles.RetryPolicy{}))
	ctx := context.Background()

	srv.InjectFault(1, haravantest.Fault{Status: http.StatusUnprocessableEntity, Body: `{"errors":"no"}`})
	if _, err := c.AddPoints(ctx, john, credit("refused")); !errors.Is(err, haravan.ErrUnprocessable) {
		t.Fatalf("refused: err = %v", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := c.AddPoints(cancelled, john, credit("cancelled")); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: err = %v", err)
	}
	srv.InjectFault(1, haravantest.Fault{DropAfterApply: true})
	if _, err := c.AddPoints(ctx, john, credit("lost")); !errors.Is(err, profiles.ErrOutcomeUnknown) {
		t.Fatalf("lost: err = %v", err)
	}
	if got := unsettled(t, l); len(got) != 1 || got["lost"] != haravan.RefUnknown {
		t.Fatalf("unsettled = %v, want only lost, unknown", got)
	}
	for _, ref := range []string{"refused", "cancelled"} {
		if _, err := c.AddPoints(ctx, john, credit(ref)); err != nil {
			t.Errorf("%s, released, sent again: %v", ref, err)
		}
	}
	_, err := c.AddPoints(ctx, john, credit("lost"))
	if !errors.Is(err, haravan.ErrDuplicateRefID) || !strings.Contains(err.Error(), "is unknown") {
		t.Fatalf("lost, sent again: err = %v, want ErrDuplicateRefID saying unknown", err)
	}
	if err := l.Resolve(ctx, "lost", true); err != nil {
		t.Fatal(err)
	}
	if err := l.Resolve(ctx, "lost", false); err == nil {
		t.Error("resolving an applied entry succeeded")
	}
	for _, ref := range []string{"refused", "cancelled", "lost"} {
		if got := applied(srv, ref); got != 1 {
			t.Errorf("%s applied %d times, want once", ref, got)
		}
	}
}

// A failure before anything was sent (here, a refused connection)
// releases the RefID.
func TestLedgerReleasesWhatWasNeverSent(t *testing.T) {
	t.Parallel()
	l := haravan.NewMemoryLedger()
	srv := haravantest.NewServer()
	url := srv.URL
	srv.Close()
	c := newClient(t, url, haravan.WithLedger(l), profiles.WithRetryPolicy(profiles.RetryPolicy{}))
	_, err := c.AddPoints(context.Background(), john, credit("a"))
	if err == nil || errors.Is(err, profiles.ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want a dial error", err)
	}
	if _, claimed, _ := l.Claim(context.Background(), haravan.LedgerEntry{RefID: "a"}); !claimed {
		t.Error("the RefID of a call never sent stayed claimed")
	}
}

func TestLedgerResolveNotAppliedReleases(t *testing.T) {
	t.Parallel()
	l := haravan.NewMemoryLedger()
	srv, c := newFake(t, haravan.WithLedger(l))
	ctx := context.Background()
	srv.InjectFault(1, haravantest.Fault{Drop: true}) // dropped before the fake applied it
	if _, err := c.AddPoints(ctx, john, credit("dropped")); !errors.Is(err, profiles.ErrOutcomeUnknown) {
		t.Fatalf("err = %v", err)
	}
	if err := l.Resolve(ctx, "dropped", false); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddPoints(ctx, john, credit("dropped")); err != nil {
		t.Fatal(err)
	}
	if got := applied(srv, "dropped"); got != 1 {
		t.Errorf("applied %d times, want once", got)
	}
}

// Concurrent calls with one RefID: one is sent, the others are refused.
func TestLedgerRace(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, haravan.WithLedger(haravan.NewMemoryLedger()))
	var wg sync.WaitGroup
	var dup atomic.Int32
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.AddPoints(context.Background(), john, credit("race"))
			if errors.Is(err, haravan.ErrDuplicateRefID) {
				dup.Add(1)
			} else if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if got := applied(srv, "race"); got != 1 || dup.Load() != 19 {
		t.Errorf("applied %d times, %d refused as duplicates; want 1 and 19", got, dup.Load())
	}
}

// faultyLedger is a MemoryLedger whose Claim or Record fails.
type faultyLedger struct {
	*haravan.MemoryLedger
	claimErr, recordErr error
}

func (f *faultyLedger) Claim(ctx context.Context, e haravan.LedgerEntry) (haravan.LedgerEntry, bool, error) {
	if f.claimErr != nil {
		return haravan.LedgerEntry{}, false, f.claimErr
	}
	return f.MemoryLedger.Claim(ctx, e)
}

func (f *faultyLedger) Record(ctx context.Context, refID string, o haravan.RefState) error {
	if f.recordErr != nil {
		return f.recordErr
	}
	return f.MemoryLedger.Record(ctx, refID, o)
}

func TestLedgerFailures(t *testing.T) {
	t.Parallel()
	down := errors.New("database down")
	t.Run("claim", func(t *testing.T) {
		t.Parallel()
		srv, c := newFake(t, haravan.WithLedger(&faultyLedger{MemoryLedger: haravan.NewMemoryLedger(), claimErr: down}))
		_, err := c.AddPoints(context.Background(), john, credit("a"))
		if !errors.Is(err, down) || !strings.Contains(err.Error(), "not sent") || srv.RequestCount() != 0 {
			t.Errorf("err = %v after %d requests, want the ledger's error and nothing sent", err, srv.RequestCount())
		}
	})
	t.Run("record", func(t *testing.T) {
		t.Parallel()
		l := &faultyLedger{MemoryLedger: haravan.NewMemoryLedger(), recordErr: down}
		srv, c := newFake(t, haravan.WithLedger(l))
		p, err := c.AddPoints(context.Background(), john, credit("a"))
		if !errors.Is(err, haravan.ErrNotRecorded) || !errors.Is(err, down) || !strings.Contains(err.Error(), "AddPoints was applied") || p == nil {
			t.Errorf("applied: err = %v, profile %v; want ErrNotRecorded saying applied, and the profile", err, p)
		}
		srv.InjectFault(1, haravantest.Fault{Status: http.StatusBadGateway})
		_, err = c.AddPoints(context.Background(), john, credit("b"))
		if !errors.Is(err, haravan.ErrNotRecorded) || !errors.Is(err, profiles.ErrOutcomeUnknown) {
			t.Errorf("502: err = %v, want ErrNotRecorded and ErrOutcomeUnknown", err)
		}
		if got := unsettled(t, l); got["a"] != haravan.RefPending || got["b"] != haravan.RefPending {
			t.Errorf("unsettled = %v, want a and b pending", got)
		}
	})
}

func TestMemoryLedgerMisuse(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var nilLedger *haravan.MemoryLedger
	if _, _, err := nilLedger.Claim(ctx, haravan.LedgerEntry{RefID: "a"}); err == nil {
		t.Error("nil ledger: Claim succeeded")
	}
	if _, err := nilLedger.Unsettled(ctx); err == nil {
		t.Error("nil ledger: Unsettled succeeded")
	}
	if err := nilLedger.Resolve(ctx, "a", true); err == nil {
		t.Error("nil ledger: Resolve succeeded")
	}
	var zero haravan.MemoryLedger
	if _, claimed, err := zero.Claim(ctx, haravan.LedgerEntry{RefID: "a"}); !claimed || err != nil {
		t.Fatalf("zero ledger: Claim = %v, %v", claimed, err)
	}
	if err := zero.Record(ctx, "a", haravan.RefPending); !errors.Is(err, profiles.ErrInvalidArgument) {
		t.Errorf("Record(pending): err = %v", err)
	}
	if err := zero.Record(ctx, "missing", haravan.RefApplied); err == nil {
		t.Error("Record of an unclaimed RefID succeeded")
	}
	if err := zero.Record(ctx, "a", haravan.RefApplied); err != nil {
		t.Fatal(err)
	}
	if err := zero.Record(ctx, "a", haravan.RefReleased); err == nil || !strings.Contains(err.Error(), "is applied, not pending") {
		t.Errorf("Record after applied: err = %v", err)
	}
}
