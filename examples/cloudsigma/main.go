// Command cloudsigma reads a CloudSigma account's profile.
//
// With credentials in the environment it talks to the real API, read-only:
//
//	CLOUDSIGMA_USERNAME=you@example.com CLOUDSIGMA_PASSWORD=... go run ./examples/cloudsigma
//	CLOUDSIGMA_TOKEN=... CLOUDSIGMA_LOCATION=fra go run ./examples/cloudsigma
//
// CLOUDSIGMA_LOCATION picks the location (zrh by default). Without
// credentials it starts the in-process fake (cloudsigmatest) and also shows
// an update there, since changing a fake profile costs nothing.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/cloudsigma"
	"github.com/profiles-sdk/profiles-go/cloudsigma/cloudsigmatest"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "cloudsigma:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer, getenv func(string) string) error {
	creds := cloudsigma.Credentials{
		Username: getenv("CLOUDSIGMA_USERNAME"),
		Password: getenv("CLOUDSIGMA_PASSWORD"),
		Token:    getenv("CLOUDSIGMA_TOKEN"),
	}
	if creds.Token == "" && creds.Username == "" && creds.Password == "" {
		return runFake(ctx, w)
	}
	var opts []profiles.Option
	if loc := getenv("CLOUDSIGMA_LOCATION"); loc != "" {
		opts = append(opts, cloudsigma.WithLocation(loc))
	}
	c, err := cloudsigma.NewClient(creds, opts...)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "CloudSigma API at", c.BaseURL())
	return show(ctx, w, c)
}

func runFake(ctx context.Context, w io.Writer) error {
	srv := cloudsigmatest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient()
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "no CLOUDSIGMA_USERNAME/CLOUDSIGMA_PASSWORD or CLOUDSIGMA_TOKEN set: using the in-process fake")
	if err := show(ctx, w, c); err != nil {
		return err
	}
	p, err := c.GetProfile(ctx)
	if err != nil {
		return err
	}
	p.Company, p.MailingList = "Example Ltd", false
	p, err = c.PutProfile(ctx, p)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "updated: company %q, mailing list %v\n", p.Company, p.MailingList)
	return nil
}

// show prints the profile and the read-only fields of the schema.
func show(ctx context.Context, w io.Writer, c *cloudsigma.Client) error {
	p, err := c.GetProfile(ctx)
	var apiErr *profiles.APIError
	if errors.As(err, &apiErr) {
		return fmt.Errorf("the API said %d %s (request id %q)", apiErr.StatusCode, apiErr.Message, apiErr.RequestID)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "profile: %s %s <%s>, state %s, signed up %s\n", p.FirstName, p.LastName, p.Email, p.State, p.SignupTime.Format("2006-01-02"))
	fmt.Fprintf(w, "auto top-up: %v (amount %s, threshold %s)\n", p.HasAutotopup, p.AutotopupAmount, p.AutotopupThreshold)
	s, err := c.GetProfileSchema(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "schema: %d fields, read-only: %v\n", len(s.Fields), s.ReadOnlyFields())
	return nil
}
