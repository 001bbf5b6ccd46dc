// Package olx is a client for the OLX Group Profile API, which despite its
// name reports the packages (bundles of listings) a client's account has
// bought: GET https://api.olxgroup.com/profile/v1/packages.
//
// Every request carries three credentials: the partner's API key
// (X-API-KEY), the user's OAuth access token (Authorization: Bearer) and
// the partner's CRM name, which OLX requires as the User-Agent. The client
// sends the CRM name first and the SDK's own product token after it.
// Credentials print redacted, as olx.Credentials{APIKey:[redacted],
// AccessToken:[redacted], CRMName:"acme_crm"}, under every fmt verb, log/slog
// handler and encoding/json, and NewClient refuses a key or token holding a
// space or a control character with an error matching ErrInvalidArgument.
//
// OLX answers timestamps as 2019-11-12T23:00:00.000+0000 (not RFC 3339);
// they decode into *time.Time, null into nil. Prices are locale text such as
// "306,27 zł" or "490.77€": Package.Price keeps the text exactly and
// ParsePrice turns it into minor units and an ISO 4217 currency where it can.
//
// An expired access token is answered with 403 (not 401); match it with
// errors.Is(err, ErrTokenExpired) and refresh the token. A 403 is never
// retried.
//
// AuthClient gets access tokens from OLX's token endpoint (POST
// /oauth/v1/token): ExchangeCode after the user's consent, RefreshToken
// when the hour is up.
//
// The olxtest package serves the documented examples for tests and demos.
//
// Deprecated: OLX discontinued the Profile API on 2023-11-30, and the live
// endpoint no longer answers with package data. Remove any validation that
// depends on it from production code paths. The package stays complete and
// working for systems that replay, archive or decode old answers
// (DecodePackagesResponse) and for tests against the olxtest fake.
package olx
