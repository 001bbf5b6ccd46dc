package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/profiles-sdk/profiles-go/haravan"
)

// checkpoint is an export's position, saved beside the output after every
// page. Profiles come in ascending id order and each page is asked for
// with since_id set to the last id written, so "every id up to LastID is
// in the first Bytes bytes of the output" is the whole state: resuming
// cuts the output back to Bytes (dropping whatever was written after the
// save) and asks for since_id=LastID, which can neither repeat nor skip a
// profile.
type checkpoint struct {
	Format string `json:"format"`
	LastID int64  `json:"last_id"`
	Count  int64  `json:"count"`
	Bytes  int64  `json:"bytes"`
	Done   bool   `json:"done"`
}

// exportJob is an export as the flags describe it.
type exportJob struct {
	format   string // "jsonl" or "csv"
	out      string // output file; "" writes to stdout, without checkpoints
	resume   bool
	pageSize int
}

func (e *env) export(ctx context.Context, args []string) error {
	fs := e.newFlags("export")
	job := exportJob{pageSize: haravan.MaxPageSize}
	fs.StringVar(&job.format, "format", "jsonl", "output format: jsonl or csv")
	fs.StringVar(&job.out, "out", "", "output file, checkpointed in FILE.checkpoint.json (default: stdout, not resumable)")
	fs.BoolVar(&job.resume, "resume", false, "continue the export that -out's checkpoint describes")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("export: unexpected argument %q", fs.Arg(0))
	}
	return e.runExport(ctx, job)
}

func (e *env) runExport(ctx context.Context, job exportJob) error {
	if job.format != "jsonl" && job.format != "csv" {
		return fmt.Errorf("export: -format %q: want jsonl or csv", job.format)
	}
	if job.out == "" {
		if job.resume {
			return errors.New("export: -resume needs -out: an export to stdout cannot be continued")
		}
		return e.exportToStdout(ctx, job)
	}
	f, cp, err := openExport(job)
	if err != nil {
		return err
	}
	if f == nil {
		fmt.Fprintf(e.stderr, "%s is complete already: %d profiles\n", job.out, cp.Count)
		return nil
	}
	defer f.Close()
	w := newProfileWriter(job.format, f)
	save := func() error {
		if err := w.Flush(); err != nil {
			return err
		}
		return saveCheckpoint(f, job.out, &cp)
	}
	if !job.resume {
		// A fresh output: the CSV header goes in before the first save.
		if err := w.Begin(); err != nil {
			return err
		}
		if err := save(); err != nil {
			return err
		}
	}
	m := e.meter("profiles", -1, cp.Count)
	walkErr := e.walk(ctx, cp.LastID, job.pageSize, func(p *haravan.Profile) error {
		if err := w.Write(p); err != nil {
			return err
		}
		cp.LastID, cp.Count = p.ID, cp.Count+1
		m.Step(e.callLimit())
		return nil
	}, save)
	m.Close()
	if walkErr != nil {
		// Whatever was written is kept, so -resume starts right after it.
		if err := save(); err != nil {
			return errors.Join(walkErr, err)
		}
		return fmt.Errorf("export stopped after %d profiles (continue with -resume): %w", cp.Count, walkErr)
	}
	cp.Done = true
	if err := save(); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "exported %d profiles to %s\n", cp.Count, job.out)
	return f.Close()
}

func (e *env) exportToStdout(ctx context.Context, job exportJob) error {
	w := newProfileWriter(job.format, e.stdout)
	if err := w.Begin(); err != nil {
		return err
	}
	m := e.meter("profiles", -1, 0)
	err := e.walk(ctx, 0, job.pageSize, func(p *haravan.Profile) error {
		m.Step(e.callLimit())
		return w.Write(p)
	}, w.Flush)
	m.Close()
	return errors.Join(err, w.Flush())
}

// openExport opens the output: a new one, truncated, or on -resume the
// existing one cut back to the checkpoint's length and positioned at its
// end. On -resume of a complete export it returns no file and the
// checkpoint.
func openExport(job exportJob) (*os.File, checkpoint, error) {
	cp, found, err := readCheckpoint(checkpointPath(job.out))
	if err != nil {
		return nil, cp, err
	}
	if !job.resume {
		if found && !cp.Done {
			return nil, cp, fmt.Errorf("export: %s holds an unfinished export: continue it with -resume, or delete it to start over", checkpointPath(job.out))
		}
		// The old checkpoint goes first: beside a new output it would
		// describe bytes that are no longer there.
		if err := os.Remove(checkpointPath(job.out)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, cp, err
		}
		f, err := os.Create(job.out)
		return f, checkpoint{Format: job.format}, err
	}
	switch {
	case !found:
		return nil, cp, fmt.Errorf("export: no checkpoint %s: nothing to resume", checkpointPath(job.out))
	case cp.Format != job.format:
		return nil, cp, fmt.Errorf("export: %s was started with -format %s", job.out, cp.Format)
	case cp.Done:
		return nil, cp, nil
	}
	f, err := os.OpenFile(job.out, os.O_RDWR, 0)
	if err != nil {
		return nil, cp, err
	}
	if info, err := f.Stat(); err != nil || info.Size() < cp.Bytes {
		f.Close()
		return nil, cp, fmt.Errorf("export: %s is shorter than its checkpoint says (%d bytes): it was changed, start over", job.out, cp.Bytes)
	}
	if err := f.Truncate(cp.Bytes); err != nil {
		f.Close()
		return nil, cp, err
	}
	if _, err := f.Seek(cp.Bytes, io.SeekStart); err != nil {
		f.Close()
		return nil, cp, err
	}
	return f, cp, nil
}

