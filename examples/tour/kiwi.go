package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/kiwi"
	"github.com/profiles-sdk/profiles-go/kiwi/kiwitest"
)

func init() { register("kiwi", runKiwi) }

func runKiwi(ctx context.Context, w io.Writer) error {
	srv := kiwitest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient()
	if err != nil {
		return err
	}
	defer c.CloseIdleConnections()

	var resp profiles.Response
	p, err := c.GetAccountProfile(ctx, kiwi.PartSubscriptions, profiles.WithResponse(&resp))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "GetAccountProfile: %d subscriptions, %d active (HTTP %d, attempts %d)\n",
		len(p.Subscriptions), len(p.ActiveSubscriptions(time.Now())), resp.StatusCode, resp.Attempts)

	srv.InjectFault(1, kiwitest.Fault{Status: http.StatusNotFound})
	_, err = c.GetAccountProfile(ctx)
	switch {
	case errors.Is(err, profiles.ErrNotFound):
		fmt.Fprintln(w, "GetAccountProfile after an injected 404: profiles.ErrNotFound")
	case err != nil:
		return err
	default:
		return errors.New("the injected 404 did not fail the call")
	}
	return nil
}
