package aktiv

import (
	"net/http"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// WithAuthenticator replaces the default "Authorization: Bearer" header with
// whatever authenticate adds to each request: the vendor does not document
// its scheme, so an installation may need another header or a session
// cookie. With it, Credentials.Token may be empty. authenticate runs for
// every attempt, retries included, and must not keep a reference to the
// request.
//
//	c, err := aktiv.NewClient(aktiv.Credentials{},
//		aktiv.WithAuthenticator(aktiv.AuthCookie("ASP.NET_SessionId", session)))
func WithAuthenticator(authenticate func(*http.Request)) Option {
	if authenticate == nil {
		return rest.WithAuthenticator(nil) // reports the nil at NewClient
	}
	return rest.WithAuthenticator(rest.Authenticator(authenticate))
}

// AuthHeader returns an authenticator for WithAuthenticator that sets the
// header name to value, for example AuthHeader("X-Api-Key", key).
func AuthHeader(name, value string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set(name, value) }
}

// AuthCookie returns an authenticator for WithAuthenticator that sends the
// cookie name=value, replacing a cookie of the same name already on the
// request, so that repeated attempts carry it once.
func AuthCookie(name, value string) func(*http.Request) {
	cookie := &http.Cookie{Name: name, Value: value}
	return func(r *http.Request) {
		others := r.Cookies()
		r.Header.Del("Cookie")
		for _, c := range others {
			if c.Name != name {
				r.AddCookie(c)
			}
		}
		r.AddCookie(cookie)
	}
}
