package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/haravan/haravantest"
)

// campaignOf writes a campaign with a header and one row per ref, crediting
// generated profiles 1, 2, 3, ... with 10, 20, 30, ... points.
func campaignOf(t *testing.T, refs ...string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("profile_id,points,reason,ref_id\n")
	for i, ref := range refs {
		fmt.Fprintf(&b, "%d,%d,Campaign,%s\n", haravantest.FirstGeneratedID+int64(i), 10*(i+1), ref)
	}
	return writeFile(t, "campaign.csv", b.String())
}

// appliedRefs returns the ref_id of every point change the fake applied.
func appliedRefs(srv *haravantest.Server) []string {
	var refs []string
	for _, r := range srv.PointHistory(0) {
		refs = append(refs, r.RefID)
	}
	slices.Sort(refs)
	return refs
}

// journalStates returns the last state of every ref_id in the journal.
func journalStates(t *testing.T, campaign string) map[string]string {
	t.Helper()
	past, found, err := loadJournal(journalPath(campaign))
	if err != nil || !found {
		t.Fatalf("journal: found %v, %v", found, err)
	}
	states := map[string]string{}
	for ref, e := range past {
		states[ref] = string(e.State)
	}
	return states
}

// refsIn returns the refs whose state is state, sorted.
func refsIn(states map[string]string, state string) []string {
	var refs []string
	for ref, s := range states {
		if s == state {
			refs = append(refs, ref)
		}
	}
	slices.Sort(refs)
	return refs
}

// Every row meets one fault, in order; the fake records what it applied.
func TestCreditWithFaultsAppliesEachRowAtMostOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	in := campaignOf(t, "ok-1", "503", "drop-after-apply", "drop", "422", "ok-2", "500")
	h.srv.InjectFault(1, haravantest.Fault{})
	h.srv.InjectFault(1, haravantest.Fault{Status: http.StatusServiceUnavailable, Body: `{"errors":"try later"}`})
	h.srv.InjectFault(1, haravantest.Fault{DropAfterApply: true})
	h.srv.InjectFault(1, haravantest.Fault{Drop: true})
	h.srv.InjectFault(1, haravantest.Fault{Status: http.StatusUnprocessableEntity, Body: `{"errors":{"value":["refused"]}}`})
	h.srv.InjectFault(1, haravantest.Fault{})
	h.srv.InjectFault(1, haravantest.Fault{Status: http.StatusInternalServerError, Body: `{"errors":"boom"}`})

	err := h.env.runCredit(context.Background(), creditJob{in: in})
	const summary = "credited 2, failed 1, outcome unknown 4, skipped 0"
	if err == nil || err.Error() != summary {
		t.Fatalf("credit: %v, want %q", err, summary)
	}
	if got, want := appliedRefs(h.srv), []string{"drop-after-apply", "ok-1", "ok-2"}; !slices.Equal(got, want) {
		t.Errorf("the fake applied %v, want %v", got, want)
	}
	if got := pointRequests(h.srv); got != 7 {
		t.Errorf("%d point requests, want one per row (7): nothing is sent twice", got)
	}
	states := journalStates(t, in)
	if got, want := refsIn(states, stateUnknown), []string{"500", "503", "drop", "drop-after-apply"}; !slices.Equal(got, want) {
		t.Errorf("outcome unknown: %v, want the ambiguous failures %v", got, want)
	}
	if state, ok := states["422"]; ok {
		t.Errorf("422 is %s in the journal, want it released (absent)", state)
	}
	if got := refsIn(states, stateApplied); !slices.Equal(got, []string{"ok-1", "ok-2"}) {
		t.Errorf("applied: %v", got)
	}
	for _, ref := range []string{"503", "drop-after-apply", "drop", "500"} {
		if !strings.Contains(h.stdout.String(), "ref_id "+ref+" ") {
			t.Errorf("the report does not list %s for reconciliation:\n%s", ref, h.stdout)
		}
	}

	// -resume skips the applied rows, never resends the unknown ones, and
	// tries the failed one again.
	h.stdout.Reset()
	err = h.env.runCredit(context.Background(), creditJob{in: in, resume: true})
	const resumed = "credited 1, failed 0, outcome unknown 4, skipped 2"
	if err == nil || err.Error() != resumed {
		t.Fatalf("resume: %v, want %q", err, resumed)
	}
	if got := pointRequests(h.srv); got != 8 {
		t.Errorf("%d point requests after resume, want 8: only the failed row is sent again", got)
	}
	if got, want := appliedRefs(h.srv), []string{"422", "drop-after-apply", "ok-1", "ok-2"}; !slices.Equal(got, want) {
		t.Errorf("after resume the fake applied %v, want %v", got, want)
	}
	if !strings.Contains(h.stdout.String(), "outcome unknown, never retried") || !strings.Contains(h.stdout.String(), "ref_id drop-after-apply ") {
		t.Errorf("resume does not list the unknown rows:\n%s", h.stdout)
	}
}

