package kiwi_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/kiwi"
	"github.com/profiles-sdk/profiles-go/kiwi/kiwitest"
)

// List the subscriptions that grant access, against the kiwitest fake.
func ExampleClient_GetAccountProfile() {
	srv := kiwitest.NewServer()
	defer srv.Close()

	c, err := srv.NewClient() // the subscriber, with the fake's key and URL
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.CloseIdleConnections()

	profile, err := c.GetAccountProfile(context.Background(), kiwi.PartSubscriptions)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("account", profile.AccountInfo.AccountID)
	for _, s := range profile.Subscriptions {
		fmt.Printf("%-21s %-9s %9s  active=%v\n", s.Platform, s.Status, s.PriceString(), s.ActiveAt(time.Now()))
	}
	// Output:
	// account 100042
	// Google Play           ACTIVE     9.99 USD  active=true
	// App Store (iTunes)    TRIAL     49.99 USD  active=true
	// Stripe                CANCELLED  8.99 EUR  active=false
	// SBS (carrier billing) EXPIRED    4.90 BRL  active=false
}

// Kiwi answers an unknown token with HTTP 200 and operation_status 1; the
// client turns it into an error that matches ErrInvalidToken.
func ExampleErrInvalidToken() {
	srv := kiwitest.NewServer()
	defer srv.Close()

	creds := srv.Credentials()
	creds.UserToken = "expired-token"
	c, _ := kiwi.NewClient(creds, profiles.WithBaseURL(srv.URL))
	defer c.CloseIdleConnections()

	_, err := c.GetAccountProfile(context.Background())
	var apiErr *profiles.APIError
	if errors.As(err, &apiErr) {
		fmt.Println("HTTP", apiErr.StatusCode, "operation_status", apiErr.Code)
	}
	fmt.Println("invalid token:", errors.Is(err, kiwi.ErrInvalidToken))
	// Output:
	// HTTP 200 operation_status 1
	// invalid token: true
}

func ExampleFormatPrice() {
	fmt.Println(kiwi.FormatPrice(499, "USD"))
	fmt.Println(kiwi.FormatPrice(-50, "eur"))
	fmt.Println(kiwi.FormatPrice(0, ""))
	// Output:
	// 4.99 USD
	// -0.50 EUR
	// 0.00
}

// Read the account's key-value context only.
func ExampleClient_GetAccountProfile_context() {
	srv := kiwitest.NewServer()
	defer srv.Close()
	c, _ := srv.NewClient()
	defer c.CloseIdleConnections()

	profile, err := c.GetAccountProfile(context.Background(), kiwi.PartContext)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(profile.Subscriptions == nil, profile.Context["favorite_team"], profile.Context["launch_count"])
	// Output:
	// true Kiwis FC 42
}
