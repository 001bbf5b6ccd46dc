package cloudsigma_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/cloudsigma"
	"github.com/profiles-sdk/profiles-go/cloudsigma/cloudsigmatest"
)

func ExampleClient_GetProfile() {
	srv := cloudsigmatest.NewServer() // in-process fake; use WithLocation and real credentials in production
	defer srv.Close()

	c, err := srv.NewClient() // the fake's credentials and URL
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := c.GetProfile(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.FirstName, p.LastName, p.Email)
	fmt.Println("state:", p.State, "autotopup:", p.AutotopupAmount)
	// Output:
	// John Doe user@example.com
	// state: REGULAR autotopup: 0E-16
}

func ExampleClient_PutProfile() {
	srv := cloudsigmatest.NewServer()
	defer srv.Close()
	c, _ := srv.NewClient()
	ctx := context.Background()

	p, err := c.GetProfile(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	p.Company = "Newly Set Company Name"
	p.MailingList = false // sent as false: the flag really is switched off
	p.HasAutotopup = true
	p.AutotopupAmount = cloudsigma.MustDecimal("26.73")
	p, err = c.PutProfile(ctx, p)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Company, p.MailingList, p.AutotopupAmount)

	// An address the vendor would refuse is refused before sending.
	p.Address = strings.Repeat("x", 181)
	_, err = c.PutProfile(ctx, p)
	fmt.Println(errors.Is(err, cloudsigma.ErrValidation))
	// Output:
	// Newly Set Company Name false 26.7300000000000000
	// true
}

func ExampleAPIError() {
	srv := cloudsigmatest.NewServer()
	defer srv.Close()
	c, _ := cloudsigma.NewClient(cloudsigma.Credentials{Token: "not-the-token"}, profiles.WithBaseURL(srv.URL))

	_, err := c.GetProfile(context.Background())
	var apiErr *profiles.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Code, apiErr.Message, errors.Is(err, cloudsigma.ErrPermission))
	}
	// Output:
	// 401 permission Invalid credentials. true
}

func ExampleLocations() {
	for _, l := range cloudsigma.Locations() {
		if !strings.HasSuffix(l.BaseURL, ".cloudsigma.com") {
			fmt.Println(l.Code, l.BaseURL)
		}
	}
	// Output:
	// adb https://siaflex.cloud
	// dub https://ec.servecentric.com
	// ruh https://ruh.cld.v2.sa
	// wdc https://wdc.alpha3cloud.com
}

func ExampleDecimal() {
	amount := cloudsigma.MustDecimal("0.1")
	sum := amount.Rat()
	sum.Add(sum, cloudsigma.MustDecimal("0.2").Rat())
	total, _ := cloudsigma.DecimalFromRat(sum, 2)
	fmt.Println(total, total.Equal(cloudsigma.MustDecimal("0.3")), cloudsigma.MustDecimal("0E-16").IsZero())
	// Output:
	// 0.30 true true
}
