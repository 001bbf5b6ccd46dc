// Package aktiv is a client for the vendor profile API of Aktiv's Guardant
// licensing service: a vendor user's profile, the vendor's dongle access
// codes, the licence balance and the user's settings.
//
//	c, err := aktiv.NewClient(aktiv.Credentials{Token: token})
//	user, err := c.GetProfile(ctx)
//
// Credentials and PrivateCodes print redacted, as
// aktiv.Credentials{Token:[redacted]}, under every fmt verb, log/slog handler
// and encoding/json (PrivateCodes.Reveal gives the codes), and NewClient
// refuses a token holding a space or a control character with an error
// matching ErrInvalidArgument.
//
// # What is a guess
//
// The vendor's page documents paths, bodies and roles but neither the host
// nor the authentication scheme. This package therefore guesses, and lets
// you override each guess without forking it:
//
//   - The default origin https://station.guardant.ru, with the documented
//     /v1.0/... paths, is inferred from Aktiv's other Guardant v1.0 APIs.
//     Use WithBaseURL for another host or a proxy.
//   - Requests carry "Authorization: Bearer <Credentials.Token>" by default.
//     If your installation expects another header or a session cookie, pass
//     WithAuthenticator (see AuthHeader and AuthCookie); Credentials.Token
//     may then stay empty.
//   - The error body format is not documented. Error answers are read
//     leniently ({"message"}, {"error"}, {"error":{"message"}}, ...) and
//     otherwise described by their HTTP status.
//   - The balance section of the page repeats the access-codes URL, a copy
//     error; GetBalance calls /v1.0/profile/balance.
//
// # Vendor quirks handled
//
//   - Answers are wrapped in an element ({"user": ...}, {"accesscodes": [...]},
//     {"balance": ...}) and use lowercase keys and "_id"; request bodies use
//     camelCase. The types here hide both.
//   - Access codes are hexadecimal strings ("0x5191758c", "0xe1e1e1e"); they
//     decode into Code. The private master, read and write codes of a vendor
//     are secrets: PrivateCodes never shows them through fmt, log/slog or
//     encoding/json;
//     read the fields (or Reveal) when you need them.
//   - Private codes are sent only to users with the Administrator or
//     Developer role; AccessCode.Private is nil for everyone else.
//   - Dates are Unix seconds and 0 means "none": Balance's subscription dates
//     are then nil, UserDetails.LastVisit the zero time.
//   - Balance counters such as -842150451 (0xCDCDCDCD, uninitialised memory on
//     the vendor side) are passed through as they come.
//   - GetBalance and PutProfile are for administrators; other roles get 403,
//     matched by errors.Is(err, ErrForbidden).
//
// # Retries
//
// Every call is idempotent (GETs, and PUTs that replace state), so every call
// is retried on connection errors, 429, 502, 503 and 504 as the RetryPolicy
// allows.
//
// # Testing
//
// Package aktivtest provides an in-process fake of the API with roles,
// state and fault injection.
package aktiv
