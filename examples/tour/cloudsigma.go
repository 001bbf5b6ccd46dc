package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/cloudsigma/cloudsigmatest"
)

func init() { register("cloudsigma", runCloudsigma) }

func runCloudsigma(ctx context.Context, w io.Writer) error {
	srv := cloudsigmatest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient()
	if err != nil {
		return err
	}
	defer c.CloseIdleConnections()

	var resp profiles.Response
	p, err := c.GetProfile(ctx, profiles.WithResponse(&resp))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "GetProfile: %s %s <%s>, autotopup %s (HTTP %d, attempts %d)\n",
		p.FirstName, p.LastName, p.Email, p.AutotopupAmount, resp.StatusCode, resp.Attempts)

	srv.InjectFault(1, cloudsigmatest.Fault{Status: http.StatusNotFound})
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
