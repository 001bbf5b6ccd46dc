package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/profiles-sdk/profiles-go/cloudsigma"
	"github.com/profiles-sdk/profiles-go/cloudsigma/cloudsigmatest"
)

func init() { register("cloudsigma", runCloudsigma) }

// runCloudsigma makes every call of the cloudsigma package against its fake.
func runCloudsigma(ctx context.Context, w io.Writer) error {
	srv := cloudsigmatest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient()
	if err != nil {
		return err
	}
	defer c.CloseIdleConnections()

	fmt.Fprintf(w, "locations: %d, default %s; wdc is at %s\n", len(cloudsigma.Locations()), cloudsigma.DefaultLocation, mustLocation("wdc").BaseURL)
	p, err := c.GetProfile(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "GetProfile: %s %s <%s>, mailing list %v, autotopup %s\n", p.FirstName, p.LastName, p.Email, p.MailingList, p.AutotopupAmount)

	p.Company, p.MailingList = "Newly Set Company Name", false
	p.CloneNaming = cloudsigma.CloneNamingCounter
	p.AutotopupAmount = cloudsigma.MustDecimal("26.73")
	p, err = c.PutProfile(ctx, p)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "PutProfile: company %q, mailing list %v, clone naming %s, autotopup %s\n", p.Company, p.MailingList, p.CloneNaming, p.AutotopupAmount)

	s, err := c.GetProfileSchema(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "GetProfileSchema: %d fields, read-only: %s\n", len(s.Fields), strings.Join(s.ReadOnlyFields(), ", "))

	_, err = c.PutProfile(ctx, &cloudsigma.Profile{CloneNaming: "SOMETIMES"})
	var apiErr *cloudsigma.APIError
	if !errors.As(err, &apiErr) {
		return fmt.Errorf("expected the fake to refuse an unknown clone naming, got %v", err)
	}
	fmt.Fprintf(w, "refused: %d %s on %s: %s\n", apiErr.StatusCode, apiErr.Code, apiErr.Field, apiErr.Message)
	return nil
}

func mustLocation(code string) cloudsigma.Location {
	l, _ := cloudsigma.LookupLocation(code)
	return l
}
