// Package aktiv is a client for the vendor profile API of Aktiv's Guardant
// licensing service: a vendor user's profile, the vendor's dongle access
// codes, the licence balance and the user's settings.
//
//	c, err := aktiv.NewClient(aktiv.Credentials{Token: os.Getenv("AKTIV_TOKEN")})
//	u, err := c.GetProfile(ctx)                      // *aktiv.User
//	codes, err := c.GetAccessCodes(ctx)              // Private is nil for roles other than Administrator/Developer
//	fmt.Println(codes[0].Private)                    // aktiv.PrivateCodes{Master:[redacted], ...}
//	master, read, write := codes[0].Private.Reveal() // the real codes, when you need them
//	b, err := c.GetBalance(ctx)                      // administrators only
//	if errors.Is(err, profiles.ErrForbidden) { ... }    // this role may not
//	err = c.PutSettings(ctx, aktiv.SettingsUpdate{Language: 1})
//	upd := u.ProfileUpdate()
//	upd.Phone = "+7 495 000"
//	err = c.PutProfile(ctx, upd) // replaces all five fields
//
// Every call is idempotent, so every call is retried on connection errors,
// 429, 502, 503 and 504 as the RetryPolicy allows. Credentials and
// PrivateCodes print redacted under every fmt verb, log/slog handler and
// encoding/json.
//
// The vendor's page documents paths, bodies and roles but neither the host,
// the authentication scheme nor the error body: DefaultBaseURL and the
// Bearer header are guesses that WithBaseURL and WithAuthenticator
// override, and error answers are read leniently. Its answers wrap each
// record in an element ({"user": ...}); an answer without it is a
// *DecodeError whose cause is a *MissingMemberError. Dates are Unix
// seconds, 0 meaning none.
//
// Package aktivtest fakes the API for tests, seeded with the page's records
// and three tokens: AdminToken (the page's Administrator, used by
// srv.NewClient), DeveloperToken (sees private codes, 403 on the balance and
// PUT profile) and UserToken (public codes only).
package aktiv
