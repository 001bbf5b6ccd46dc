package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/profiles-sdk/profiles-go/haravan"
)

// The journal is the campaign's haravan.Ledger: the client claims each
// ref_id in it ("pending") before its call and records how the call ended
// ("applied", "unknown", or "released": refused by Haravan or never sent,
// so -resume sends it again). A crash during a call leaves it pending,
// which counts as outcome unknown: it may have been applied.
const stateReleased = "released"

// line is one journal line. A claim's line holds the whole entry; later
// lines of the ref_id change its state.
type line struct {
	RefID     string    `json:"ref_id"`
	State     string    `json:"state"`
	ProfileID int64     `json:"profile_id,omitempty"`
	Op        string    `json:"op,omitempty"`
	Points    int64     `json:"points,omitempty"`
	Reason    string    `json:"reason,omitempty"`
	ClaimedAt time.Time `json:"claimed_at,omitzero"`
	At        time.Time `json:"at"`
}

func journalPath(campaign string) string { return campaign + ".journal" }

// unresolved reports an entry whose outcome nobody knows.
func unresolved(e haravan.LedgerEntry) bool {
	return e.State == haravan.RefPending || e.State == haravan.RefUnknown
}

// loadJournal returns the entry of every ref_id the journal holds (the
// released ones left out), and whether the journal exists. A torn last
// line (a crash while it was written) is left out: the call it describes
// had not started, or its "pending" line is there.
func loadJournal(path string) (map[string]haravan.LedgerEntry, bool, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return map[string]haravan.LedgerEntry{}, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	entries := map[string]haravan.LedgerEntry{}
	lines := bytes.Split(completeLines(b), []byte("\n"))
	for i, raw := range lines[:len(lines)-1] { // the last piece is empty
		var l line
		if err := json.Unmarshal(raw, &l); err != nil || l.RefID == "" {
			return nil, true, fmt.Errorf("%s: line %d is damaged; fix or remove it by hand", path, i+1)
		}
		switch l.State {
		case stateReleased, "failed": // "failed": this tool's journals before the ledger
			delete(entries, l.RefID)
		case string(haravan.RefPending):
			if l.ClaimedAt.IsZero() { // this tool's journals before the ledger
				l.ClaimedAt = l.At
			}
			entries[l.RefID] = haravan.LedgerEntry{RefID: l.RefID, State: haravan.RefPending, ProfileID: l.ProfileID,
				Op: l.Op, Value: l.Points, Reason: l.Reason, ClaimedAt: l.ClaimedAt}
		default:
			if l.State == "outcome_unknown" { // this tool's journals before the ledger
				l.State = string(haravan.RefUnknown)
			}
			e := entries[l.RefID]
			e.RefID, e.State = l.RefID, haravan.RefState(l.State)
			entries[l.RefID] = e
		}
	}
	return entries, true, nil
}

// completeLines cuts b after its last newline.
func completeLines(b []byte) []byte { return b[:bytes.LastIndexByte(b, '\n')+1] }

// errJournal marks a failure to write the journal.
var errJournal = errors.New("journal")

// journal is a haravan.Ledger: a haravan.MemoryLedger that appends every
// change to a file of JSON lines, synced to disk before the method
// returns, and that is loaded from it at the start. One process at a time:
// the file is not locked.
type journal struct {
	mu  sync.Mutex // keeps the lines in the order of the changes
	mem *haravan.MemoryLedger
	f   *os.File
}

var _ haravan.Ledger = (*journal)(nil)

// openJournal loads the journal and opens it for appending, first cutting
// off a torn last line so that the next entry starts on a line of its own.
func openJournal(path string) (*journal, error) {
	entries, _, err := loadJournal(path)
	if err != nil {
		return nil, err
	}
	j := &journal{mem: haravan.NewMemoryLedger()}
	for _, e := range entries {
		_, _, _ = j.mem.Claim(context.Background(), e)
		if e.State != haravan.RefPending {
			_ = j.mem.Record(context.Background(), e.RefID, e.State)
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path)
	if err == nil {
		err = f.Truncate(int64(len(completeLines(b))))
	}
	if err == nil {
		_, err = f.Seek(0, io.SeekEnd)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	j.f = f
	return j, nil
}

// Claim implements haravan.Ledger. A claim that cannot be written fails,
// and the client sends nothing.
func (j *journal) Claim(ctx context.Context, e haravan.LedgerEntry) (haravan.LedgerEntry, bool, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	held, claimed, err := j.mem.Claim(ctx, e)
	if claimed {
		err = j.write(line{RefID: e.RefID, State: string(held.State), ProfileID: e.ProfileID, Op: e.Op,
			Points: e.Value, Reason: e.Reason, ClaimedAt: e.ClaimedAt})
	}
	return held, claimed, err
}

// Record implements haravan.Ledger.
func (j *journal) Record(ctx context.Context, refID string, outcome haravan.RefState) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.mem.Record(ctx, refID, outcome); err != nil {
		return err
	}
	return j.write(line{RefID: refID, State: string(outcome)})
}

// Resolve implements haravan.Ledger.
func (j *journal) Resolve(ctx context.Context, refID string, applied bool) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.mem.Resolve(ctx, refID, applied); err != nil {
		return err
	}
	state := haravan.RefReleased
	if applied {
		state = haravan.RefApplied
	}
	return j.write(line{RefID: refID, State: string(state)})
}

// Unsettled implements haravan.Ledger.
func (j *journal) Unsettled(ctx context.Context) ([]haravan.LedgerEntry, error) {
	return j.mem.Unsettled(ctx)
}

// write appends l and syncs it.
func (j *journal) write(l line) error {
	l.At = time.Now().UTC()
	b, err := json.Marshal(l)
	if err == nil {
		_, err = j.f.Write(append(b, '\n'))
	}
	if err == nil {
		err = j.f.Sync()
	}
	if err != nil {
		return fmt.Errorf("%w: %w", errJournal, err)
	}
	return nil
}

func (j *journal) Close() error { return j.f.Close() }
