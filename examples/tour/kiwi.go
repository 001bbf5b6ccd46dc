package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/profiles-sdk/profiles-go/kiwi"
	"github.com/profiles-sdk/profiles-go/kiwi/kiwitest"
)

func init() { register("kiwi", runKiwi) }

// runKiwi fetches a Kiwi account profile whole and in parts, and shows how
// an invalid token (HTTP 200, operation_status 1) surfaces.
func runKiwi(ctx context.Context, w io.Writer) error {
	srv := kiwitest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient()
	if err != nil {
		return err
	}
	defer c.CloseIdleConnections()

	all, err := c.GetAccountProfile(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "GetAccountProfile(ALL): account %s, %d subscriptions, %d context keys\n",
		all.AccountInfo.AccountID, len(all.Subscriptions), len(all.Context))
	for _, s := range all.ActiveSubscriptions(kiwitest.SeedTime) {
		fmt.Fprintf(w, "  active: %s on %s, %s (%s), expires %s\n", s.SKU, s.Platform, s.PriceString(), s.Status, s.ExpiresAt.Format("2006-01-02"))
	}

	subs, err := c.GetAccountProfile(ctx, kiwi.PartSubscriptions)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "GetAccountProfile(SUBSCRIPTIONS): %d subscriptions, context sent: %v\n", len(subs.Subscriptions), subs.Context != nil)

	kv, err := c.GetAccountProfile(ctx, kiwi.PartContext)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "GetAccountProfile(CONTEXT): favorite_team=%v, subscriptions sent: %v\n", kv.Context["favorite_team"], kv.Subscriptions != nil)

	creds := srv.Credentials()
	creds.UserToken = "revoked-token"
	bad, err := kiwi.NewClient(creds, kiwi.WithBaseURL(srv.URL))
	if err != nil {
		return err
	}
	defer bad.CloseIdleConnections()
	_, err = bad.GetAccountProfile(ctx)
	var apiErr *kiwi.APIError
	if !errors.Is(err, kiwi.ErrInvalidToken) || !errors.As(err, &apiErr) {
		return fmt.Errorf("revoked token: want ErrInvalidToken, got %v", err)
	}
	fmt.Fprintf(w, "revoked token: HTTP %d, operation_status %s -> kiwi.ErrInvalidToken\n", apiErr.StatusCode, apiErr.Code)
	return nil
}
