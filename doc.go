// Package profiles holds what every vendor client of profiles-go shares:
// the client options, the call options, the retry policy, the error types
// and sentinels, and the observer's events. The vendors' own packages
// (olx, aktiv, cloudsigma, haravan, kiwi) hold only what is theirs: a
// Client, its Credentials, its calls and models, and its own options and
// sentinels.
//
//	c, err := haravan.NewClient(haravan.Credentials{AccessToken: token},
//		profiles.WithTimeout(10*time.Second),
//		haravan.WithPacing(),
//	)
//	...
//	var r profiles.Response
//	p, err := c.GetProfile(ctx, id, profiles.WithResponse(&r))
//	var apiErr *profiles.APIError
//	if errors.As(err, &apiErr) && apiErr.Temporary() { ... }
//
// One errors.Is or errors.As serves every vendor: a 404 from any of them
// matches ErrNotFound, and a value-moving call that may have reached the
// vendor matches ErrOutcomeUnknown.
//
// A vendor's own option (haravan.WithPacing, cloudsigma.WithLocation, ...)
// is an Option too, but another vendor's NewClient refuses it with
// ErrInvalidArgument, so a mixed-up option can never send one vendor's
// credentials to another vendor's host.
package profiles

// Version is the SDK version sent in the User-Agent product token.
const Version = "0.2.0"
