// Package kiwi is a client for the account profile API of the Kiwi SDK
// (https://api.kwsdk.io): the subscriptions and the key-value context of the
// user a token belongs to.
//
//	c, err := kiwi.NewClient(kiwi.Credentials{AppKey: appKey, UserToken: token})
//	profile, err := c.GetAccountProfile(ctx, kiwi.PartSubscriptions)
//	for _, s := range profile.ActiveSubscriptions(time.Now()) {
//		fmt.Println(s.SKU, s.Platform, s.PriceString())
//	}
//
// Credentials print redacted, as kiwi.Credentials{AppKey:[redacted],
// UserToken:[redacted]}, under every fmt verb, log/slog handler and
// encoding/json, and NewClient refuses a key or token holding a space or a
// control character with an error matching ErrInvalidArgument.
//
// Kiwi reports failures in the body, often with HTTP 200: every answer's
// operation_status is checked, and status 1 (ERROR_INVALID_TOKEN) is returned
// as an *APIError that matches ErrInvalidToken with errors.Is.
//
// The manual documents neither a date format nor the members of account_info
// and credentials_info. Dates are accepted as RFC 3339 text or as Unix
// seconds, milliseconds or microseconds; the two objects are typed where the
// manual's description allows a safe guess and keep everything else in Extra.
//
// Package kiwitest provides an in-process fake of the API for tests.
package kiwi
