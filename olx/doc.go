// Package olx is a client for the OLX Group Profile API, which despite its
// name reports the packages (bundles of listings) a client's account has
// bought: GET https://api.olxgroup.com/profile/v1/packages.
//
//	c, err := olx.NewClient(olx.Credentials{
//		APIKey:      os.Getenv("OLX_API_KEY"),      // X-API-KEY
//		AccessToken: os.Getenv("OLX_ACCESS_TOKEN"), // Authorization: Bearer
//		CRMName:     "acme_crm",                    // User-Agent: acme_crm profiles-go/x.y.z
//	})
//	resp, err := c.GetPackages(ctx)
//	if errors.Is(err, olx.ErrTokenExpired) { ... } // refresh the token (AuthClient.RefreshToken)
//	for _, p := range resp.Packages {
//		m, err := p.ParsePrice() // "306,27 zł" → olx.Money{Minor: 30627, Currency: "PLN"}
//		fmt.Println(p.Type, p.Available, p.Total, p.ExpiresAt, m, err)
//	}
//
// # Calls
//
//	GET  /profile/v1/packages                     (*Client).GetPackages        idempotent
//	POST /oauth/v1/token (authorization_code)     (*AuthClient).ExchangeCode   moves value
//	POST /oauth/v1/token (refresh_token)          (*AuthClient).RefreshToken   moves value
//
// The token calls use up a one-time code or rotate a refresh token, so they
// are retried only after a dial error or a 429; an ambiguous failure
// matches ErrOutcomeUnknown.
//
// # Authentication
//
// Every request carries three credentials: the partner's API key
// (X-API-KEY), the user's OAuth access token (Authorization: Bearer) and
// the partner's CRM name, which OLX requires as the User-Agent. The client
// sends the CRM name first and the SDK's own product token after it. All
// three are required. Credentials print redacted, as
// olx.Credentials{APIKey:[redacted], AccessToken:[redacted],
// CRMName:"acme_crm"}, under every fmt verb, log/slog handler and
// encoding/json, and NewClient refuses a key or token holding a space or a
// control character with an error matching ErrInvalidArgument. AppCredentials
// and Token are redacted the same way.
//
// AuthClient gets access tokens from OLX's token endpoint: ExchangeCode after
// the user's consent, RefreshToken when the hour is up.
//
// # Vendor quirks handled
//
//   - Timestamps come as 2019-11-12T23:00:00.000+0000 (no colon in the
//     offset; RFC 3339 is accepted too) and decode into *time.Time; null or
//     "" is nil. Re-encoding a Package writes OLX's format again.
//   - Price keeps OLX's locale text exactly. ParsePrice reads "306,27 zł",
//     "490.77€", "€490.77", "1 234,56 zł", "1.234,56 zł", "12 zł" and ISO
//     codes into minor units and an ISO 4217 currency, and returns a
//     *PriceError (errors.Is(err, ErrPriceFormat)) for an ambiguous "$", bad
//     grouping, more than two decimals or overflow.
//   - type is a PackageType (Postpaid, Prepaid); other values decode as
//     they come.
//   - Errors {"transaction_id", "message"} fill APIError.Message and
//     RequestID. An expired access token is answered with 403, not 401:
//     errors.Is(err, ErrTokenExpired), and ErrUnauthorized with it; refresh
//     the token. "Invalid API Key - unknown Partner" matches ErrInvalidAPIKey.
//     A 403 is never retried.
//
// # Testing
//
// The olxtest package serves both documented accounts (PostpaidToken,
// PrepaidToken) and the token endpoint, and lets a test expire tokens and
// inject faults:
//
//	srv := olxtest.NewServer()
//	defer srv.Close()
//	c, _ := srv.NewClient()               // srv.Credentials(): the fake's key and PostpaidToken
//	srv.ExpireToken(olxtest.PostpaidToken) // next calls: 403 "... has expired"
//
// Deprecated: OLX discontinued the Profile API on 2023-11-30, and the live
// endpoint no longer answers with package data. Remove any validation that
// depends on it from production code paths. The package stays complete and
// working for systems that replay, archive or decode old answers
// (DecodePackagesResponse) and for tests against the olxtest fake.
package olx
