// Command tour runs every profiles-go vendor client against its in-process
// fake. It needs no network and no credentials:
//
//	go run ./examples/tour
//
// Each vendor's part (olx.go, haravan.go, ...) is the same few lines, since
// every package has the same shape: start the fake (Ptest.NewServer), get a
// client for it (srv.NewClient), make one call with profiles.WithResponse to see
// the answer's status and attempts, print the result; then make the fake
// answer 404 (srv.InjectFault) and handle it with
// errors.Is(err, profiles.ErrNotFound), the same sentinel in every package. Each
// part registers itself from an init function.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"time"
)

// part is one vendor's section of the tour.
type part struct {
	name string
	run  func(ctx context.Context, w io.Writer) error
}

var parts []part

// register adds a vendor's section; sections run in name order.
func register(name string, run func(ctx context.Context, w io.Writer) error) {
	parts = append(parts, part{name: name, run: run})
}

func main() {
	if err := runTour(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "tour:", err)
		os.Exit(1)
	}
}

func runTour(ctx context.Context, w io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	sort.Slice(parts, func(i, j int) bool { return parts[i].name < parts[j].name })
	fmt.Fprintf(w, "profiles-go tour: %d vendor clients against in-process fakes\n", len(parts))
	for _, p := range parts {
		fmt.Fprintf(w, "\n== %s ==\n", p.name)
		if err := p.run(ctx, w); err != nil {
			return fmt.Errorf("%s: %w", p.name, err)
		}
	}
	return nil
}
