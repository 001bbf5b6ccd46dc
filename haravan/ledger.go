package haravan

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/profiles-sdk/profiles-go"
)

// RefState is where a RefID stands in a Ledger.
type RefState string

const (
	// RefPending: claimed, and the send has not ended, or the process
	// sending it died. It may have been applied.
	RefPending RefState = "pending"
	// RefApplied: Haravan answered with success.
	RefApplied RefState = "applied"
	// RefUnknown: the call ended with ErrOutcomeUnknown; it may have been
	// applied.
	RefUnknown RefState = "unknown"
	// RefReleased is never stored: recording it removes the entry, so the
	// RefID may be used again. It is the outcome of a change Haravan
	// refused (a 4xx answer) or that was never sent.
	RefReleased RefState = "released"
)

// LedgerEntry is a claimed RefID and the change it was claimed for.
type LedgerEntry struct {
	RefID     string
	State     RefState
	ProfileID int64
	Op        string // "add" or "subtract"
	Value     int64
	Reason    string
	ClaimedAt time.Time
}

// Ledger records, for one shop, every RefID a client sent, so that each is
// applied at most once: across webhook redeliveries, replicas racing on
// one order, retries and restarts (see WithLedger). Haravan itself applies
// the same RefID twice and has neither an idempotency key nor a
// point-history endpoint, so this record is the only one the SDK has.
//
// A Ledger holds one shop's RefIDs: two shops may use the same order
// number, so give each shop its own (haravanredis.NewLedger takes the
// shop's name; a table of your own keys its rows by shop and RefID).
// NewMemoryLedger is one for a single process; haravanredis.NewLedger is
// shared by replicas. Implementations must be safe for concurrent use, and
// their entries must outlive a crash of any client using them.
type Ledger interface {
	// Claim stores e as RefPending under e.RefID, unless the RefID already
	// has an entry: then it stores nothing and returns that entry and
	// false. It is atomic: of concurrent claims of one RefID, by any
	// replica, exactly one returns true (an INSERT on a primary key, SET
	// NX, a conditional put). When it returns an error, the client sends
	// nothing; a claim that took effect though an error was returned stays
	// pending, which is safe.
	Claim(ctx context.Context, e LedgerEntry) (held LedgerEntry, claimed bool, err error)

	// Record sets how the send of a pending RefID ended: RefApplied,
	// RefUnknown, or RefReleased to remove the entry. It fails, changing
	// nothing, unless the entry is pending; the check and the change are
	// atomic.
	Record(ctx context.Context, refID string, outcome RefState) error

	// Unsettled lists the entries that are pending or unknown: those a
	// person must resolve, after checking the shop's point history.
	Unsettled(ctx context.Context) ([]LedgerEntry, error)

	// Resolve settles a pending or unknown entry: applied keeps it as
	// RefApplied, !applied removes it so that the RefID may be sent
	// again. It fails, changing nothing, for any other entry; the check
	// and the change are atomic. Resolve a pending entry only once the
	// process that claimed it is gone.
	Resolve(ctx context.Context, refID string, applied bool) error
}

// recordTimeout bounds recording an outcome, which runs even after the
// call's context has ended: the send happened either way.
const recordTimeout = 10 * time.Second

// sendClaimed claims the change's RefID in the client's ledger, sends it
// with send, and records the outcome by the SDK's error classes.
func (c *Client) sendClaimed(ctx context.Context, name string, e LedgerEntry, send func() (*Profile, error)) (*Profile, error) {
	if err := ctx.Err(); err != nil {
		return nil, err // claiming a RefID that cannot be sent would leave it pending
	}
	held, claimed, err := c.ledger.Claim(ctx, e)
	if err != nil {
		return nil, fmt.Errorf("haravan: %s not sent: the ledger could not claim RefID %q: %w", name, e.RefID, err)
	}
	if !claimed {
		return nil, fmt.Errorf("haravan: %s not sent: %w: RefID %q is %s (claimed %s)",
			name, ErrDuplicateRefID, e.RefID, held.State, held.ClaimedAt.UTC().Format(time.RFC3339))
	}
	p, err := send()
	outcome := outcomeOf(err)
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	if rerr := c.ledger.Record(rctx, e.RefID, outcome); rerr != nil {
		return p, fmt.Errorf("haravan: %s %s, but %w: RefID %q: %w", name, describe[outcome], ErrNotRecorded, e.RefID, errors.Join(err, rerr))
	}
	return p, err
}

