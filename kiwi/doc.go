// Package kiwi is a client for the account profile API of the Kiwi SDK
// (https://api.kwsdk.io): the subscriptions and the key-value context of the
// user a token belongs to.
//
//	c, err := kiwi.NewClient(kiwi.Credentials{AppKey: appKey, UserToken: token})
//	profile, err := c.GetAccountProfile(ctx, kiwi.PartSubscriptions) // no parts = ALL
//	if errors.Is(err, kiwi.ErrInvalidToken) { ... } // operation_status 1, often with HTTP 200
//	for _, s := range profile.ActiveSubscriptions(time.Now()) {
//		fmt.Println(s.SKU, s.Platform, s.Status, s.PriceString()) // premium_monthly Google Play ACTIVE 9.99 USD
//	}
//
// The one call is GET /api/1.0/account/profile?q=..., GetAccountProfile,
// idempotent: retried on connection errors, 429, 502, 503 and 504.
//
// # Authentication
//
// Requests carry the application key in X-Kiwi-Application-Key and the
// user's token in X-Auth-Token. Credentials print redacted, as
// kiwi.Credentials{AppKey:[redacted], UserToken:[redacted]}, under every fmt
// verb, log/slog handler and encoding/json, and NewClient refuses a key or
// token holding a space or a control character with an error matching
// ErrInvalidArgument.
//
// # Errors in the body
//
// Kiwi reports failures in the body, often with HTTP 200, so every answer's
// operation_status is checked whatever the HTTP status:
//
//   - 1 (ERROR_INVALID_TOKEN) is an *APIError matching ErrInvalidToken, and
//     ErrUnauthorized with it; APIError.Code holds the status.
//   - Any other non-zero status matches ErrOperationFailed.
//   - An answer without operation_status, or SUCCESS without
//     account_profile, matches ErrMalformedResponse.
//
// # Vendor quirks handled
//
//   - q: parts are deduplicated and sent in a fixed order, and ALL absorbs
//     the others. An unknown Part (the manual's stray SUBSCRIPTION included)
//     is refused before sending (ErrInvalidPart).
//   - Dates have no documented format: RFC 3339 text and Unix seconds,
//     milliseconds or microseconds (told apart by magnitude) are accepted;
//     null, 0 and "" are the zero time. Ids, prices and codes are accepted
//     as strings or numbers.
//   - Platform (1–12), SubscriptionType (1–2) and SubscriptionStatus (1–6)
//     print the manual's names; unknown numbers decode and print as, for
//     example, Platform(42).
//   - price is in cents: FormatPrice and Subscription.PriceString give
//     "9.99 USD", "-0.50 EUR", "0.00".
//   - Subscription.ActiveAt(t): status ACTIVE or TRIAL and not expired at t
//     (no expires_at means no expiry).
//   - account_info and credentials_info have no documented members. The
//     SDK types the few a safe guess allows and keeps everything else in
//     Extra (map[string]json.RawMessage); context and extra_data keep
//     numbers as json.Number.
//
// # Testing
//
// Package kiwitest is an in-process fake of the API. kiwitest.TokenSubscriber
// has an active (Google Play), a trial (App Store), a cancelled (Stripe) and
// an expired (carrier billing) subscription, dated from kiwitest.SeedTime;
// kiwitest.TokenFree has none. Unknown or missing tokens get HTTP 200 with
// operation_status 1. A wrong application key gets 401 and an unknown q
// value 400, both with {"code": "...", "message": "..."}: a guess, as Kiwi
// documents no such error body.
//
//	srv := kiwitest.NewServer()
//	defer srv.Close()
//	c, _ := srv.NewClient() // srv.Credentials(): the fake's key and TokenSubscriber
package kiwi
