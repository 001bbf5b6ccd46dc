package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
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

// line is one journal line: an entry as it stood when the line was
// written. The last line of a ref_id wins.
type line struct {
	RefID     string    `json:"ref_id"`
	State     string    `json:"state"`
	ProfileID int64     `json:"profile_id"`
	Op        string    `json:"op,omitempty"`
	Points    int64     `json:"points"`
	Reason    string    `json:"reason,omitempty"`
	ClaimedAt time.Time `json:"claimed_at"`
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
			continue
		case "outcome_unknown":
			l.State = string(haravan.RefUnknown)
		}
		entries[l.RefID] = haravan.LedgerEntry{RefID: l.RefID, State: haravan.RefState(l.State), ProfileID: l.ProfileID,
			Op: l.Op, Value: l.Points, Reason: l.Reason, ClaimedAt: l.ClaimedAt}
	}
	return entries, true, nil
}

// completeLines cuts b after its last newline.
func completeLines(b []byte) []byte { return b[:bytes.LastIndexByte(b, '\n')+1] }

// errJournal marks a failure to write the journal.
var errJournal = errors.New("journal")

// journal is a haravan.Ledger in an append-only file of JSON lines, each
// synced to disk before the method returns: what a Ledger answers has
// reached the disk. One process at a time: it is not locked.
type journal struct {
	mu      sync.Mutex
	f       *os.File
	entries map[string]haravan.LedgerEntry
}

var _ haravan.Ledger = (*journal)(nil)

// openJournal opens the journal for appending, first cutting off a torn
// last line so that the next entry starts on a line of its own.
func openJournal(path string) (*journal, error) {
	entries, _, err := loadJournal(path)
	if err != nil {
		return nil, err
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
	return &journal{f: f, entries: entries}, nil
}

// Claim implements haravan.Ledger.
func (j *journal) Claim(_ context.Context, e haravan.LedgerEntry) (haravan.LedgerEntry, bool, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if held, ok := j.entries[e.RefID]; ok {
		return held, false, nil
	}
	e.State = haravan.RefPending
	return e, true, j.write(e)
}

// Record implements haravan.Ledger.
func (j *journal) Record(_ context.Context, refID string, outcome haravan.RefState) error {
	if err := haravan.CheckOutcome(outcome); err != nil {
		return err
	}
	return j.move(refID, outcome, haravan.RefPending)
}

// Resolve implements haravan.Ledger.
func (j *journal) Resolve(_ context.Context, refID string, applied bool) error {
	to := haravan.RefReleased
	if applied {
		to = haravan.RefApplied
	}
	return j.move(refID, to, haravan.RefPending, haravan.RefUnknown)
}

// Unsettled implements haravan.Ledger, oldest claim first.
func (j *journal) Unsettled(context.Context) ([]haravan.LedgerEntry, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []haravan.LedgerEntry
	for _, e := range j.entries {
		if unresolved(e) {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b haravan.LedgerEntry) int { return a.ClaimedAt.Compare(b.ClaimedAt) })
	return out, nil
}

func (j *journal) move(refID string, to haravan.RefState, from ...haravan.RefState) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	e, ok := j.entries[refID]
	if err := haravan.CheckMove(refID, e.State, ok, from...); err != nil {
		return err
	}
	e.State = to
	return j.write(e)
}

// write appends e's line, syncs it, and only then updates the entries.
func (j *journal) write(e haravan.LedgerEntry) error {
	b, err := json.Marshal(line{RefID: e.RefID, State: string(e.State), ProfileID: e.ProfileID, Op: e.Op,
		Points: e.Value, Reason: e.Reason, ClaimedAt: e.ClaimedAt, At: time.Now().UTC()})
	if err == nil {
		_, err = j.f.Write(append(b, '\n'))
	}
	if err == nil {
		err = j.f.Sync()
	}
	if err != nil {
		return fmt.Errorf("%w: %w", errJournal, err)
	}
	if e.State == haravan.RefReleased {
		delete(j.entries, e.RefID)
	} else {
		j.entries[e.RefID] = e
	}
	return nil
}

func (j *journal) Close() error { return j.f.Close() }
