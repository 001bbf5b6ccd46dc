package main

//lint:file-ignore SA1019 the tour shows the deprecated olx package on purpose.

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/profiles-sdk/profiles-go/olx"
	"github.com/profiles-sdk/profiles-go/olx/olxtest"
)

func init() { register("olx", runOLX) }

// runOLX fetches both documented accounts, then shows the 403 an expired
// token gets. OLX discontinued this API on 2023-11-30; the package remains
// for systems that replay or archive its answers.
func runOLX(ctx context.Context, w io.Writer) error {
	srv := olxtest.NewServer()
	defer srv.Close()
	fmt.Fprintln(w, "(deprecated: OLX discontinued the Profile API on 2023-11-30)")
	for _, token := range []string{olxtest.PostpaidToken, olxtest.PrepaidToken} {
		creds := srv.Credentials()
		creds.AccessToken, creds.CRMName = token, "tour_crm"
		c, err := olx.NewClient(creds, olx.WithBaseURL(srv.URL))
		if err != nil {
			return err
		}
		resp, err := c.GetPackages(ctx)
		c.CloseIdleConnections()
		if err != nil {
			return err
		}
		for _, p := range resp.Packages {
			price, err := p.ParsePrice()
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "GetPackages: %s %q, %d/%d listings left, %s = %s\n",
				p.Type, p.Name, p.Available, p.Total, p.Price, price)
		}
	}
	return tourOLXTokens(ctx, w, srv)
}

// tourOLXTokens shows the expired-token 403, then the token endpoint
// getting a fresh access token.
func tourOLXTokens(ctx context.Context, w io.Writer, srv *olxtest.Server) error {
	srv.ExpireToken(olxtest.PrepaidToken)
	creds := srv.Credentials()
	creds.AccessToken, creds.CRMName = olxtest.PrepaidToken, "tour_crm"
	c, err := olx.NewClient(creds, olx.WithBaseURL(srv.URL))
	if err != nil {
		return err
	}
	defer c.CloseIdleConnections()
	_, err = c.GetPackages(ctx)
	if !errors.Is(err, olx.ErrTokenExpired) {
		return fmt.Errorf("expired token: got %v, want ErrTokenExpired", err)
	}
	fmt.Fprintf(w, "GetPackages with an expired token: %v\n", err)

	auth, err := olx.NewAuthClient(olx.AppCredentials{ClientID: olxtest.ClientID, ClientSecret: olxtest.ClientSecret,
		APIKey: srv.Credentials().APIKey, CRMName: "tour_crm"}, olx.WithBaseURL(srv.URL))
	if err != nil {
		return err
	}
	defer auth.CloseIdleConnections()
	tok, err := auth.ExchangeCode(ctx, srv.NewAuthorizationCode(olxtest.PrepaidPackage()))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "ExchangeCode: access token for %s, refresh token issued: %v\n", tok.ExpiresIn, tok.RefreshToken != "")
	tok, err = auth.RefreshToken(ctx, tok.RefreshToken)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "RefreshToken: new access token for %s\n", tok.ExpiresIn)
	return nil
}