// -reconcile shows each unknown row next to the profile's current points:
// the row whose credit went through shows it in the balance.
func TestReconcileShowsBalances(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	in := campaignOf(t, "ok", "lost-answer", "refused-by-proxy")
	h.srv.InjectFault(1, haravantest.Fault{})
	h.srv.InjectFault(1, haravantest.Fault{DropAfterApply: true})
	h.srv.InjectFault(1, haravantest.Fault{Status: http.StatusBadGateway})
	_ = h.env.runCredit(context.Background(), creditJob{in: in})

	h.stdout.Reset()
	if err := h.env.runCredit(context.Background(), creditJob{in: in, reconcile: true}); err != nil {
		t.Fatal(err)
	}
	lost, _ := h.srv.Profile(haravantest.FirstGeneratedID + 1)
	refused, _ := h.srv.Profile(haravantest.FirstGeneratedID + 2)
	out := h.stdout.String()
	for _, want := range []string{
		"ref_id lost-answer  profile 1000002  +20  journal: unknown",
		fmt.Sprintf("now %d points available", lost.PointAvailable),
		"ref_id refused-by-proxy  profile 1000003  +30  journal: unknown",
		fmt.Sprintf("now %d points available", refused.PointAvailable),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("reconcile output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "ref_id ok ") {
		t.Errorf("reconcile lists an applied row:\n%s", out)
	}
	if pointRequests(h.srv) != 3 {
		t.Error("reconcile moved points")
	}
}

// A crash leaves a row "pending" (its call may have gone out) and maybe a
// torn last line (its call had not started). -resume does not send the
// pending row, and sends the torn one's.
func TestResumeAfterCrashNeverResendsPendingRows(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	in := campaignOf(t, "done", "in-flight", "torn", "fresh")
	journal := `{"ref_id":"done","line":2,"profile_id":1000001,"points":10,"state":"pending","at":"2026-01-01T00:00:00Z"}
{"ref_id":"done","line":2,"profile_id":1000001,"points":10,"state":"applied","at":"2026-01-01T00:00:01Z"}
{"ref_id":"in-flight","line":3,"profile_id":1000002,"points":20,"state":"pending","at":"2026-01-01T00:00:02Z"}
{"ref_id":"torn","line":4,"profile_id":1000003,"poi`
	if err := os.WriteFile(journalPath(in), []byte(journal), 0o644); err != nil {
		t.Fatal(err)
	}
	err := h.env.runCredit(context.Background(), creditJob{in: in, resume: true})
	const summary = "credited 2, failed 0, outcome unknown 1, skipped 1"
	if err == nil || err.Error() != summary {
		t.Fatalf("resume: %v, want %q", err, summary)
	}
	if got, want := appliedRefs(h.srv), []string{"fresh", "torn"}; !slices.Equal(got, want) {
		t.Errorf("the fake applied %v, want %v", got, want)
	}
	if !strings.Contains(h.stdout.String(), "ref_id in-flight  profile 1000002  +20  pending") {
		t.Errorf("the pending row is not listed for reconciliation:\n%s", h.stdout)
	}
	// The torn line is gone, and every line is whole JSON again.
	if _, _, err := loadJournal(journalPath(in)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(readFile(t, journalPath(in)), `"poi{`) {
		t.Error("the new entries were glued to the torn line")
	}
}

// Ctrl-C between rows: the rest is "not started", and -resume credits it.
func TestCreditInterruptedThenResumed(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	refs := []string{"r1", "r2", "r3", "r4", "r5", "r6"}
	in := campaignOf(t, refs...)
	err := h.env.runCredit(h.stopAfter(2), creditJob{in: in})
	if err == nil || !strings.HasPrefix(err.Error(), "credited 2, failed 0, outcome unknown 0, skipped 0, not started 4") {
		t.Fatalf("interrupted: %v", err)
	}
	h.env.meter = func(string, int64, int64) meter { return silentMeter{} }
	if err := h.env.runCredit(context.Background(), creditJob{in: in}); err == nil || !strings.Contains(err.Error(), "-resume") {
		t.Errorf("a second run without -resume: %v, want advice to use -resume", err)
	}
	if err := h.env.runCredit(context.Background(), creditJob{in: in, resume: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h.stdout.String(), "credited 4, failed 0, outcome unknown 0, skipped 2") {
		t.Errorf("stdout: %s", h.stdout)
	}
	if got := appliedRefs(h.srv); !slices.Equal(got, refs) {
		t.Errorf("applied %v, want each of %v once", got, refs)
	}
}

func TestBadRowsAreRejectedBeforeAnyCall(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, csv string
		want      []string
	}{
		{"every kind of bad row", strings.Join([]string{
			"profile_id,points,reason,ref_id",
			"1000001,10,ok,a",
			"abc,10,bad id,b",
			"0,10,zero id,c",
			"1000002,-5,negative,d",
			"1000003,0,zero,e",
			"1000004,9223372036854775808,overflow,f",
			"1000005,1.5,fraction,g",
			"1000006,10,duplicate,a",
			"1000007,10,too,many,columns",
			"1000008,10",
			"1000009,10,no ref,",
			"99999999999999999999,10,id overflow,h",
		}, "\n") + "\n", []string{
			"11 bad rows", // the header and line 2 are good
			`line 3: profile_id "abc" is not a whole number`,
			"line 4: profile_id 0 is not positive",
			"line 5: points -5 is not positive",
			"line 6: points 0 is not positive",
			`line 7: points "9223372036854775808" is too large`,
			`line 8: points "1.5" is not a whole number`,
			`line 9: ref_id "a" is on line 2 already`,
			"line 10: 5 columns, want 4",
			"line 11: 2 columns, want 4",
			"line 12: ref_id is empty",
			`line 13: profile_id "99999999999999999999" is too large`,
		}},
		{"bad header", "profile_id,points,ref_id\n1000001,10,x,y\n", []string{"line 1: the header must be profile_id,points,reason,ref_id"}},
		{"bare quote", "1000001,10,x,a\n1000002,10,say \"hi\",b\n", []string{"line 2:", "the rest of the file was not checked"}},
		{"no rows", "profile_id,points,reason,ref_id\n", []string{"no rows to credit"}},
		{"invalid UTF-8", "1000001,10,caf\xe9,a\n", []string{"line 1: not valid UTF-8"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			in := writeFile(t, "campaign.csv", tc.csv)
			err := h.env.runCredit(context.Background(), creditJob{in: in})
			if err == nil {
				t.Fatal("a bad campaign was accepted")
			}
			for _, want := range tc.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error lacks %q:\n%v", want, err)
				}
			}
			if n := len(h.srv.Requests()); n != 0 {
				t.Errorf("%d requests were sent", n)
			}
			if _, err := os.Stat(journalPath(in)); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a journal was started: %v", err)
			}
		})
	}
}

