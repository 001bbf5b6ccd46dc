// Package haravan is a client for the profiles of Haravan Loyalty
// (https://apis.haravan.com/loy/): customer profiles with their membership
// level, tags and attributes, and the bonus points they hold.
//
//	c, err := haravan.NewClient(haravan.Credentials{AccessToken: token},
//		haravan.WithPacing()) // optional: stay under the shop's 80-call bucket
//	p, err := c.GetProfile(ctx, 632910392)
//	if errors.Is(err, haravan.ErrNotFound) { ... }
//	for p, err := range c.Profiles(ctx, &haravan.ListProfilesOptions{UpdatedAtMin: since}) {
//		if err != nil {
//			return err
//		}
//		sync(p)
//	}
//	// Moves value: never sent again after an ambiguous failure. Set a RefID you can look up.
//	p, err = c.AddPoints(ctx, 632910392, haravan.PointChange{Value: 10, Reason: "Mini game", RefID: "game-1111"})
//
// # Calls
//
//	GET /loy/profiles.json                       ListProfiles (one page), Profiles (every page)  idempotent
//	GET /loy/profiles/{id}.json                  GetProfile                                      idempotent
//	GET /loy/profiles/{id}/tags.json             GetProfileTags → []string                       idempotent
//	GET /loy/profiles/{id}/attributes.json       GetProfileAttributes                            idempotent
//	PUT /loy/profiles/{id}/points/add.json       AddPoints                                       moves value
//	PUT /loy/profiles/{id}/points/subtract.json  SubtractPoints                                  moves value
//
// # Authentication
//
// Every request carries "Authorization: Bearer <token>", where the token is
// an OAuth2 app token or a private-app token with the loy.read_profiles
// scope (reads) and loy.write_profiles (points).
// Credentials print redacted, as haravan.Credentials{AccessToken:[redacted]},
// under every fmt verb, log/slog handler and encoding/json, and NewClient
// refuses a token holding a space or a control character with an error
// matching ErrInvalidArgument; the token is not trimmed.
//
// # Retries
//
// Reads are idempotent and retried on connection errors, 429, 502, 503 and
// 504. AddPoints and SubtractPoints move value: they are retried only after
// a dial error or a 429, never after an ambiguous failure such as a 5xx, a
// dropped connection or a timeout, so points are never applied twice. Such
// a failure matches ErrOutcomeUnknown: the points may have moved. Pass a
// RefID with every point change so that it can be reconciled (look the
// change up, or read the profile) before trying again.
//
// # Rate limits
//
// Haravan meters each shop with a leaky bucket of 80 calls that leaks 4
// calls per second and reports its level in X-Haravan-Api-Call-Limit
// ("32/80"); Client.CallLimit returns the last value seen. A 429 answer's
// Retry-After (Haravan sends fractional seconds, "2.0") is waited out.
// WithPacing (4 calls a second, burst 80) or WithRateLimit(perSecond,
// burst) paces calls in the client instead of running into 429s; the pacer
// adopts the level the shop reports, since other apps of the shop fill the
// same bucket, and honours the context while it waits. WithPacing knows only
// its own process's calls: for several replicas of a service, pass
// WithLimiter a Limiter they share, such as package haravanredis's, which
// keeps one bucket per shop in Redis.
//
// # Errors
//
// Error bodies {"errors": "..."} and {"errors": {"field": ["..."]}} become
// APIError.Message ("field: msg; field2: msg", with Field set when there is
// one field). errors.Is matches ErrUnauthorized (401), ErrForbidden (403, a
// missing scope), ErrNotFound (404), ErrUnprocessable (422, such as
// subtracting more points than available) and ErrRateLimited (429). Bad
// input (a non-positive id or point value, a limit above 50) matches
// ErrInvalidArgument before anything is sent. A success answer without the
// member a call needs is a *DecodeError whose cause is a
// *MissingMemberError.
//
// # Vendor quirks handled
//
//   - Ids are documented as strings but sent as numbers: both decode (also
//     attribute ids and counters).
//   - Gender is documented as "unknow" but sent as "unknown": both decode to
//     GenderUnknown.
//   - Timestamps carry six fractional digits; a Profile encodes back to JSON
//     in that form (birthday YYYY-MM-DD, null for missing dates), so a
//     decoded profile round-trips.
//   - The filters updated_at_min and updated_at_max are sent in UTC as
//     2008-12-31T02:01:27.483Z.
//   - A list limit above 50 is silently capped by Haravan, which would make
//     a page look short, so the SDK refuses one. Profiles asks for 50 per
//     page, stops after a short page, never changes your options, stops
//     fetching when you break out of the loop, and ends with an error if the
//     server repeats a page.
//   - Tags arrive as one comma-separated string ("A,B,C") and come back as a
//     slice (empty, not nil).
//   - Points answers are a bare profile; a {"profile": ...} envelope is
//     accepted too.
//
// # Testing
//
// Package haravantest is an in-process fake that speaks the same wire
// format: the documentation's profiles (JohnTerryID, TestID) and generated
// ones to page through, scopes (SetScopes), throttling (Throttle,
// EnforceRateLimit), a point history by RefID (PointHistory) and injected
// faults:
//
//	srv := haravantest.NewServer()
//	defer srv.Close()
//	c, _ := srv.NewClient()
//	srv.InjectFault(1, haravantest.Fault{DropAfterApply: true}) // applied, answer lost
package haravan
