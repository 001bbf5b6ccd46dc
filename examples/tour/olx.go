package main

//lint:file-ignore SA1019 the tour shows the deprecated olx package on purpose.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/olx/olxtest"
)

func init() { register("olx", runOLX) }

// runOLX: OLX discontinued this API on 2023-11-30; the package remains for
// systems that replay or archive its answers.
func runOLX(ctx context.Context, w io.Writer) error {
	srv := olxtest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient()
	if err != nil {
		return err
	}
	defer c.CloseIdleConnections()

	var resp profiles.Response
	pkgs, err := c.GetPackages(ctx, profiles.WithResponse(&resp))
	if err != nil {
		return err
	}
	first := pkgs.Packages[0]
	fmt.Fprintf(w, "GetPackages: %d package, %s, %d/%d listings left, %s (HTTP %d, attempts %d)\n",
		len(pkgs.Packages), first.Type, first.Available, first.Total, first.Price, resp.StatusCode, resp.Attempts)

	srv.InjectFault(1, olxtest.Fault{Status: http.StatusNotFound})
	_, err = c.GetPackages(ctx)
	switch {
	case errors.Is(err, profiles.ErrNotFound):
		fmt.Fprintln(w, "GetPackages after an injected 404: profiles.ErrNotFound")
	case err != nil:
		return err
	default:
		return errors.New("the injected 404 did not fail the call")
	}
	return nil
}
