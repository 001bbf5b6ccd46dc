package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/profiles-sdk/profiles-go/aktiv"
	"github.com/profiles-sdk/profiles-go/aktiv/aktivtest"
)

func init() { register("aktiv", runAktiv) }

// runAktiv makes every call as the page's administrator, then shows what a
// plain user gets: public codes only, and 403 on the balance.
func runAktiv(ctx context.Context, w io.Writer) error {
	srv := aktivtest.NewServer()
	defer srv.Close()
	admin, err := srv.NewClient()
	if err != nil {
		return err
	}
	defer admin.CloseIdleConnections()

	u, err := admin.GetProfile(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "GetProfile: %s %s, %s at %s, language %d\n", u.Details.FirstName, u.Details.LastName,
		u.Details.Role.Name, u.CompanyName, u.Details.Settings.Language)
	codes, err := admin.GetAccessCodes(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "GetAccessCodes: %d sets, first public %s %q, private %v\n",
		len(codes), codes[0].Public.Value, codes[0].Public.Text, codes[0].Private)
	b, err := admin.GetBalance(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "GetBalance: postpaid %t, network licences %d (the vendor's unset value), subscription end %v\n",
		b.IsPostpaid, b.NetLicensesBalance, b.SubscriptionEnd)

	upd := u.ProfileUpdate()
	upd.Phone = "+7 495 123-45-67"
	if err := admin.PutProfile(ctx, upd); err != nil {
		return err
	}
	if err := admin.PutSettings(ctx, aktiv.SettingsUpdate{Language: 1}); err != nil {
		return err
	}
	if u, err = admin.GetProfile(ctx); err != nil {
		return err
	}
	fmt.Fprintf(w, "PutProfile + PutSettings: phone now %s, language %d\n", u.Phone, u.Details.Settings.Language)

	return runAktivPlainUser(ctx, w, srv)
}

func runAktivPlainUser(ctx context.Context, w io.Writer, srv *aktivtest.Server) error {
	c, err := aktiv.NewClient(aktiv.Credentials{Token: aktivtest.UserToken}, aktiv.WithBaseURL(srv.URL))
	if err != nil {
		return err
	}
	defer c.CloseIdleConnections()
	codes, err := c.GetAccessCodes(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "plain user: private codes sent: %t\n", codes[0].Private != nil)
	_, err = c.GetBalance(ctx)
	if !errors.Is(err, aktiv.ErrForbidden) {
		return fmt.Errorf("plain user's balance: got %v, want ErrForbidden", err)
	}
	fmt.Fprintf(w, "plain user GetBalance: %v\n", err)
	return nil
}
