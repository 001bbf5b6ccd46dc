// Command olx lists the packages of an OLX Group account.
//
// With OLX_API_KEY, OLX_ACCESS_TOKEN and OLX_CRM_NAME set it asks the real
// API; otherwise it runs against the in-process olxtest fake:
//
//	go run ./examples/olx
//
// OLX discontinued the Profile API on 2023-11-30, so the real API no longer
// answers with packages; the program reports what it got either way.
package main

//lint:file-ignore SA1019 this example shows the deprecated olx package on purpose.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/olx"
	"github.com/profiles-sdk/profiles-go/olx/olxtest"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "olx:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer, getenv func(string) string) error {
	creds := olx.Credentials{
		APIKey:      getenv("OLX_API_KEY"),
		AccessToken: getenv("OLX_ACCESS_TOKEN"),
		CRMName:     getenv("OLX_CRM_NAME"),
	}
	var opts []profiles.Option
	if creds.APIKey == "" || creds.AccessToken == "" || creds.CRMName == "" {
		srv := olxtest.NewServer()
		defer srv.Close()
		creds = srv.Credentials()
		creds.CRMName = "example_crm"
		opts = append(opts, profiles.WithBaseURL(srv.URL))
		fmt.Fprintln(w, "OLX_API_KEY, OLX_ACCESS_TOKEN or OLX_CRM_NAME unset: using the olxtest fake")
	}
	c, err := olx.NewClient(creds, opts...)
	if err != nil {
		return err
	}
	defer c.CloseIdleConnections()
	resp, err := c.GetPackages(ctx)
	if errors.Is(err, olx.ErrTokenExpired) {
		return fmt.Errorf("the access token has expired; refresh it and try again: %w", err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s (transaction %s)\n", resp.Message, resp.TransactionID)
	for _, p := range resp.Packages {
		fmt.Fprintf(w, "- %s %q: %d of %d listings left, price %s", p.Type, p.Name, p.Available, p.Total, p.Price)
		if m, err := p.ParsePrice(); err == nil {
			fmt.Fprintf(w, " (%d minor units of %s)", m.Minor, m.Currency)
		}
		fmt.Fprintln(w)
	}
	return nil
}
