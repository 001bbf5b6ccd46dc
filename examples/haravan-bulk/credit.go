package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
)

// creditJob is a credit run as the flags describe it.
type creditJob struct {
	in        string // the campaign file; its journal is in + ".journal"
	resume    bool
	dryRun    bool
	reconcile bool
	resolve   string // "REF_ID=applied" or "REF_ID=not-applied"
}

func (e *env) credit(ctx context.Context, args []string) error {
	fs := e.newFlags("credit")
	var job creditJob
	fs.StringVar(&job.in, "in", "", "campaign CSV: profile_id,points,reason,ref_id (header row allowed)")
	fs.BoolVar(&job.resume, "resume", false, "continue after a stop: skip applied rows, never retry rows of unknown outcome")
	fs.BoolVar(&job.dryRun, "dry-run", false, "check the file and show what would be credited, without any call")
	fs.BoolVar(&job.reconcile, "reconcile", false, "show each row of unknown outcome next to its profile's current points")
	fs.StringVar(&job.resolve, "resolve", "", "settle a row of unknown outcome after checking the shop's point history: REF_ID=applied or REF_ID=not-applied (-resume then sends it again)")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("credit: unexpected argument %q", fs.Arg(0))
	case job.in == "":
		return errors.New("credit: -in CAMPAIGN.csv is required")
	case job.dryRun && job.reconcile:
		return errors.New("credit: -dry-run and -reconcile do not go together")
	case job.resolve != "" && (job.dryRun || job.reconcile || job.resume):
		return errors.New("credit: -resolve goes alone")
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
	case job.dryRun:
		e.dryRun(rows, past)
		return nil
	case !found && (job.reconcile || job.resolve != ""):
		return fmt.Errorf("credit: %s does not exist: nothing to reconcile", journalPath(job.in))
	case found && !job.resume && !job.reconcile && job.resolve == "":
		return fmt.Errorf("credit: %s exists: continue with -resume (applied rows are skipped), or see unresolved rows with -reconcile", journalPath(job.in))
	}
	j, err := openJournal(journalPath(job.in))
	if err != nil {
		return err
	}
	defer j.Close()
	c, err := e.withLedger(j)
	if err != nil {
		return err
	}
	defer c.CloseIdleConnections()
	run := *e
	run.client = c // claims every ref_id in the journal before its call
	switch {
	case job.reconcile:
		return run.reconcile(ctx, rows, j)
	case job.resolve != "":
		return run.resolveRow(ctx, j, job.resolve)
	}
	return run.apply(ctx, rows, past)
}

// checkJournal refuses a campaign file whose rows changed since the
// journal recorded them: "applied" would no longer mean this row.
func checkJournal(rows []row, past map[string]haravan.LedgerEntry) error {
	for _, r := range rows {
		if e, ok := past[r.RefID]; ok && (e.ProfileID != r.ProfileID || e.Value != r.Points) {
			return fmt.Errorf("ref_id %q (line %d) is profile %d, %d points, but the journal has profile %d, %d points: the file changed",
				r.RefID, r.Line, r.ProfileID, r.Points, e.ProfileID, e.Value)
		}
	}
	return nil
}

// done is a row and how its call ended, for the report.
type done struct {
	row
	state string // the journal's state, or "failed"
	err   error
}

// tally counts a run's rows.
type tally struct {
	credited, failed, unknown, skipped, notStarted int
	unresolved                                     []done // outcome unknown, this run's and earlier
	failures                                       []done
}

func (t *tally) String() string {
	s := fmt.Sprintf("credited %d, failed %d, outcome unknown %d, skipped %d", t.credited, t.failed, t.unknown, t.skipped)
	if t.notStarted > 0 {
		s += fmt.Sprintf(", not started %d (interrupted: continue with -resume)", t.notStarted)
	}
	return s
}

