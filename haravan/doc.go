// Package haravan is a client for the profiles of Haravan Loyalty
// (https://apis.haravan.com/loy/): customer profiles with their membership
// level, tags and attributes, and the bonus points they hold.
//
//	c, err := haravan.NewClient(haravan.Credentials{AccessToken: token})
//	p, err := c.GetProfile(ctx, 632910392)
//	for p, err := range c.Profiles(ctx, nil) { ... }
//
// # Authentication
//
// Every request carries "Authorization: Bearer <token>", where the token is
// an OAuth2 app token or a private-app token with the loy.read_profiles
// scope (reads) and loy.write_profiles (points).
// Credentials print redacted, as haravan.Credentials{AccessToken:[redacted]},
// under every fmt verb, log/slog handler and encoding/json, and NewClient
// refuses a token holding a space or a control character with an error
// matching ErrInvalidArgument.
//
// # Retries
//
// Reads are idempotent and retried on connection errors, 429, 502, 503 and
// 504. AddPoints and SubtractPoints move value: they are retried only after
// a dial error or a 429, never after an ambiguous failure such as a 5xx or a
// dropped connection, so points are never applied twice. Pass a RefID with
// every point change so that such a failure can be reconciled.
//
// # Rate limits
//
// Haravan meters each shop with a leaky bucket of 80 calls that leaks 4
// calls per second and reports its level in X-Haravan-Api-Call-Limit
// ("32/80"); Client.CallLimit returns the last value seen. A 429 answer's
// Retry-After (Haravan sends fractional seconds, "2.0") is waited out.
// WithPacing keeps a bulk sync under the bucket instead of running into
// 429s.
//
// # Vendor quirks handled
//
// Ids are documented as strings but sent as numbers; both decode. Gender is
// documented as "unknow" but sent as "unknown"; both decode to
// GenderUnknown. Timestamps carry six fractional digits and are encoded back
// that way. A list limit above 50 is silently capped by Haravan, so the SDK
// refuses one instead of letting a page look short.
//
// The fake in package haravantest speaks the same wire format for tests.
package haravan
