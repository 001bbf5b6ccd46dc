// Package aktiv is a client for the vendor profile API of Aktiv's Guardant
// licensing service: a vendor user's profile, the vendor's dongle access
// codes, the licence balance and the user's settings.
//
//	c, err := aktiv.NewClient(aktiv.Credentials{Token: os.Getenv("AKTIV_TOKEN")})
//	u, err := c.GetProfile(ctx)                      // *aktiv.User
//	codes, err := c.GetAccessCodes(ctx)              // Private is nil for roles other than Administrator/Developer
//	fmt.Println(codes[0].Private)                    // {[redacted] [redacted] [redacted]}
//	master, read, write := codes[0].Private.Reveal() // the real codes, when you need them
//	b, err := c.GetBalance(ctx)                      // administrators only
//	if errors.Is(err, aktiv.ErrForbidden) { ... }    // this role may not
//	err = c.PutSettings(ctx, aktiv.SettingsUpdate{Language: 1})
//	upd := u.ProfileUpdate()
//	upd.Phone = "+7 495 000"
//	err = c.PutProfile(ctx, upd) // replaces all five fields
//
// # Calls
//
//	GET /v1.0/profile              GetProfile      idempotent
//	GET /v1.0/profile/accesscodes  GetAccessCodes  idempotent
//	PUT /v1.0/profile              PutProfile      idempotent (replaces state)
//	GET /v1.0/profile/balance      GetBalance      idempotent
//	PUT /v1.0/profile/settings     PutSettings     idempotent (replaces state)
//
// Every call is idempotent, so every call is retried on connection errors,
// 429, 502, 503 and 504 as the RetryPolicy allows.
//
// Credentials and PrivateCodes print redacted, as
// aktiv.Credentials{Token:[redacted]}, under every fmt verb, log/slog handler
// and encoding/json (PrivateCodes.Reveal gives the codes), also inside an
// AccessCode or a []AccessCode, and NewClient refuses a token holding a
// space or a control character with an error matching ErrInvalidArgument.
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
//     leniently, member by member (message, error_description, detail,
//     title, error; a code from code or error), and otherwise described by
//     their HTTP status; 401 matches ErrUnauthorized, 403 ErrForbidden. A
//     success answer without its element is a *DecodeError whose cause is
//     a *MissingMemberError.
//   - The balance section of the page repeats the access-codes URL, a copy
//     error; GetBalance calls /v1.0/profile/balance.
//
// # Vendor quirks handled
//
//   - Answers are wrapped in an element ({"user": ...}, {"accesscodes": [...]},
//     {"balance": ...}) and use lowercase keys and "_id"; request bodies use
//     camelCase. settings.language is read, {"lang": N} is written (0 is a
//     valid language). The types here hide all of it.
//   - Access codes are hexadecimal strings ("0x5191758c", "0xe1e1e1e", in
//     either case); they decode into Code, which prints "0x0e1e1e1e" and
//     encodes back as the vendor writes it. More than 32 bits or garbage
//     fails with ErrInvalidCode, never echoing the value.
//   - Private codes are sent only to users with the Administrator or
//     Developer role; AccessCode.Private is nil for everyone else.
//   - Dates are Unix seconds and 0 means "none": Balance's subscription dates
//     are then nil, UserDetails.LastVisit the zero time.
//   - Balance counters such as -842150451 (0xCDCDCDCD, uninitialised memory on
//     the vendor side) are passed through as they come.
//   - GetBalance and PutProfile are for administrators; other roles get 403,
//     matched by errors.Is(err, ErrForbidden).
//   - Refused before sending: an empty ProfileUpdate (it would erase the
//     profile; start from User.ProfileUpdate), a negative CountryID or
//     Language.
//
// # Testing
//
// Package aktivtest provides an in-process fake of the API, seeded with the
// page's records and three tokens: AdminToken (the page's Administrator,
// used by srv.NewClient), DeveloperToken (sees private codes, 403 on the
// balance and PUT profile) and UserToken (public codes only). State is kept,
// bodies are checked key by key (a wrong spelling gets 400), and
// SetTokenReader tests a custom authenticator.
package aktiv