// apply credits every row that is not applied or unresolved already; the
// client journals each before and after its call.
func (e *env) apply(ctx context.Context, rows []row, past map[string]haravan.LedgerEntry) error {
	var t tally
	var todo []row
	for _, r := range rows {
		prev, ok := past[r.RefID]
		switch {
		case ok && prev.State == haravan.RefApplied:
			t.skipped++
		case ok && unresolved(prev):
			t.unknown++
			t.unresolved = append(t.unresolved, done{row: r, state: string(prev.State)})
		default:
			todo = append(todo, r)
		}
	}
	m := e.meter("rows", int64(len(todo)), 0)
	err := e.creditRows(ctx, todo, &t, m)
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

func (e *env) creditRows(ctx context.Context, todo []row, t *tally, m meter) error {
	for i, r := range todo {
		if ctx.Err() != nil {
			t.notStarted = len(todo) - i
			return nil
		}
		_, err := e.client.AddPoints(ctx, r.ProfileID, haravan.PointChange{Value: r.Points, Reason: r.Reason, RefID: r.RefID})
		if errors.Is(err, errJournal) {
			return fmt.Errorf("line %d: %w", r.Line, err) // says whether it was sent and stays pending
		}
		d := done{row: r, state: outcomeOf(err), err: err}
		switch d.state {
		case stateApplied:
			t.credited++
		case stateFailed:
			t.failed++
			t.failures = append(t.failures, d)
		default:
			t.unknown++
			t.unresolved = append(t.unresolved, d)
		}
		m.Step(e.callLimit())
	}
	return nil
}

// How a row's call ended, in the report: as the journal records it, or
// failed: certainly not applied, so the journal released its ref_id and
// -resume tries it again.
const (
	stateApplied = string(haravan.RefApplied)
	stateUnknown = string(haravan.RefUnknown)
	stateFailed  = "failed"
)

// outcomeOf classifies a credit call's result. The SDK says whether a
// failed value-moving call may have been applied: ErrOutcomeUnknown after a
// lost connection, a 5xx, a success answer it could not read, or a cancel
// once the request was out. A ref_id claimed before (ErrDuplicateRefID:
// another run at the same time) is left to that run. Every other error
// means it was not applied.
func outcomeOf(err error) string {
	switch {
	case err == nil:
		return stateApplied
	case errors.Is(err, profiles.ErrOutcomeUnknown), errors.Is(err, haravan.ErrDuplicateRefID):
		return stateUnknown
	}
	return stateFailed
}

// report lists the rows that need attention, on stdout.
func (e *env) report(t *tally) {
	if len(t.failures) > 0 {
		fmt.Fprintln(e.stdout, "failed, not applied (-resume tries them again):")
		for _, f := range t.failures {
			printDone(e.stdout, f)
		}
	}
	if len(t.unresolved) > 0 {
		fmt.Fprintln(e.stdout, "outcome unknown, never retried: check them with -reconcile:")
		for _, u := range t.unresolved {
			printDone(e.stdout, u)
		}
	}
}

func printDone(w io.Writer, d done) {
	fmt.Fprintf(w, "  line %d  ref_id %s  profile %d  +%d  %s", d.Line, d.RefID, d.ProfileID, d.Points, d.state)
	if d.err != nil {
		fmt.Fprintf(w, ": %s", d.err)
	}
	fmt.Fprintln(w)
}

// dryRun shows what a run would do, without any call.
func (e *env) dryRun(rows []row, past map[string]haravan.LedgerEntry) {
	var credit, skip, unknown int
	var points int64
	for _, r := range rows {
		prev, ok := past[r.RefID]
		switch {
		case ok && prev.State == haravan.RefApplied:
			skip++
		case ok && unresolved(prev):
			unknown++
			fmt.Fprintf(e.stdout, "line %d: profile %d +%d (ref_id %s): outcome unknown, would not be retried\n", r.Line, r.ProfileID, r.Points, r.RefID)
		default:
			credit++
			points += r.Points
			fmt.Fprintf(e.stdout, "line %d: profile %d +%d (ref_id %s)\n", r.Line, r.ProfileID, r.Points, r.RefID)
		}
	}
	fmt.Fprintf(e.stdout, "dry run: would credit %d rows (%d points), skip %d applied, leave %d of unknown outcome\n", credit, points, skip, unknown)
}

// reconcile lists the journal's unsettled entries (unknown, or pending
// after a crash) next to each profile's current points. Haravan's API has
// no point history and no idempotency key, so it cannot say whether a
// credit went through: the shop admin's point history, searched by ref_id,
// is the final word; then settle the row with -resolve.
func (e *env) reconcile(ctx context.Context, rows []row, l haravan.Ledger) error {
	lines := map[string]int{}
	for _, r := range rows {
		lines[r.RefID] = r.Line
	}
	entries, err := l.Unsettled(ctx)
	if err != nil {
		return err
	}
	var unreadable []string
	for _, u := range entries {
		fmt.Fprintf(e.stdout, "line %d  ref_id %s  profile %d  +%d  journal: %s since %s", lines[u.RefID], u.RefID, u.ProfileID, u.Value, u.State, u.ClaimedAt.UTC().Format("2006-01-02 15:04:05Z"))
		p, err := e.client.GetProfile(ctx, u.ProfileID)
		if err != nil {
			fmt.Fprintf(e.stdout, "\n    cannot read the profile: %v\n", err)
			unreadable = append(unreadable, u.RefID)
			continue
		}
		fmt.Fprintf(e.stdout, "\n    now %d points available (updated %s)\n", p.PointAvailable, p.UpdatedAt.UTC().Format("2006-01-02 15:04:05Z"))
	}
	if len(entries) == 0 {
		fmt.Fprintln(e.stdout, "no row of unknown outcome")
	} else {
		fmt.Fprintln(e.stdout, "check each ref_id in the shop admin's point history, then: -resolve REF_ID=applied or REF_ID=not-applied")
	}
	if len(unreadable) > 0 {
		return fmt.Errorf("could not read the profiles of %d rows (ref_id %s)", len(unreadable), strings.Join(unreadable, ", "))
	}
	return nil
}

// resolveRow settles one unsettled entry as someone found it in the shop's
// point history.
func (e *env) resolveRow(ctx context.Context, l haravan.Ledger, arg string) error {
	i := strings.LastIndexByte(arg, '=')
	if i <= 0 || (arg[i+1:] != "applied" && arg[i+1:] != "not-applied") {
		return fmt.Errorf("credit: -resolve %q: want REF_ID=applied or REF_ID=not-applied", arg)
	}
	refID, applied := arg[:i], arg[i+1:] == "applied"
	if err := l.Resolve(ctx, refID, applied); err != nil {
		return err
	}
	if applied {
		fmt.Fprintf(e.stdout, "ref_id %s: applied; never sent again\n", refID)
	} else {
		fmt.Fprintf(e.stdout, "ref_id %s: not applied; -resume sends it again\n", refID)
	}
	return nil
}
