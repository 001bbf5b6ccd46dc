package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/aktiv/aktivtest"
)

func init() { register("aktiv", runAktiv) }

func runAktiv(ctx context.Context, w io.Writer) error {
	srv := aktivtest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient()
	if err != nil {
		return err
	}
	defer c.CloseIdleConnections()

	var resp profiles.Response
	u, err := c.GetProfile(ctx, profiles.WithResponse(&resp))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "GetProfile: %s %s, %s at %s (HTTP %d, attempts %d)\n",
		u.Details.FirstName, u.Details.LastName, u.Details.Role.Name, u.CompanyName, resp.StatusCode, resp.Attempts)

	srv.InjectFault(1, aktivtest.Fault{Status: http.StatusNotFound})
	_, err = c.GetProfile(ctx)
	switch {
	case errors.Is(err, profiles.ErrNotFound):
		fmt.Fprintln(w, "GetProfile after an injected 404: profiles.ErrNotFound")
	case err != nil:
		return err
	default:
		return errors.New("the injected 404 did not fail the call")
	}
	return nil
}
