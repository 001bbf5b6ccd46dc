// Package reliability holds the SDK's cross-vendor reliability and security
// tests; it has no code of its own.
//
// The fault suite (faults_test.go) runs every vendor client against its
// fake, a closed port, a raw listener that hangs up, a 100 MiB answer and a
// redirect to another host, and checks for each fault the call's result,
// the attempts the server saw and that value-moving calls (Haravan points,
// OLX token calls) took effect at most once. The secret hygiene tests
// (secrets_test.go) check that no token, key, password or private access
// code appears in error text, in any fmt rendering of a returned value or
// error, or in the debug log.
//
//	go test -race ./internal/reliability
//	PROFILES_RELIABILITY_TABLE=/tmp/table.md go test ./internal/reliability
//
// The second form also writes the outcome table of the fault suite as
// Markdown.
package reliability