// outcomeOf classifies a send by the SDK's errors: ErrOutcomeUnknown
// whenever the request may have reached Haravan (a 5xx, a lost connection,
// an unreadable answer); any other error is a refusal (4xx) or a failure
// before anything was sent.
func outcomeOf(err error) RefState {
	switch {
	case err == nil:
		return RefApplied
	case errors.Is(err, profiles.ErrOutcomeUnknown):
		return RefUnknown
	}
	return RefReleased
}

var describe = map[RefState]string{
	RefApplied:  "was applied",
	RefUnknown:  "may have been applied",
	RefReleased: "was not applied",
}

// MemoryLedger is a Ledger in this process's memory: for one replica, and
// for tests. Its entries end with the process, and it never forgets an
// applied RefID. The zero value is ready to use.
type MemoryLedger struct {
	mu      sync.Mutex
	entries map[string]LedgerEntry
}

// NewMemoryLedger returns an empty MemoryLedger for one shop.
func NewMemoryLedger() *MemoryLedger { return &MemoryLedger{} }

var errNilLedger = fmt.Errorf("haravan: %w: nil *MemoryLedger", profiles.ErrInvalidArgument)

// Claim implements Ledger.
func (m *MemoryLedger) Claim(_ context.Context, e LedgerEntry) (LedgerEntry, bool, error) {
	if m == nil {
		return LedgerEntry{}, false, errNilLedger
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if held, ok := m.entries[e.RefID]; ok {
		return held, false, nil
	}
	if m.entries == nil {
		m.entries = map[string]LedgerEntry{}
	}
	e.State = RefPending
	m.entries[e.RefID] = e
	return e, true, nil
}

// Record implements Ledger.
func (m *MemoryLedger) Record(_ context.Context, refID string, outcome RefState) error {
	if err := CheckOutcome(outcome); err != nil {
		return err
	}
	return m.move(refID, outcome, RefPending)
}

// Resolve implements Ledger.
func (m *MemoryLedger) Resolve(_ context.Context, refID string, applied bool) error {
	to := RefReleased
	if applied {
		to = RefApplied
	}
	return m.move(refID, to, RefPending, RefUnknown)
}

// Unsettled implements Ledger, oldest claim first.
func (m *MemoryLedger) Unsettled(context.Context) ([]LedgerEntry, error) {
	if m == nil {
		return nil, errNilLedger
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []LedgerEntry
	for _, e := range m.entries {
		if e.State != RefApplied {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b LedgerEntry) int { return a.ClaimedAt.Compare(b.ClaimedAt) })
	return out, nil
}

// move sets refID's entry to state (removing it for RefReleased) if the
// entry is in one of the states from.
func (m *MemoryLedger) move(refID string, to RefState, from ...RefState) error {
	if m == nil {
		return errNilLedger
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[refID]
	if err := CheckMove(refID, e.State, ok, from...); err != nil {
		return err
	}
	if to == RefReleased {
		delete(m.entries, refID)
		return nil
	}
	e.State = to
	m.entries[refID] = e
	return nil
}

// CheckOutcome, for Ledger implementations, refuses with ErrInvalidArgument
// an outcome Record cannot take: only RefApplied, RefUnknown and
// RefReleased are outcomes.
func CheckOutcome(o RefState) error {
	if o != RefApplied && o != RefUnknown && o != RefReleased {
		return fmt.Errorf("haravan: %w: %q is not an outcome (applied, unknown, released)", profiles.ErrInvalidArgument, o)
	}
	return nil
}

// CheckMove, for Ledger implementations, is the error of Record or Resolve
// asked to change the entry of refID, in state held (found false: there is
// none), unless held is one of from.
func CheckMove(refID string, held RefState, found bool, from ...RefState) error {
	switch {
	case !found:
		return fmt.Errorf("haravan: ledger: RefID %q has no entry", refID)
	case !slices.Contains(from, held):
		return fmt.Errorf("haravan: ledger: RefID %q is %s, not %s", refID, held, joinStates(from))
	}
	return nil
}

func joinStates(states []RefState) string {
	s := string(states[0])
	for _, st := range states[1:] {
		s += " or " + string(st)
	}
	return s
}
