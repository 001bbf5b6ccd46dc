package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan/haravantest"
)

func init() { register("haravan", runHaravan) }

func runHaravan(ctx context.Context, w io.Writer) error {
	srv := haravantest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient()
	if err != nil {
		return err
	}
	defer c.CloseIdleConnections()

	var resp profiles.Response
	p, err := c.GetProfile(ctx, haravantest.JohnTerryID, profiles.WithResponse(&resp))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "GetProfile: %s %s, %d points (HTTP %d, attempts %d, call limit %s)\n",
		p.FirstName, p.LastName, p.PointAvailable, resp.StatusCode, resp.Attempts, resp.CallLimit)

	srv.InjectFault(1, haravantest.Fault{Status: http.StatusNotFound})
	_, err = c.GetProfile(ctx, haravantest.JohnTerryID)
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
