// Command haravan-bulk runs the two long jobs of a loyalty team on Haravan:
// exporting every profile, and crediting campaign points to many customers.
// Both survive being stopped (Ctrl-C or a crash) and continue with -resume:
//
//	go run ./examples/haravan-bulk export -format csv -out profiles.csv
//	go run ./examples/haravan-bulk export -format csv -out profiles.csv -resume
//	go run ./examples/haravan-bulk credit -in campaign.csv -dry-run
//	go run ./examples/haravan-bulk credit -in campaign.csv
//	go run ./examples/haravan-bulk credit -in campaign.csv -resume
//	go run ./examples/haravan-bulk credit -in campaign.csv -reconcile
//
// Without HARAVAN_ACCESS_TOKEN it runs against the in-process fake
// (haravantest), whose state lives only as long as the command; with it, it
// works on the real shop, and credit really adds points there.
//
// Calls are paced with haravan.WithPacing, so a job runs at the shop's
// sustained rate (4 calls a second) instead of running into 429 answers.
//
// The progress bar is github.com/schollz/progressbar/v3: these jobs need one
// bar with a count, a rate and a line of text for the call limit, which is
// what it does with a few options, while mpb's strength (many concurrent
// bars, custom decorators) goes unused here. v3.18.0 is pinned because
// later releases need Go 1.25 and would raise the SDK module's go
// directive. The bar is drawn only when stderr is a terminal; otherwise (cron,
// a container log) a plain line every 5 seconds tells rows done, rate and ETA.
//
// -base-url URL, on each command, sends to another API than Haravan's (a
// sandbox, a proxy, a fake) with HARAVAN_ACCESS_TOKEN.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/haravan/haravantest"
)

const usage = `usage:
  haravan-bulk export [-format jsonl|csv] [-out FILE] [-resume] [-base-url URL]
  haravan-bulk credit -in CAMPAIGN.csv [-dry-run | -resume | -reconcile | -resolve REF_ID=applied|not-applied] [-base-url URL]
  haravan-bulk help       (or -h, --help; COMMAND -h lists its flags)

Without HARAVAN_ACCESS_TOKEN both run against an in-process fake.
-base-url sends to another API (a sandbox, a proxy, a fake) with that token:
https, or http to a loopback host.
When stderr is not a terminal, a progress line is written there every 5s.`

func main() {
	// Ctrl-C and SIGTERM cancel the context: the running call ends, the
	// position is saved, and -resume continues from there.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// After the first signal a second one ends the process at once,
		// as usual; the journal and the checkpoint are safe either way.
		<-ctx.Done()
		stop()
	}()
	err := run(ctx, os.Stdout, os.Stderr, os.Args[1:], os.Getenv("HARAVAN_ACCESS_TOKEN"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "haravan-bulk:", err)
		stop()
		os.Exit(1)
	}
}

// run parses the command line and runs a command; the command connects
// (see connect) once its flags are parsed. Asking for help is no error.
func run(ctx context.Context, stdout, stderr io.Writer, args []string, token string) error {
	if len(args) == 0 {
		return errors.New(strings.TrimSpace(usage))
	}
	e := &env{token: token, stdout: stdout, stderr: stderr, meter: progressMeter(stderr, progressEvery)}
	defer e.close()
	var err error
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprintln(stdout, usage)
	case "export":
		err = e.export(ctx, args[1:])
	case "credit":
		err = e.credit(ctx, args[1:])
	default:
		return fmt.Errorf("unknown command %q\n%s", args[0], usage)
	}
	if errors.Is(err, flag.ErrHelp) {
		return nil // COMMAND -h: the flag package printed the flags
	}
	return err
}

// env is what the commands work with.
type env struct {
	client  *haravan.Client // set by connect, or by a test
	token   string          // HARAVAN_ACCESS_TOKEN
	baseURL string          // -base-url
	fake    *haravantest.Server
	stdout  io.Writer // reports (credit); export writes its data here without -out
	stderr  io.Writer // messages and the progress bar
	// meter starts a progress display for a job of total steps (-1 when
	// unknown), of which done are done already.
	meter func(title string, total, done int64) meter
	// withLedger returns a client like client that journals its point
	// changes in l (credit's journal).
	withLedger func(l haravan.Ledger) (*haravan.Client, error)
}

// parse parses a command's flags, then connects.
func (e *env) parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if e.client != nil {
		return nil
	}
	return e.connect()
}

// connect makes the paced client: to -base-url, to the real API when the
// token is set, else to a fresh in-process fake. The SDK checks -base-url
// (https, or http to a loopback host) and refuses anything else.
func (e *env) connect() error {
	opts := []profiles.Option{haravan.WithPacing()}
	token := e.token
	switch {
	case e.baseURL != "":
		if token == "" {
			return errors.New("-base-url needs HARAVAN_ACCESS_TOKEN, a token that API accepts")
		}
		opts = append(opts, profiles.WithBaseURL(e.baseURL))
	case token == "":
		e.fake = haravantest.NewServer()
		token = e.fake.Credentials().AccessToken
		opts = append(opts, profiles.WithBaseURL(e.fake.URL))
		fmt.Fprintln(e.stderr, "HARAVAN_ACCESS_TOKEN is not set: using the in-process fake")
	}
	creds := haravan.Credentials{AccessToken: token}
	c, err := haravan.NewClient(creds, opts...)
	if err != nil {
		return err
	}
	e.client = c
	e.withLedger = func(l haravan.Ledger) (*haravan.Client, error) {
		return haravan.NewClient(creds, append(opts, haravan.WithLedger(l))...)
	}
	return nil
}

// close releases what connect made.
func (e *env) close() {
	if e.client != nil {
		e.client.CloseIdleConnections()
	}
	if e.fake != nil {
		e.fake.Close()
	}
}

// newFlags returns a flag set that reports errors instead of exiting.
func (e *env) newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&e.baseURL, "base-url", "", "send to this API instead of Haravan's (https, or http to a loopback host); needs HARAVAN_ACCESS_TOKEN")
	return fs
}

// callLimit describes the shop's bucket as last reported.
func (e *env) callLimit() string {
	if cl, ok := e.client.CallLimit(); ok {
		return "calls " + cl.String()
	}
	return "calls ?"
}
