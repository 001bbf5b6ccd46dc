// Command kiwi prints a Kiwi account's subscriptions and context.
//
// With KIWI_APP_KEY and KIWI_USER_TOKEN set it calls the real API
// (https://api.kwsdk.io, or KIWI_BASE_URL); otherwise it runs against the
// in-process kiwitest fake:
//
//	go run ./examples/kiwi
//	KIWI_APP_KEY=... KIWI_USER_TOKEN=... go run ./examples/kiwi
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/kiwi"
	"github.com/profiles-sdk/profiles-go/kiwi/kiwitest"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "kiwi:", err)
		os.Exit(1)
	}
}

// run picks the real API or the fake from the environment, then prints.
func run(ctx context.Context, w io.Writer, getenv func(string) string) error {
	creds := kiwi.Credentials{AppKey: getenv("KIWI_APP_KEY"), UserToken: getenv("KIWI_USER_TOKEN")}
	var opts []profiles.Option
	now := time.Now()
	if creds.AppKey == "" || creds.UserToken == "" {
		srv := kiwitest.NewServer()
		defer srv.Close()
		creds = srv.Credentials()
		opts = append(opts, profiles.WithBaseURL(srv.URL))
		fmt.Fprintln(w, "KIWI_APP_KEY or KIWI_USER_TOKEN unset: using the in-process fake")
	} else if base := getenv("KIWI_BASE_URL"); base != "" {
		opts = append(opts, profiles.WithBaseURL(base))
	}
	c, err := kiwi.NewClient(creds, append(opts, profiles.WithUserAgent("profiles-go-example"))...)
	if err != nil {
		return err
	}
	defer c.CloseIdleConnections()

	profile, err := c.GetAccountProfile(ctx)
	if errors.Is(err, kiwi.ErrInvalidToken) {
		return fmt.Errorf("the user token was refused (operation_status 1): %w", err)
	}
	if err != nil {
		return err
	}
	printProfile(w, profile, now)
	return nil
}

func printProfile(w io.Writer, p *kiwi.AccountProfile, now time.Time) {
	fmt.Fprintf(w, "account %s (pool %s), signed up %s\n", p.AccountInfo.AccountID, p.AccountInfo.IdentityPool, date(p.AccountInfo.SignUpAt))
	for _, kind := range p.CredentialsInfo.Kinds() {
		fmt.Fprintf(w, "  %s confirmed: %v\n", kind, p.CredentialsInfo.Confirmed[kind])
	}
	fmt.Fprintf(w, "%d subscriptions, %d active at %s:\n", len(p.Subscriptions), len(p.ActiveSubscriptions(now)), date(now))
	for _, s := range p.Subscriptions {
		mark := " "
		if s.ActiveAt(now) {
			mark = "*"
		}
		fmt.Fprintf(w, "  %s %-19s %-21s %-9s %10s  expires %s\n", mark, s.SKU, s.Platform, s.Status, s.PriceString(), date(s.ExpiresAt))
	}
	keys := make([]string, 0, len(p.Context))
	for k := range p.Context {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "context %s = %v\n", k, p.Context[k])
	}
}

func date(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(time.DateOnly)
}
