package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/profiles-sdk/profiles-go/haravan"
)

// creditJob is a credit run as the flags describe it.
type creditJob struct {
	in        string // the campaign file; its journal is in + ".journal"
	resume    bool
	dryRun    bool
	reconcile bool
}

func (e *env) credit(ctx context.Context, args []string) error {
	fs := e.newFlags("credit")
	var job creditJob
	fs.StringVar(&job.in, "in", "", "campaign CSV: profile_id,points,reason,ref_id (header row allowed)")
	fs.BoolVar(&job.resume, "resume", false, "continue after a stop: skip applied rows, never retry rows of unknown outcome")
	fs.BoolVar(&job.dryRun, "dry-run", false, "check the file and show what would be credited, without any call")
	fs.BoolVar(&job.reconcile, "reconcile", false, "show each row of unknown outcome next to its profile's current points")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("credit: unexpected argument %q", fs.Arg(0))
	case job.in == "":
		return errors.New("credit: -in CAMPAIGN.csv is required")
	case job.dryRun && job.reconcile:
		return errors.New("credit: -dry-run and -reconcile do not go together")
	}
	return e.runCredit(ctx, job)
}

func (e *env) runCredit(ctx context.Context, job creditJob) error {
	rows, err := readCampaign(job.in)
	if err != nil {
		return err
	}
	past, found, err := loadJournal(journalPath(job.in))
	if err != nil {
		return err
	}
	if err := checkJournal(rows, past); err != nil {
		return fmt.Errorf("%s: %w", journalPath(job.in), err)
	}
	switch {
	case job.reconcile:
		return e.reconcile(ctx, rows, past)
	case job.dryRun:
		e.dryRun(rows, past)
		return nil
	case found && !job.resume:
		return fmt.Errorf("credit: %s exists: continue with -resume (applied rows are skipped), or see unresolved rows with -reconcile", journalPath(job.in))
	}
	return e.apply(ctx, job, rows, past)
}

// checkJournal refuses a campaign file whose rows changed since the
// journal recorded them: "applied" would no longer mean this row.
func checkJournal(rows []row, past map[string]entry) error {
	for _, r := range rows {
		if e, ok := past[r.RefID]; ok && (e.ProfileID != r.ProfileID || e.Points != r.Points) {
			return fmt.Errorf("ref_id %q (line %d) is profile %d, %d points, but the journal has profile %d, %d points: the file changed",
				r.RefID, r.Line, r.ProfileID, r.Points, e.ProfileID, e.Points)
		}
	}
	return nil
}

// tally counts a run's rows.
type tally struct {
	credited, failed, unknown, skipped, notStarted int
	unresolved                                     []entry // outcome unknown, this run's and earlier
	failures                                       []entry
}

func (t *tally) String() string {
	s := fmt.Sprintf("credited %d, failed %d, outcome unknown %d, skipped %d", t.credited, t.failed, t.unknown, t.skipped)
	if t.notStarted > 0 {
		s += fmt.Sprintf(", not started %d (interrupted: continue with -resume)", t.notStarted)
	}
	return s
}

// apply credits every row that is not applied or unresolved already,
// journaling each before and after its call.
func (e *env) apply(ctx context.Context, job creditJob, rows []row, past map[string]entry) error {
	var t tally
	var todo []row
	for _, r := range rows {
		prev, ok := past[r.RefID]
		switch {
		case ok && prev.State == stateApplied:
			t.skipped++
		case ok && prev.unresolved():
			t.unknown++
			t.unresolved = append(t.unresolved, prev)
		default:
			todo = append(todo, r)
		}
	}
	j, err := openJournal(journalPath(job.in))
	if err != nil {
		return err
	}
	defer j.Close()
	m := e.meter("rows", int64(len(todo)), 0)
	err = e.creditRows(ctx, j, todo, &t, m)
	m.Close()
	if err != nil {
		return err
	}
	e.report(&t)
	if t.failed+t.unknown+t.notStarted > 0 {
		return errors.New(t.String())
	}
	fmt.Fprintln(e.stdout, t.String())
	return nil
}

