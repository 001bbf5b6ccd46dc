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
// Every call is idempotent: retried on connection errors, 429, 502, 503
// (also the vendor's "concurrency" error, which it says to retry) and 504;
// a 402 billing error is not.
//
// Errors are a JSON array of {error_type, error_message, error_point}:
// APIError.Message joins the messages, Code is the first type, Field its
// point, RequestID the X-REQUEST-ID header; errors.Is matches the type's
// sentinel (ErrValidation, ...) and ErrorDetails(err) gives every entry.
//
// Package cloudsigmatest is an in-process fake of the API for tests.
//
// API documentation: https://docs.cloudsigma.com/en/latest/profile.html
package cloudsigma
