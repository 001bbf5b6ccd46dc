package rest

import "errors"

// The sentinels every vendor package re-exports under the same names, so
// that errors.Is(err, haravan.ErrNotFound) and
// errors.Is(err, cloudsigma.ErrNotFound) agree. Vendor sentinels (such as
// olx.ErrTokenExpired) are matched as well as the general one that fits.
var (
	// ErrInvalidArgument marks a call or a client refused before anything
	// was sent: bad credentials, options or input.
	ErrInvalidArgument = errors.New("profiles-go: invalid argument")
	// ErrUnauthorized is a 401 answer (or Kiwi's invalid token): the
	// credentials are missing, wrong or expired.
	ErrUnauthorized = errors.New("profiles-go: unauthorized")
	// ErrForbidden is a 403 answer: the credentials are valid but not
	// allowed to do this.
	ErrForbidden = errors.New("profiles-go: forbidden")
	// ErrNotFound is a 404 answer.
	ErrNotFound = errors.New("profiles-go: not found")
	// ErrRateLimited is a 429 answer that retries did not get past.
	ErrRateLimited = errors.New("profiles-go: rate limited")
	// ErrOutcomeUnknown is a call that moves value (Haravan's points, OLX's
	// token exchange) and failed after the request may have reached the
	// vendor: it may or may not have been applied, and it was not sent
	// again. Reconcile (read the state, look for your reference) before
	// trying again.
	ErrOutcomeUnknown = errors.New("profiles-go: outcome unknown, the change may have been applied: reconcile before trying again")
)

// StatusSentinel returns the general sentinel an error answer of this
// status matches, or nil.
func StatusSentinel(status int) error {
	switch status {
	case 401:
		return ErrUnauthorized
	case 403:
		return ErrForbidden
	case 404:
		return ErrNotFound
	case 429:
		return ErrRateLimited
	}
	return nil
}
