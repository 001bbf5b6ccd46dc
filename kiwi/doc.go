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
// Kiwi reports failures in the body, often with HTTP 200, so every answer's
// operation_status is checked whatever the HTTP status (see ErrInvalidToken,
// ErrOperationFailed, ErrMalformedResponse).
//
// The manual leaves most of the wire format open, so decoding is tolerant:
// dates are RFC 3339 text or Unix seconds, milliseconds or microseconds
// (told apart by magnitude), with null, 0 and "" the zero time; ids, prices
// and codes may be strings or numbers; unknown enum numbers decode; and
// account_info and credentials_info keep what the SDK cannot type in Extra.
//
// Package kiwitest is an in-process fake of the API for tests.
package kiwi
