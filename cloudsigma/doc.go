// Package cloudsigma is a client for the profile of the CloudSigma API 2.0:
// the account holder's contact, billing and API settings, in any of the 16
// documented locations.
//
//	c, err := cloudsigma.NewClient(
//		cloudsigma.Credentials{Username: "you@example.com", Password: pw}, // or {Token: tok}: Bearer
//		cloudsigma.WithLocation("fra"), // zrh by default; see Locations
//	)
//	p, err := c.GetProfile(ctx)
//	p.Company = "Example Ltd"
//	p.MailingList = false                               // sent as false: flags can be switched off
//	p.AutotopupAmount = cloudsigma.MustDecimal("26.73") // exact decimal, no float drift
//	p, err = c.PutProfile(ctx, p)
//	s, err := c.GetProfileSchema(ctx)
//
// # Calls
//
//	GET /api/2.0/profile/         GetProfile        idempotent
//	PUT /api/2.0/profile/         PutProfile        idempotent (replaces state)
//	GET /api/2.0/profile/schema/  GetProfileSchema  idempotent
//
// Every call is retried on connection errors, 429, 502, 503 (also the
// vendor's "concurrency" error, which it says to retry) and 504; a 402
// billing error is not.
//
// # Authentication
//
// Requests authenticate with HTTP Basic (the account's email and password)
// or, when Credentials.Token is set, with a Bearer token. Credentials print
// redacted, as cloudsigma.Credentials{Username:[redacted],
// Password:[redacted], Token:""}, under every fmt verb, log/slog handler and
// encoding/json, and NewClient refuses a token holding a space or a control
// character, or a user or password holding a control character, with an
// error matching ErrInvalidArgument.
//
// # Vendor quirks handled
//
//   - CloudSigma runs one API host per location, four of them off
//     cloudsigma.com (dub, ruh, adb, wdc), and accounts exist per location.
//     WithLocation picks the host; an unknown code fails NewClient with the
//     list of valid ones. WithBaseURL still wins and keeps its path
//     (https://gw.example/cs → https://gw.example/cs/api/2.0/profile/).
//   - Amounts are decimal strings such as "0E-16". Decimal keeps the text,
//     accepts the schema's JSON number 0, converts to *big.Rat and compares
//     by value (Equal, Cmp).
//   - PutProfile sends every writable field, false, "" and 0 included, and
//     never the read-only ones (bank_reference, currency, email,
//     network_restrictions, state, tax_name, tax_rate, uuid). A nil profile,
//     or an address over 180 characters or not ASCII, fails before sending
//     with an error matching ErrInvalidArgument (and ErrValidation for the
//     address).
//   - Errors are a JSON array of {error_type, error_message, error_point}:
//     APIError.Message joins the messages, Code is the first type, Field its
//     point, RequestID the X-REQUEST-ID header. errors.Is matches the
//     type's sentinel (ErrValidation, ErrNotExist, ErrBackend,
//     ErrPermission, ErrDatabase, ErrConcurrency, ErrBilling, ErrPayment)
//     and the status's shared one (ErrNotExist is also ErrNotFound);
//     ErrorDetails(err) gives every entry. An HTML page from a proxy keeps
//     its status and <title>.
//   - signup_time is read with or without a zone; clone naming has typed
//     constants (CloneNamingNone, CloneNamingCounter, CloneNamingDate,
//     CloneNamingTimestamp).
//
// # Testing
//
// Package cloudsigmatest is an in-process fake that serves the profile and
// its schema with the documentation's profile, checks Basic or Bearer
// credentials, keeps PUTs (read-only fields ignored, decimals stored as the
// vendor writes them, "26.7300000000000000"), answers invalid fields with
// 400 validation arrays naming the field, and sends X-REQUEST-ID on every
// answer.
//
//	srv := cloudsigmatest.NewServer()
//	defer srv.Close()
//	c, _ := srv.NewClient() // srv.Credentials(): Basic
//	srv.InjectFault(1, cloudsigmatest.Fault{Status: 503, Body: cloudsigmatest.ErrorBody("concurrency", "busy", "")})
//
// API documentation: https://docs.cloudsigma.com/en/latest/profile.html
package cloudsigma
