package olx_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/olx"
	"github.com/profiles-sdk/profiles-go/olx/olxtest"
)

func ExampleClient_GetPackages() {
	srv := olxtest.NewServer() // serves the documentation's examples
	defer srv.Close()

	c, err := srv.NewClient() // the fake's default credentials and URL
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, err := c.GetPackages(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range resp.Packages {
		price, _ := p.ParsePrice()
		fmt.Printf("%s: %d of %d listings left, invoice due %s, price %q = %s\n",
			p.Type, p.Available, p.Total, p.InvoiceAt.UTC().Format("2006-01-02"), p.Price, price)
	}
	// Output:
	// postpaid: 4 of 20 listings left, invoice due 2019-11-12, price "306,27 zł" = 306.27 PLN
}

func ExampleErrTokenExpired() {
	srv := olxtest.NewServer()
	defer srv.Close()
	srv.ExpireToken(olxtest.PrepaidToken) // OLX tokens live one hour

	creds := srv.Credentials()
	creds.AccessToken = olxtest.PrepaidToken
	c, err := olx.NewClient(creds, profiles.WithBaseURL(srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = c.GetPackages(context.Background())
	var apiErr *profiles.APIError
	if errors.Is(err, olx.ErrTokenExpired) && errors.As(err, &apiErr) {
		fmt.Println("refresh the token:", apiErr.StatusCode, apiErr.Message)
	}
	// Output:
	// refresh the token: 403 The access token provided has expired
}

func ExampleParsePrice() {
	for _, text := range []string{"306,27 zł", "490.77€", "1 234,56 zł", "$12"} {
		m, err := olx.ParsePrice(text)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%-12q %d minor units of %s\n", text, m.Minor, m.Currency)
	}
	// Output:
	// "306,27 zł"  30627 minor units of PLN
	// "490.77€"    49077 minor units of EUR
	// "1 234,56 zł" 123456 minor units of PLN
	// olx: cannot parse price "$12": "$" is ambiguous; name the currency by its code
}

func ExampleDecodePackagesResponse() {
	archived := []byte(`{"transaction_id":"a5d89ffe-7d12-44ac-a9bb-63b42cc32e95","message":"Profile found",
		"data":[{"type":"prepaid","name":"Pacote L","available":9997,"total":10000,
		"purchased_at":"2020-03-05T11:43:05.000+0000","expires_at":"2020-04-05T10:43:05.000+0000",
		"expired_at":null,"price":"490.77€"}]}`)
	resp, err := olx.DecodePackagesResponse(archived)
	if err != nil {
		fmt.Println(err)
		return
	}
	p := resp.Packages[0]
	fmt.Println(p.Name, p.Type, p.ExpiresAt.UTC().Format("2006-01-02 15:04"), p.ExpiredAt == nil)
	// Output:
	// Pacote L prepaid 2020-04-05 10:43 true
}
