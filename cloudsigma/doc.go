// Package cloudsigma is a client for the profile of the CloudSigma API 2.0:
// the account holder's contact, billing and API settings.
//
//	c, err := cloudsigma.NewClient(
//		cloudsigma.Credentials{Username: "user@example.com", Password: pw},
//		cloudsigma.WithLocation("fra"),
//	)
//	p, err := c.GetProfile(ctx)
//	p.Company = "Example Ltd"
//	p.MailingList = false // sent as false: switching a flag off works
//	p, err = c.PutProfile(ctx, p)
//
// CloudSigma runs one API host per location (zrh, fra, dub, wdc, ...; see
// Locations) and accounts exist per location. Requests authenticate with
// HTTP Basic (the account's email and password) or, when Credentials.Token
// is set, with a Bearer token.
// Credentials print redacted, as cloudsigma.Credentials{Username:[redacted],
// Password:[redacted], Token:""}, under every fmt verb, log/slog handler and
// encoding/json, and NewClient refuses a token holding a space or a control
// character, or a user or password holding a control character, with an
// error matching ErrInvalidArgument.
//
// Amounts are exact decimals (Decimal), kept as the vendor's text such as
// "0E-16". Error answers, a JSON array of {error_type, error_message,
// error_point}, become *APIError with Code set to the error type and Err to
// one of the sentinels (ErrValidation, ErrPermission, ...). GET and PUT
// replace state and are retried on connection errors, 429, 502, 503 (the
// vendor's "concurrency" error, which it says to retry) and 504.
//
// The package cloudsigmatest provides an in-process fake of the API for
// tests.
//
// API documentation: https://docs.cloudsigma.com/en/latest/profile.html
package cloudsigma
