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
// directive. The bar is drawn only when stderr is a terminal.
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
  haravan-bulk export [-format jsonl|csv] [-out FILE] [-resume]
  haravan-bulk credit -in CAMPAIGN.csv [-dry-run | -resume | -reconcile | -resolve REF_ID=applied|not-applied]

Without HARAVAN_ACCESS_TOKEN both run against an in-process fake.`

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

// run parses the command line and runs a command with a paced client: on
// the real API when token is set, on a fresh fake otherwise.
func run(ctx context.Context, stdout, stderr io.Writer, args []string, token string) error {
	if len(args) == 0 {
		return errors.New(strings.TrimSpace(usage))
	}
	opts := []profiles.Option{haravan.WithPacing()}
	if token == "" {
		srv := haravantest.NewServer()
		defer srv.Close()
		token = srv.Credentials().AccessToken
		opts = append(opts, profiles.WithBaseURL(srv.URL))
		fmt.Fprintln(stderr, "HARAVAN_ACCESS_TOKEN is not set: using the in-process fake")
	}
	c, err := haravan.NewClient(haravan.Credentials{AccessToken: token}, opts...)
	if err != nil {
		return err
	}
	defer c.CloseIdleConnections()
	env := &env{client: c, stdout: stdout, stderr: stderr, meter: terminalMeter(stderr)}
	env.withLedger = func(l haravan.Ledger) (*haravan.Client, error) {
		return haravan.NewClient(haravan.Credentials{AccessToken: token}, append(opts[:len(opts):len(opts)], haravan.WithLedger(l))...)
	}
	switch args[0] {
	case "export":
		return env.export(ctx, args[1:])
	case "credit":
		return env.credit(ctx, args[1:])
	default:
		return fmt.Errorf("unknown command %q\n%s", args[0], usage)
	}
}

// env is what the commands work with.
type env struct {
	client *haravan.Client
	stdout io.Writer // reports (credit); export writes its data here without -out
	stderr io.Writer // messages and the progress bar
	// meter starts a progress display for a job of total steps (-1 when
	// unknown), of which done are done already.
	meter func(title string, total, done int64) meter
	// withLedger returns a client like client that journals its point
	// changes in l (credit's journal).
	withLedger func(l haravan.Ledger) (*haravan.Client, error)
}

// newFlags returns a flag set that reports errors instead of exiting.
func (e *env) newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// callLimit describes the shop's bucket as last reported.
func (e *env) callLimit() string {
	if cl, ok := e.client.CallLimit(); ok {
		return "calls " + cl.String()
	}
	return "calls ?"
}
