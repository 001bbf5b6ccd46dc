package rest

import (
	"encoding/base64"
	"net/http"
)

// Bearer authenticates with "Authorization: Bearer <token>".
func Bearer(token string) Authenticator {
	value := "Bearer " + token
	return func(r *http.Request) { r.Header.Set("Authorization", value) }
}

// Basic authenticates with HTTP Basic credentials.
func Basic(user, password string) Authenticator {
	return func(r *http.Request) { r.SetBasicAuth(user, password) }
}

// Headers sets fixed header values, for vendors that take keys in headers
// of their own.
func Headers(kv ...string) Authenticator {
	if len(kv)%2 != 0 {
		panic("rest.Headers: odd number of arguments")
	}
	return func(r *http.Request) {
		for i := 0; i < len(kv); i += 2 {
			r.Header.Set(kv[i], kv[i+1])
		}
	}
}

// Chain applies several authenticators in order.
func Chain(as ...Authenticator) Authenticator {
	return func(r *http.Request) {
		for _, a := range as {
			if a != nil {
				a(r)
			}
		}
	}
}

// BasicSecret is the base64 form in which Basic credentials travel, for
// Config.Secrets: a server that echoes the Authorization header quotes it.
func BasicSecret(user, password string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
}
