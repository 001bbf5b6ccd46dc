// Command aktiv shows the signed-in Guardant vendor user, the vendor's
// access codes and, for administrators, the licence balance.
//
// With AKTIV_TOKEN set it asks the real API (at AKTIV_BASE_URL if set,
// otherwise at the package's guessed default host); otherwise it runs
// against the in-process aktivtest fake:
//
//	go run ./examples/aktiv
//	AKTIV_TOKEN=... AKTIV_BASE_URL=https://... go run ./examples/aktiv
//
// It only reads: nothing is changed on the vendor's side. Private access
// codes are printed redacted.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/aktiv"
	"github.com/profiles-sdk/profiles-go/aktiv/aktivtest"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "aktiv:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer, getenv func(string) string) error {
	creds := aktiv.Credentials{Token: getenv("AKTIV_TOKEN")}
	var opts []profiles.Option
	if base := getenv("AKTIV_BASE_URL"); base != "" {
		opts = append(opts, profiles.WithBaseURL(base))
	}
	if creds.Token == "" {
		srv := aktivtest.NewServer()
		defer srv.Close()
		creds = srv.Credentials()
		opts = []profiles.Option{profiles.WithBaseURL(srv.URL)}
		fmt.Fprintln(w, "AKTIV_TOKEN unset: using the aktivtest fake")
	}
	c, err := aktiv.NewClient(creds, opts...)
	if err != nil {
		return err
	}
	defer c.CloseIdleConnections()

	u, err := c.GetProfile(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s %s <%s>, %s at %s (country %d)\n", u.Details.FirstName, u.Details.LastName,
		u.Email, u.Details.Role.Name, u.CompanyName, u.CountryID)

	codes, err := c.GetAccessCodes(ctx)
	if err != nil {
		return err
	}
	for _, code := range codes {
		fmt.Fprintf(w, "access code %d: public %s %q, private %v\n", code.ID, code.Public.Value, code.Public.Text, code.Private)
	}

	b, err := c.GetBalance(ctx)
	if errors.Is(err, profiles.ErrForbidden) {
		fmt.Fprintf(w, "balance: not available to the %s role\n", u.Details.Role.Name)
		return nil
	}
	if err != nil {
		return err
	}
	end := "none"
	if b.SubscriptionEnd != nil {
		end = b.SubscriptionEnd.Format(time.DateOnly)
	}
	fmt.Fprintf(w, "balance: postpaid %t, local licences %d, network licences %d, subscription ends %s\n",
		b.IsPostpaid, b.LocalLicensesBalance, b.NetLicensesBalance, end)
	return nil
}
