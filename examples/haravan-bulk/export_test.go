package main

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/haravan/haravantest"
)

// fullExport is what an export without interruption writes.
func fullExport(t *testing.T, format string, pageSize int) string {
	t.Helper()
	h := newHarness(t)
	out := filepath.Join(t.TempDir(), "full."+format)
	if err := h.env.runExport(context.Background(), exportJob{format: format, out: out, pageSize: pageSize}); err != nil {
		t.Fatal(err)
	}
	return readFile(t, out)
}

func TestExportWritesEveryProfileOnce(t *testing.T) {
	t.Parallel()
	want := 2 + haravantest.GeneratedCount
	jsonl := fullExport(t, "jsonl", haravan.MaxPageSize)
	if n := strings.Count(jsonl, "\n"); n != want {
		t.Errorf("jsonl has %d lines, want %d", n, want)
	}
	csv := fullExport(t, "csv", haravan.MaxPageSize)
	if n := strings.Count(csv, "\n"); n != want+1 {
		t.Errorf("csv has %d lines, want %d and a header", n, want)
	}
	if !strings.HasPrefix(csv, "id,first_name,last_name,") {
		t.Errorf("csv lacks its header: %.80s", csv)
	}
}

// An export stopped by Ctrl-C, with bytes written after its last
// checkpoint (a crash between a write and the checkpoint), and resumed on
// the same shop writes exactly what an uninterrupted export writes.
func TestExportInterruptedThenResumedEqualsUninterrupted(t *testing.T) {
	t.Parallel()
	for _, format := range []string{"jsonl", "csv"} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			want := fullExport(t, format, 20)
			h := newHarness(t)
			job := exportJob{format: format, out: filepath.Join(t.TempDir(), "profiles."+format), pageSize: 20}

			err := h.env.runExport(h.stopAfter(45), job)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("interrupted export: %v, want context.Canceled", err)
			}
			cp, _, _ := readCheckpoint(checkpointPath(job.out))
			if cp.Done || cp.Count == 0 || cp.Count >= int64(2+haravantest.GeneratedCount) {
				t.Fatalf("checkpoint after the stop: %+v", cp)
			}
			appendGarbage(t, job.out)

			sent := len(h.srv.Requests())
			h.env.meter = func(string, int64, int64) meter { return silentMeter{} }
			job.resume = true
			if err := h.env.runExport(context.Background(), job); err != nil {
				t.Fatal(err)
			}
			if got := readFile(t, job.out); got != want {
				t.Errorf("resumed export differs from an uninterrupted one:\n got %d bytes\nwant %d bytes", len(got), len(want))
			}
			// The resumed walk asks for what comes after the checkpoint.
			if q := h.srv.Requests()[sent].Query; !strings.Contains(q, "since_id="+strconv.FormatInt(cp.LastID, 10)) {
				t.Errorf("first resumed request has query %q, want since_id=%d", q, cp.LastID)
			}
		})
	}
}

// A walk that fails on a page (a 500 the SDK does not retry) keeps what it
// wrote, and -resume completes it to the uninterrupted output.
func TestExportFailedPageThenResumedEqualsUninterrupted(t *testing.T) {
	t.Parallel()
	want := fullExport(t, "jsonl", 20)
	h := newHarness(t)
	job := exportJob{format: "jsonl", out: filepath.Join(t.TempDir(), "profiles.jsonl"), pageSize: 20}
	// Two pages pass untouched (a zero Fault changes nothing), the third
	// gets a 500.
	h.srv.InjectFault(2, haravantest.Fault{})
	h.srv.InjectFault(1, haravantest.Fault{Status: http.StatusInternalServerError, Body: `{"errors":"boom"}`})

	err := h.env.runExport(context.Background(), job)
	var apiErr *profiles.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusInternalServerError {
		t.Fatalf("export: %v, want the 500", err)
	}
	if cp, _, _ := readCheckpoint(checkpointPath(job.out)); cp.Count != 40 {
		t.Fatalf("checkpoint after two pages holds %d profiles, want 40", cp.Count)
	}
	job.resume = true
	if err := h.env.runExport(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, job.out); got != want {
		t.Errorf("resumed export differs from an uninterrupted one (%d bytes, want %d)", len(got), len(want))
	}
}

func TestExportRefusesToLoseAnUnfinishedExport(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	job := exportJob{format: "jsonl", out: filepath.Join(t.TempDir(), "profiles.jsonl"), pageSize: 20}
	if err := h.env.runExport(h.stopAfter(5), job); err == nil {
		t.Fatal("the interrupted export succeeded")
	}
	if err := h.env.runExport(context.Background(), job); err == nil || !strings.Contains(err.Error(), "-resume") {
		t.Errorf("a fresh export over an unfinished one: %v, want advice to use -resume", err)
	}
	job.format = "csv"
	job.resume = true
	if err := h.env.runExport(context.Background(), job); err == nil || !strings.Contains(err.Error(), "-format jsonl") {
		t.Errorf("resuming in another format: %v", err)
	}
}

func TestExportResumeOfACompleteExportSendsNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	job := exportJob{format: "csv", out: filepath.Join(t.TempDir(), "profiles.csv"), pageSize: 50}
	if err := h.env.runExport(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	sent := len(h.srv.Requests())
	job.resume = true
	if err := h.env.runExport(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	if len(h.srv.Requests()) != sent {
		t.Error("resuming a complete export sent requests")
	}
	if !strings.Contains(h.stderr.String(), "complete already: 122 profiles") {
		t.Errorf("stderr: %q", h.stderr.String())
	}
}

// The since_id checkpoint relies on ascending ids; a list in another order
// stops the export instead of leaving a gap.
func TestExportStopsOnADescendingList(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"profiles":[{"id":9},{"id":5}]}`))
	}))
	t.Cleanup(srv.Close)
	c, err := haravan.NewClient(haravan.Credentials{AccessToken: "t"}, profiles.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	e := &env{client: c, stderr: &strings.Builder{}, meter: func(string, int64, int64) meter { return silentMeter{} }}
	job := exportJob{format: "jsonl", out: filepath.Join(t.TempDir(), "p.jsonl"), pageSize: 2}
	err = e.runExport(context.Background(), job)
	if err == nil || !strings.Contains(err.Error(), "not in ascending id order") {
		t.Fatalf("export of a descending list: %v", err)
	}
	if got := readFile(t, job.out); !strings.HasPrefix(got, `{"id":9,`) || strings.Count(got, "\n") != 1 {
		t.Errorf("output should hold profile 9 only:\n%s", got)
	}
}

func appendGarbage(t *testing.T, path string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Longer than the rest of the export, so that only cutting it off,
	// not writing over it, gives the right output.
	if _, err := f.WriteString(`{"id":99999,"note":"` + strings.Repeat("half a line ", 1<<14)); err != nil {
		t.Fatal(err)
	}
}
