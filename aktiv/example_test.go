package aktiv_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/aktiv"
	"github.com/profiles-sdk/profiles-go/aktiv/aktivtest"
)

func ExampleClient_GetProfile() {
	srv := aktivtest.NewServer()
	defer srv.Close()

	c, err := srv.NewClient() // the Administrator, with the fake's URL
	if err != nil {
		fmt.Println(err)
		return
	}
	u, err := c.GetProfile(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u.CompanyName, u.Details.FirstName, u.Details.LastName, u.Details.Role.Name)
	fmt.Println("last visit:", u.Details.LastVisit.Format("2006-01-02"))
	// Output:
	// Aktiv John Doe Administrator
	// last visit: 2018-06-19
}

// Private access codes never print; read them explicitly.
func ExampleClient_GetAccessCodes() {
	srv := aktivtest.NewServer()
	defer srv.Close()

	c, _ := aktiv.NewClient(aktiv.Credentials{Token: aktivtest.DeveloperToken}, profiles.WithBaseURL(srv.URL))
	codes, err := c.GetAccessCodes(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, code := range codes {
		fmt.Printf("%d %s %s private: %v\n", code.ID, code.Public.Text, code.Public.Value, code.Private)
	}
	master, _, _ := codes[0].Private.Reveal()
	fmt.Println("master of the first set:", master)
	// Output:
	// 1 DEMONVK 0x519175b7 private: aktiv.PrivateCodes{Master:[redacted], Read:[redacted], Write:[redacted]}
	// 9 EXAMPLE 0xb3b3b3b3 private: aktiv.PrivateCodes{Master:[redacted], Read:[redacted], Write:[redacted]}
	// master of the first set: 0x5191758c
}

// GetBalance is for administrators; other roles get ErrForbidden.
func ExampleClient_GetBalance() {
	srv := aktivtest.NewServer()
	defer srv.Close()
	ctx := context.Background()

	admin, _ := srv.NewClient()
	b, err := admin.GetBalance(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("postpaid:", b.IsPostpaid, "subscription ends:", b.SubscriptionEnd)

	user, _ := aktiv.NewClient(aktiv.Credentials{Token: aktivtest.UserToken}, profiles.WithBaseURL(srv.URL))
	_, err = user.GetBalance(ctx)
	fmt.Println("plain user forbidden:", errors.Is(err, profiles.ErrForbidden))
	// Output:
	// postpaid: true subscription ends: <nil>
	// plain user forbidden: true
}

// PutSettings takes {"lang": N}; GetProfile reports it as settings.language.
func ExampleClient_PutSettings() {
	srv := aktivtest.NewServer()
	defer srv.Close()
	ctx := context.Background()

	c, _ := aktiv.NewClient(aktiv.Credentials{Token: aktivtest.UserToken}, profiles.WithBaseURL(srv.URL))
	if err := c.PutSettings(ctx, aktiv.SettingsUpdate{Language: 1}); err != nil {
		fmt.Println(err)
		return
	}
	u, _ := c.GetProfile(ctx)
	fmt.Println("language:", u.Details.Settings.Language)
	// Output:
	// language: 1
}

// An installation that authenticates with another header or a session
// cookie needs no token.
func ExampleWithAuthenticator() {
	srv := aktivtest.NewServer()
	defer srv.Close()
	srv.SetTokenReader(func(r *http.Request) string { return r.Header.Get("X-Session") })

	c, err := aktiv.NewClient(aktiv.Credentials{},
		profiles.WithBaseURL(srv.URL),
		aktiv.WithAuthenticator(aktiv.AuthHeader("X-Session", aktivtest.AdminToken)))
	if err != nil {
		fmt.Println(err)
		return
	}
	u, err := c.GetProfile(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u.Email)
	// Output:
	// test@example.com
}

func ExampleParseCode() {
	c, err := aktiv.ParseCode("0xE1E1E1E")
	fmt.Println(c, uint32(c), err)
	_, err = aktiv.ParseCode("0x123456789")
	fmt.Println(err)
	// Output:
	// 0x0e1e1e1e 236854814 <nil>
	// aktiv: invalid access code: value exceeds 32 bits
}
