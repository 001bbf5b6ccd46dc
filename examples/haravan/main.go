// Command haravan shows the haravan client: with HARAVAN_ACCESS_TOKEN set it
// reads the shop's first profiles from the real API (it never changes
// points there); without it, it runs against the in-process fake and also
// adds and subtracts points.
//
//	HARAVAN_ACCESS_TOKEN=... go run ./examples/haravan
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/haravan/haravantest"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout, os.Getenv("HARAVAN_ACCESS_TOKEN")); err != nil {
		fmt.Fprintln(os.Stderr, "haravan:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer, token string) error {
	opts := []profiles.Option{haravan.WithPacing()}
	live := token != ""
	if !live {
		srv := haravantest.NewServer()
		defer srv.Close()
		token = srv.Credentials().AccessToken
		opts = append(opts, profiles.WithBaseURL(srv.URL))
		fmt.Fprintln(w, "HARAVAN_ACCESS_TOKEN is not set: using the in-process fake")
	}
	c, err := haravan.NewClient(haravan.Credentials{AccessToken: token}, opts...)
	if err != nil {
		return err
	}
	page, err := c.ListProfiles(ctx, &haravan.ListProfilesOptions{Limit: 5})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "first %d profiles:\n", len(page))
	for _, p := range page {
		fmt.Fprintf(w, "  %d %s %s: %s, %d points\n", p.ID, p.FirstName, p.LastName, p.LevelName, p.PointAvailable)
	}
	if len(page) > 0 {
		tags, err := c.GetProfileTags(ctx, page[0].ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "tags of %d: %q\n", page[0].ID, tags)
	}
	if !live {
		p, err := c.AddPoints(ctx, haravantest.JohnTerryID, haravan.PointChange{Value: 10, Reason: "example", RefID: "example-1"})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "added 10 points to %s %s: %d available\n", p.FirstName, p.LastName, p.PointAvailable)
	}
	if cl, ok := c.CallLimit(); ok {
		fmt.Fprintf(w, "call limit: %s\n", cl)
	}
	return nil
}