func TestHeaderIsOptionalAndBOMTolerated(t *testing.T) {
	t.Parallel()
	rows, problems := parseCampaign(strings.NewReader("\uFEFFProfile_ID, points ,reason,ref_id\n 1000001 , 7 ,Tết,t-1\n"))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if want := (row{Line: 2, ProfileID: 1000001, Points: 7, Reason: "Tết", RefID: "t-1"}); len(rows) != 1 || rows[0] != want {
		t.Errorf("rows %+v, want %+v", rows, want)
	}
	rows, problems = parseCampaign(strings.NewReader("1000001,7,no header,t-1\n"))
	if len(problems) > 0 || len(rows) != 1 || rows[0].Line != 1 {
		t.Errorf("without a header: %+v %v", rows, problems)
	}
}

func TestDryRunSendsNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	in := campaignOf(t, "a", "b")
	if err := h.env.runCredit(context.Background(), creditJob{in: in, dryRun: true}); err != nil {
		t.Fatal(err)
	}
	if n := len(h.srv.Requests()); n != 0 {
		t.Errorf("%d requests were sent", n)
	}
	if !strings.Contains(h.stdout.String(), "dry run: would credit 2 rows (30 points), skip 0 applied, leave 0 of unknown outcome") {
		t.Errorf("stdout: %s", h.stdout)
	}
	if _, err := os.Stat(journalPath(in)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a dry run started a journal: %v", err)
	}
}

