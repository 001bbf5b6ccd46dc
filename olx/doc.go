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
// AuthClient gets access tokens from OLX's token endpoint: ExchangeCode after
// the user's consent, RefreshToken when the hour is up. Credentials,
// AppCredentials and Token print redacted under every fmt verb, log/slog
// handler and encoding/json.
//
// Vendor quirks handled: timestamps without a colon in the offset
// (TimeLayout), prices as the site's locale text (ParsePrice), an expired
// access token answered with 403, not 401 (ErrTokenExpired).
//
// Package olxtest fakes the API and the token endpoint for tests, serving
// both documented accounts (PostpaidToken, PrepaidToken).
//
// Deprecated: OLX discontinued the Profile API on 2023-11-30, and the live
// endpoint no longer answers with package data. Remove any validation that
// depends on it from production code paths. The package stays complete and
// working for systems that replay, archive or decode old answers
// (DecodePackagesResponse) and for tests against the olxtest fake.
package olx
