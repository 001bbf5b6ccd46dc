// Package rest is the one HTTP mechanism every vendor package of profiles-go
// stands on: configuration and options, request building, the retrying
// transport (built on go-retryablehttp), response decoding and the shared
// APIError type.
//
// A vendor package describes a call with a Call value and gets back either a
// decoded value or an error; everything about the wire in between lives here,
// once, so that the five vendor packages stay thin.
package rest

// Version is the SDK version sent in the User-Agent product token.
const Version = "0.1.0"

// product is the User-Agent product token of the SDK.
const product = "profiles-go/" + Version
