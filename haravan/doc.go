// Package haravan is a client for the profiles of Haravan Loyalty
// (https://apis.haravan.com/loy/): customer profiles with their membership
// level, tags and attributes, and the bonus points they hold.
//
//	c, err := haravan.NewClient(haravan.Credentials{AccessToken: token},
//		haravan.WithPacing()) // optional: stay under the shop's 80-call bucket
//	p, err := c.GetProfile(ctx, 632910392)
//	if errors.Is(err, profiles.ErrNotFound) { ... }
//	for p, err := range c.Profiles(ctx, &haravan.ListProfilesOptions{UpdatedAtMin: since}) {
//		if err != nil {
//			return err
//		}
//		sync(p)
//	}
//	// Moves value: never sent again after an ambiguous failure. Record your RefID first.
//	p, err = c.AddPoints(ctx, 632910392, haravan.PointChange{Value: 10, Reason: "Mini game", RefID: "game-1111"})
//
// Reads are idempotent and retried on connection errors, 429, 502, 503 and
// 504, waiting out a 429's Retry-After (Haravan sends fractional seconds,
// "2.0"). AddPoints and SubtractPoints move value: see AddPoints for when
// they are retried and how to reconcile a failure matching
// ErrOutcomeUnknown.
//
// Haravan meters each shop with a leaky bucket (BucketSize, LeakRate) and
// reports its level in X-Haravan-Api-Call-Limit; Client.CallLimit returns
// the last reading. WithPacing paces a client's calls to the bucket in
// process; WithLimiter shares one bucket among replicas (package
// haravanredis keeps it in Redis).
//
// Haravan applies a RefID as often as it is sent. WithLedger claims each
// RefID in a Ledger before sending it and records how the send ended, so
// that an order is credited at most once across webhook redeliveries,
// replicas and restarts: NewMemoryLedger for one process,
// haravanredis.NewLedger for replicas, or your own database.
//
// Error bodies {"errors": "..."} and {"errors": {"field": ["..."]}} become
// APIError.Message ("field: msg; field2: msg"; APIError.Field names a lone
// field). Bad input matches ErrInvalidArgument before anything is sent.
// Decoding tolerates Haravan's quirks: ids and counters sent as numbers or
// strings, gender "unknow" and "unknown", timestamps with or without a
// zone. A Profile encodes back in Haravan's own format.
//
// Package haravantest is an in-process fake that speaks the same wire
// format, with the documentation's profiles, scopes, throttling and
// injected faults; for tests it also keeps each profile's point changes by
// RefID, which Haravan's API itself does not offer.
package haravan