func (e *env) creditRows(ctx context.Context, j *journal, todo []row, t *tally, m meter) error {
	for i, r := range todo {
		if ctx.Err() != nil {
			t.notStarted = len(todo) - i
			return nil
		}
		if err := j.append(newEntry(r, statePending)); err != nil {
			return fmt.Errorf("journal: %w (line %d was not sent)", err, r.Line)
		}
		p, err := e.client.AddPoints(ctx, r.ProfileID, haravan.PointChange{Value: r.Points, Reason: r.Reason, RefID: r.RefID})
		done := newEntry(r, outcomeOf(err))
		switch done.State {
		case stateApplied:
			done.Available = &p.PointAvailable
			t.credited++
		case stateFailed:
			done.Error = err.Error()
			t.failed++
			t.failures = append(t.failures, done)
		default:
			done.Error = err.Error()
			t.unknown++
			t.unresolved = append(t.unresolved, done)
		}
		if err := j.append(done); err != nil {
			return fmt.Errorf("journal: %w (line %d stays pending: reconcile it)", err, r.Line)
		}
		m.Step(e.callLimit())
	}
	return nil
}

// outcomeOf classifies a credit call's result. The SDK says whether a
// failed value-moving call may have been applied: ErrOutcomeUnknown after a
// lost connection, a 5xx, a success answer it could not read, or a cancel
// once the request was out. Every other error means it was not applied.
func outcomeOf(err error) string {
	switch {
	case err == nil:
		return stateApplied
	case errors.Is(err, haravan.ErrOutcomeUnknown):
		return stateUnknown
	}
	return stateFailed
}

// report lists the rows that need attention, on stdout.
func (e *env) report(t *tally) {
	if len(t.failures) > 0 {
		fmt.Fprintln(e.stdout, "failed, not applied (-resume tries them again):")
		for _, f := range t.failures {
			printEntry(e.stdout, f)
		}
	}
	if len(t.unresolved) > 0 {
		fmt.Fprintln(e.stdout, "outcome unknown, never retried: check them with -reconcile:")
		for _, u := range t.unresolved {
			printEntry(e.stdout, u)
		}
	}
}

func printEntry(w io.Writer, e entry) {
	fmt.Fprintf(w, "  line %d  ref_id %s  profile %d  +%d  %s", e.Line, e.RefID, e.ProfileID, e.Points, e.State)
	if e.Error != "" {
		fmt.Fprintf(w, ": %s", e.Error)
	}
	fmt.Fprintln(w)
}

// dryRun shows what a run would do, without any call.
func (e *env) dryRun(rows []row, past map[string]entry) {
	var credit, skip, unresolved int
	var points int64
	for _, r := range rows {
		prev, ok := past[r.RefID]
		switch {
		case ok && prev.State == stateApplied:
			skip++
		case ok && prev.unresolved():
			unresolved++
			fmt.Fprintf(e.stdout, "line %d: profile %d +%d (ref_id %s): outcome unknown, would not be retried\n", r.Line, r.ProfileID, r.Points, r.RefID)
		default:
			credit++
			points += r.Points
			fmt.Fprintf(e.stdout, "line %d: profile %d +%d (ref_id %s)\n", r.Line, r.ProfileID, r.Points, r.RefID)
		}
	}
	fmt.Fprintf(e.stdout, "dry run: would credit %d rows (%d points), skip %d applied, leave %d of unknown outcome\n", credit, points, skip, unresolved)
}

// reconcile reads the profile of every row of unknown outcome and shows
// its current points beside the journal entry, so that someone can tell
// whether the credit went through (Haravan's API lists no point changes;
// the profile's point history in the shop's admin is the final word).
func (e *env) reconcile(ctx context.Context, rows []row, past map[string]entry) error {
	var unreadable []string
	n := 0
	for _, r := range rows {
		prev, ok := past[r.RefID]
		if !ok || !prev.unresolved() {
			continue
		}
		n++
		fmt.Fprintf(e.stdout, "line %d  ref_id %s  profile %d  +%d  journal: %s at %s", r.Line, r.RefID, r.ProfileID, r.Points, prev.State, prev.At.Format("2006-01-02 15:04:05Z"))
		if prev.Error != "" {
			fmt.Fprintf(e.stdout, " (%s)", prev.Error)
		}
		p, err := e.client.GetProfile(ctx, r.ProfileID)
		if err != nil {
			fmt.Fprintf(e.stdout, "\n    cannot read the profile: %v\n", err)
			unreadable = append(unreadable, r.RefID)
			continue
		}
		fmt.Fprintf(e.stdout, "\n    now %d points available (updated %s)\n", p.PointAvailable, p.UpdatedAt.UTC().Format("2006-01-02 15:04:05Z"))
	}
	if n == 0 {
		fmt.Fprintln(e.stdout, "no row of unknown outcome")
	}
	if len(unreadable) > 0 {
		return fmt.Errorf("could not read the profiles of %d rows (ref_id %s)", len(unreadable), strings.Join(unreadable, ", "))
	}
	return nil
}
