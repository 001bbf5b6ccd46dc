package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// Journal states of a campaign row. A row is journaled "pending" before
// its call, so a crash during the call leaves it pending, which counts as
// outcome unknown: it may have been applied.
const (
	statePending = "pending"
	stateApplied = "applied"
	stateFailed  = "failed"          // certainly not applied; -resume tries it again
	stateUnknown = "outcome_unknown" // may have been applied; never tried again
)

// entry is one journal line.
type entry struct {
	RefID     string    `json:"ref_id"`
	Line      int       `json:"line"`
	ProfileID int64     `json:"profile_id"`
	Points    int64     `json:"points"`
	State     string    `json:"state"`
	Available *int64    `json:"available,omitempty"` // the profile's points after an applied credit
	Error     string    `json:"error,omitempty"`
	At        time.Time `json:"at"`
}

func newEntry(r row, state string) entry {
	return entry{RefID: r.RefID, Line: r.Line, ProfileID: r.ProfileID, Points: r.Points, State: state, At: time.Now().UTC()}
}

// unresolved reports a row whose outcome nobody knows.
func (e entry) unresolved() bool { return e.State == statePending || e.State == stateUnknown }

func journalPath(campaign string) string { return campaign + ".journal" }

// loadJournal returns the last entry of every ref_id, and whether the
// journal exists. A torn last line (a crash while it was written) is left
// out: the call it describes had not started, or its "pending" line is
// there.
func loadJournal(path string) (map[string]entry, bool, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return map[string]entry{}, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	last := map[string]entry{}
	lines := bytes.Split(completeLines(b), []byte("\n"))
	for i, line := range lines[:len(lines)-1] { // the last piece is empty
		var e entry
		if err := json.Unmarshal(line, &e); err != nil || e.RefID == "" {
			return nil, true, fmt.Errorf("%s: line %d is damaged; fix or remove it by hand", path, i+1)
		}
		last[e.RefID] = e
	}
	return last, true, nil
}

// completeLines cuts b after its last newline.
func completeLines(b []byte) []byte { return b[:bytes.LastIndexByte(b, '\n')+1] }

// journal appends entries, each synced to disk before append returns.
type journal struct{ f *os.File }

// openJournal opens the journal for appending, first cutting off a torn
// last line so that the next entry starts on a line of its own.
func openJournal(path string) (*journal, error) {
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
	return &journal{f: f}, nil
}

func (j *journal) append(e entry) error {
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if _, err := j.f.Write(append(b, '\n')); err != nil {
		return err
	}
	return j.f.Sync()
}

func (j *journal) Close() error { return j.f.Close() }
