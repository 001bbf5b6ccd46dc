package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progressEvery is how often a job's progress line is written when stderr
// is not a terminal.
const progressEvery = 5 * time.Second

// meter shows a job's progress.
type meter interface {
	// Step counts one more profile or row done; status is shown beside
	// the count (the shop's call limit).
	Step(status string)
	// Close ends the display.
	Close()
}

// progressMeter returns a factory of progress bars drawn on w when it is a
// terminal; otherwise (a file, a pipe, a CI or container log), where a
// bar's redrawing would be noise, of meters writing a plain line to w
// every interval while the job runs, and once at its end.
func progressMeter(w io.Writer, every time.Duration) func(title string, total, done int64) meter {
	if f, ok := w.(*os.File); !ok || !term.IsTerminal(int(f.Fd())) {
		return func(title string, total, done int64) meter {
			return newLineMeter(w, every, newPace(title, total, done, time.Now))
		}
	}
	return func(title string, total, done int64) meter {
		bar := progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(title),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString(title),
			// The bar's own estimate averages the whole job, burst
			// included; the description shows the paced one.
			progressbar.OptionSetPredictTime(false),
			// No throttle: pacing keeps steps to a few hundred a second,
			// and a throttled bar would not show its last steps.
			progressbar.OptionThrottle(0),
			progressbar.OptionShowDescriptionAtLineEnd(),
			progressbar.OptionOnCompletion(func() { _, _ = io.WriteString(w, "\n") }),
		)
		_ = bar.Set64(done)
		return &barMeter{bar: bar, pace: newPace(title, total, done, time.Now)}
	}
}

type barMeter struct {
	bar  *progressbar.ProgressBar
	pace *pace
}

func (m *barMeter) Step(status string) {
	m.pace.step()
	desc := m.pace.title + " (" + status
	if eta, ok := m.pace.eta(); ok {
		desc += ", ETA " + eta.String()
	}
	m.bar.Describe(desc + ")")
	_ = m.bar.Add(1)
}

// Close leaves the bar where it is, since an interrupted job is not
// complete, and ends its line (a bar that reached its total has done so).
func (m *barMeter) Close() {
	if !m.bar.IsFinished() {
		_ = m.bar.Exit()
	}
}

// lineMeter writes the pace's line every interval from its own goroutine,
// and once more when closed.
type lineMeter struct {
	w    io.Writer
	mu   sync.Mutex // guards pace and writes to w
	pace *pace
	stop chan struct{}
	done chan struct{}
}

func newLineMeter(w io.Writer, every time.Duration, p *pace) *lineMeter {
	m := &lineMeter{w: w, pace: p, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(m.done)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				m.print()
			case <-m.stop:
				return
			}
		}
	}()
	return m
}

func (m *lineMeter) Step(string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pace.step()
}

func (m *lineMeter) print() {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintln(m.w, m.pace.line())
}

func (m *lineMeter) Close() {
	close(m.stop)
	<-m.done
	m.print()
}

// rateWindow is how far back the rate is measured: long enough to smooth
// the steps, short enough that the first burst, which the shop's bucket
// lets through before pacing starts, soon stops counting.
const rateWindow = 5 * time.Second

// pace is a job's progress: steps done, the recent rate, the time left.
type pace struct {
	title       string
	total, done int64 // total is -1 when unknown
	now         func() time.Time
	start       time.Time
	recent      []time.Time // this run's steps within rateWindow
}

func newPace(title string, total, done int64, now func() time.Time) *pace {
	return &pace{title: title, total: total, done: done, now: now, start: now()}
}

func (p *pace) step() {
	p.done++
	p.recent = append(p.recent, p.now())
}

// rate is steps a second over the last rateWindow (or since the start):
// once pacing starts, the paced rate.
func (p *pace) rate() float64 {
	now := p.now()
	i := 0
	for i < len(p.recent) && now.Sub(p.recent[i]) >= rateWindow {
		i++
	}
	p.recent = p.recent[i:]
	span := min(now.Sub(p.start), rateWindow)
	if span <= 0 {
		return 0
	}
	return float64(len(p.recent)) / span.Seconds()
}

// eta is the time left at the recent rate; false when the total is
// unknown or nothing moved lately.
func (p *pace) eta() (time.Duration, bool) {
	r := p.rate()
	if p.total < 0 || r == 0 {
		return 0, false
	}
	left := float64(max(p.total-p.done, 0)) / r
	return time.Duration(left * float64(time.Second)).Round(time.Second), true
}

// line is the plain progress line: "rows: 40/120 done, 4.0/s, ETA 20s".
func (p *pace) line() string {
	s := fmt.Sprintf("%s: %d", p.title, p.done)
	if p.total >= 0 {
		s += fmt.Sprintf("/%d", p.total)
	}
	s += fmt.Sprintf(" done, %.1f/s", p.rate())
	if eta, ok := p.eta(); ok {
		s += ", ETA " + eta.String()
	}
	return s
}