// walk hands every profile with an id above after to each, in ascending
// id order, and calls pageDone after each page.
//
// Each page is its own Profiles walk from the last id seen, stopped after
// one page: the iterator's own paging counts pages of a fixed since_id,
// and a profile deleted during a long export would move every later one up
// a place, so one would be skipped. since_id does not move.
func (e *env) walk(ctx context.Context, after int64, pageSize int, each func(*haravan.Profile) error, pageDone func() error) error {
	for {
		n := 0
		opts := &haravan.ListProfilesOptions{SinceID: after, Limit: pageSize}
		for p, err := range e.client.Profiles(ctx, opts) {
			if err != nil {
				return err
			}
			if p == nil {
				return fmt.Errorf("the list holds a null profile after id %d", after)
			}
			if p.ID <= after {
				// The checkpoint relies on ascending ids; Haravan orders
				// some lists by descending id.
				return fmt.Errorf("the list is not in ascending id order (%d after %d): stopping rather than risk a gap", p.ID, after)
			}
			if err := each(p); err != nil {
				return err
			}
			after = p.ID
			if n++; n == pageSize {
				break
			}
		}
		if err := pageDone(); err != nil {
			return err
		}
		if n < pageSize {
			return nil
		}
	}
}

func checkpointPath(out string) string { return out + ".checkpoint.json" }

func readCheckpoint(path string) (checkpoint, bool, error) {
	var cp checkpoint
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return cp, false, nil
	}
	if err != nil {
		return cp, false, err
	}
	if err := json.Unmarshal(b, &cp); err != nil {
		return cp, false, fmt.Errorf("export: reading %s: %w", path, err)
	}
	return cp, true, nil
}

// saveCheckpoint records the output's length once it is on disk: f is
// synced first, so a checkpoint never promises bytes a crash could lose.
func saveCheckpoint(f *os.File, out string, cp *checkpoint) error {
	if err := f.Sync(); err != nil {
		return err
	}
	n, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return err
	}
	cp.Bytes = n
	b, err := json.Marshal(cp)
	if err != nil {
		return err
	}
	return writeFileAtomic(checkpointPath(out), append(b, '\n'))
}

// profileWriter writes profiles in one output format.
type profileWriter interface {
	Begin() error // what comes before the first profile
	Write(p *haravan.Profile) error
	Flush() error
}

func newProfileWriter(format string, w io.Writer) profileWriter {
	if format == "csv" {
		return &csvWriter{w: csv.NewWriter(w)}
	}
	return &jsonlWriter{w: bufio.NewWriter(w)}
}

// jsonlWriter writes one profile per line in Haravan's own JSON format.
type jsonlWriter struct{ w *bufio.Writer }

func (j *jsonlWriter) Begin() error { return nil }

func (j *jsonlWriter) Write(p *haravan.Profile) error {
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	_, err = j.w.Write(append(b, '\n'))
	return err
}

func (j *jsonlWriter) Flush() error { return j.w.Flush() }

// csvWriter writes a header and one row per profile; attributes go in one
// column as JSON.
type csvWriter struct{ w *csv.Writer }

var csvHeader = []string{
	"id", "first_name", "last_name", "phone", "email", "gender", "birthday", "profile_card_number",
	"address", "country_code", "country_name", "province_code", "province_name",
	"district_code", "district_name", "ward_code", "ward_name",
	"point_used", "point_available", "point_incoming", "point_ranking", "level_id", "level_name",
	"total_spent", "total_order", "status", "attributes", "last_order_at", "created_at", "updated_at",
}

func (c *csvWriter) Begin() error { return c.w.Write(csvHeader) }

func (c *csvWriter) Write(p *haravan.Profile) error {
	attrs, err := json.Marshal(p.Attributes)
	if err != nil {
		return err
	}
	if p.Attributes == nil {
		attrs = nil
	}
	num := func(n int64) string { return strconv.FormatInt(n, 10) }
	return c.w.Write([]string{
		num(p.ID), p.FirstName, p.LastName, p.Phone, p.Email, string(p.Gender), formatTime(p.Birthday, time.DateOnly), p.ProfileCardNumber,
		p.Address, p.CountryCode, p.CountryName, p.ProvinceCode, p.ProvinceName,
		p.DistrictCode, p.DistrictName, p.WardCode, p.WardName,
		num(p.PointUsed), num(p.PointAvailable), num(p.PointIncoming), num(p.PointRanking), num(p.LevelID), p.LevelName,
		num(p.TotalSpent), num(p.TotalOrder), string(p.Status), string(attrs),
		formatTime(p.LastOrderAt, time.RFC3339Nano), formatTime(&p.CreatedAt, time.RFC3339Nano), formatTime(&p.UpdatedAt, time.RFC3339Nano),
	})
}

func (c *csvWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

// formatTime writes t in UTC, and nothing for a missing or zero time.
func formatTime(t *time.Time, layout string) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format(layout)
}
