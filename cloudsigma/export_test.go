package cloudsigma

// ParseError is the error parser the client hands to the core, for the
// fuzz target of the external tests.
var ParseError = parseError
