// Command quickstart reads a Haravan profile, and one that does not exist.
// With HARAVAN_ACCESS_TOKEN set it asks the real API, otherwise an
// in-process fake of it: go run ./examples/quickstart
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/haravan/haravantest"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := run(ctx, os.Stdout, os.Getenv("HARAVAN_ACCESS_TOKEN")); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer, token string) error {
	var c *haravan.Client
	var err error
	if token != "" {
		c, err = haravan.NewClient(haravan.Credentials{AccessToken: token})
	} else {
		srv := haravantest.NewServer() // no token: the in-process fake
		defer srv.Close()
		c, err = srv.NewClient()
	}
	if err != nil {
		return err // a malformed token or an invalid option: nothing was sent
	}
	defer c.CloseIdleConnections()

	for _, id := range []int64{632910392, 1} {
		p, err := c.GetProfile(ctx, id)
		switch {
		case errors.Is(err, profiles.ErrNotFound):
			fmt.Fprintf(w, "profile %d: not found\n", id)
		case err != nil:
			return err // a wrong token (profiles.ErrUnauthorized), a failure after retries, ...
		default:
			fmt.Fprintf(w, "profile %d: %s %s, %d points\n", id, p.FirstName, p.LastName, p.PointAvailable)
		}
	}
	return nil
}
