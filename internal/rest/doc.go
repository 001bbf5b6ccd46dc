// Package rest is the one HTTP mechanism every vendor package of profiles-go
// stands on. A vendor package describes a call with a Call value and gets
// back either a decoded value or an error; everything about the wire in
// between lives here, once, so that the five vendor packages stay thin.
//
// Where things are:
//   - call.go: Call, Safety, Response and Do, the life of a call top to
//     bottom (its doc comment is the place to start).
//   - wire.go: building a request; reading, decoding and classifying an
//     answer.
//   - retry.go: RetryPolicy and its backoff, which failures may be retried,
//     Retry-After. go-retryablehttp's list of the net/http errors a retry
//     cannot fix is used rather than copied.
//   - client.go, options.go, calloptions.go: Client and its default
//     transport and redirect rule; client options (Config, Option); call
//     options (WithResponse, WithHeader, WithCallRetryPolicy).
//   - errors.go, errorbody.go: the sentinels and error types, and reading
//     error bodies of any shape.
//   - observe.go: Observer, Event and the debug log.
//   - credentials.go: authenticators, credential checks, redaction and the
//     masking of echoed secrets.
package rest

import "github.com/profiles-sdk/profiles-go"

// product is the User-Agent product token of the SDK.
const product = "profiles-go/" + profiles.Version