// A journaled row whose points or profile changed in the file would make
// "applied" mean another credit: the run refuses.
func TestResumeRefusesAChangedRow(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	in := campaignOf(t, "a", "b")
	if err := h.env.runCredit(context.Background(), creditJob{in: in}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, []byte("1000001,10,Campaign,a\n1000002,25,Campaign,b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := h.env.runCredit(context.Background(), creditJob{in: in, resume: true})
	if err == nil || !strings.Contains(err.Error(), `ref_id "b" (line 2) is profile 1000002, 25 points, but the journal has profile 1000002, 20 points`) {
		t.Errorf("resume over a changed row: %v", err)
	}
	if pointRequests(h.srv) != 2 {
		t.Error("points moved after the change was found")
	}
}

func TestOutcomeOf(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"success", nil, stateApplied},
		{"4xx answer", &profiles.APIError{StatusCode: 404}, stateFailed},
		{"5xx answer", &profiles.APIError{StatusCode: 503, OutcomeUnknown: true}, stateUnknown},
		{"lost connection", &profiles.RequestError{Err: errors.New("EOF"), OutcomeUnknown: true}, stateUnknown},
		{"dial error", &profiles.RequestError{Err: errors.New("connection refused")}, stateFailed},
		{"unreadable success", fmt.Errorf("haravan: %w", &profiles.DecodeError{StatusCode: 200, Err: errors.New("not JSON"), OutcomeUnknown: true}), stateUnknown},
		{"cancelled once sent", &profiles.RequestError{Err: context.Canceled, OutcomeUnknown: true}, stateUnknown},
		{"cancelled while pacing, never sent", &profiles.RequestError{Err: context.Canceled}, stateFailed},
		{"refused before sending", fmt.Errorf("haravan: %w: bad id", profiles.ErrInvalidArgument), stateFailed},
	}
	for _, tc := range cases {
		if got := outcomeOf(tc.err); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}

// After checking the shop's point history, someone settles each unknown
// row with -resolve: the one found applied is never sent again, the one
// not found is sent by -resume.
func TestResolveThenResume(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	in := campaignOf(t, "lost-answer", "refused-by-proxy")
	h.srv.InjectFault(1, haravantest.Fault{DropAfterApply: true})
	h.srv.InjectFault(1, haravantest.Fault{Status: http.StatusBadGateway})
	_ = h.env.runCredit(context.Background(), creditJob{in: in})
	for _, bad := range []string{"lost-answer", "lost-answer=maybe", "=applied", "ok=applied"} {
		if err := h.env.runCredit(context.Background(), creditJob{in: in, resolve: bad}); err == nil {
			t.Errorf("-resolve %s was accepted", bad)
		}
	}
	for _, arg := range []string{"lost-answer=applied", "refused-by-proxy=not-applied"} {
		if err := h.env.runCredit(context.Background(), creditJob{in: in, resolve: arg}); err != nil {
			t.Fatalf("-resolve %s: %v", arg, err)
		}
	}
	if err := h.env.runCredit(context.Background(), creditJob{in: in, resume: true}); err != nil {
		t.Fatalf("resume: %v", err)
	}
	if got, want := appliedRefs(h.srv), []string{"lost-answer", "refused-by-proxy"}; !slices.Equal(got, want) {
		t.Errorf("the fake applied %v, want %v", got, want)
	}
	if got := pointRequests(h.srv); got != 3 {
		t.Errorf("%d point requests, want 3: only the row resolved as not applied is sent again", got)
	}
}

// The journal keeps the haravan.Ledger contract, on disk.
func TestJournalIsALedger(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "j")
	ctx := context.Background()
	j, err := openJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	e := haravan.LedgerEntry{RefID: "a", ProfileID: 7, Op: "add", Value: 5, Reason: "r", ClaimedAt: time.Unix(100, 0).UTC()}
	if _, claimed, err := j.Claim(ctx, e); !claimed || err != nil {
		t.Fatalf("claim: %v, %v", claimed, err)
	}
	if held, claimed, _ := j.Claim(ctx, e); claimed || held.State != haravan.RefPending {
		t.Errorf("second claim: claimed %v, held %+v", claimed, held)
	}
	if err := j.Resolve(ctx, "missing", true); err == nil {
		t.Error("resolving a missing entry succeeded")
	}
	if err := j.Record(ctx, "a", haravan.RefUnknown); err != nil {
		t.Fatal(err)
	}
	if err := j.Record(ctx, "a", haravan.RefApplied); err == nil {
		t.Error("recording an unknown entry succeeded")
	}
	j.Close()
	j, err = openJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	got, _ := j.Unsettled(ctx)
	e.State = haravan.RefUnknown
	if len(got) != 1 || got[0] != e {
		t.Errorf("after reopening: unsettled %+v, want %+v", got, e)
	}
}
