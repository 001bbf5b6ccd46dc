package main

import (
	"io"
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// meter shows a job's progress.
type meter interface {
	// Step counts one more profile or row done; status is shown beside
	// the count (the shop's call limit).
	Step(status string)
	// Close ends the display.
	Close()
}

// terminalMeter returns a factory of progress bars drawn on w, or of
// silent meters when w is not a terminal (a file, a pipe, a CI log), where
// the bar's redrawing would only be noise.
func terminalMeter(w io.Writer) func(title string, total, done int64) meter {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return func(string, int64, int64) meter { return silentMeter{} }
	}
	return func(title string, total, done int64) meter {
		bar := progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(title),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString(title),
			// No throttle: pacing keeps steps to a few hundred a second,
			// and a throttled bar would not show its last steps.
			progressbar.OptionThrottle(0),
			progressbar.OptionShowDescriptionAtLineEnd(),
			progressbar.OptionOnCompletion(func() { _, _ = io.WriteString(w, "\n") }),
		)
		_ = bar.Set64(done)
		return &barMeter{bar: bar, title: title}
	}
}

type barMeter struct {
	bar   *progressbar.ProgressBar
	title string
}

func (m *barMeter) Step(status string) {
	m.bar.Describe(m.title + " (" + status + ")")
	_ = m.bar.Add(1)
}

// Close leaves the bar where it is, since an interrupted job is not
// complete, and ends its line (a bar that reached its total has done so).
func (m *barMeter) Close() {
	if !m.bar.IsFinished() {
		_ = m.bar.Exit()
	}
}

type silentMeter struct{}

func (silentMeter) Step(string) {}
func (silentMeter) Close()      {}
