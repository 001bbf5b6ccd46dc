package aktiv

import (
	"fmt"
	"net/http"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// DefaultBaseURL is the origin a Client calls unless WithBaseURL says
// otherwise. It is a guess inferred from Aktiv's other Guardant v1.0 APIs:
// the vendor's page does not name its host.
const DefaultBaseURL = "https://station.guardant.ru"

// Credentials authenticate a Client.
//
// Token is sent as "Authorization: Bearer <Token>", a guess: the vendor's
// page does not document its scheme. It is required unless
// WithAuthenticator replaces how requests are authenticated. Every fmt
// verb, log/slog handler and encoding/json print a Credentials value as
// aktiv.Credentials{Token:[redacted]}.
type Credentials struct {
	Token string
}

// String describes c without the token.
func (c Credentials) String() string {
	return rest.RedactedStruct("aktiv.Credentials", rest.Field{Name: "Token", Value: c.Token})
}

// Client calls the Aktiv vendor profile API. It is safe for concurrent use.
type Client struct {
	rc *rest.Client
}

// errNoToken is NewClient's error for an empty token without an
// Authenticator to replace it.
var errNoToken = fmt.Errorf("aktiv: %w: Credentials.Token is empty (give a token, or WithAuthenticator)", rest.ErrInvalidArgument)

// NewClient returns a Client for creds. It fails when Credentials.Token is
// empty and no WithAuthenticator option is given, when the token holds a
// space or a control character, and on invalid options such as a malformed
// base URL.
func NewClient(creds Credentials, opts ...Option) (*Client, error) {
	cfg := rest.Config{
		Vendor:          "aktiv",
		DefaultBaseURL:  DefaultBaseURL,
		ParseError:      parseError,
		RequestIDHeader: "X-Request-Id",
		ErrNoAuth:       errNoToken,
		Secrets:         []string{creds.Token},
		RoutePrefixes:   []string{"/v1.0"},
	}
	if creds.Token != "" {
		if err := rest.RequireFields("aktiv", rest.Field{Name: "Credentials.Token", Value: creds.Token}); err != nil {
			return nil, err
		}
		cfg.Auth = rest.Bearer(creds.Token)
	}
	rc, err := rest.New(cfg, opts...)
	if err != nil {
		return nil, err
	}
	return &Client{rc: rc}, nil
}

// WithAuthenticator replaces the "Authorization: Bearer" header with
// whatever authenticate adds to each request, for an installation that
// expects another header or a session cookie; Credentials.Token may then
// be empty. authenticate runs for every attempt, retries included, and must
// not keep a reference to the request.
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

// parseError reads an error answer, whose body the vendor does not
// document: the common JSON shapes, member by member whatever each member's
// type, leaving the rest to the core's fallback (an HTML page's title or
// the status text). The core matches a 401 with ErrUnauthorized and a 403
// (a role that may not make the call) with ErrForbidden.
func parseError(e *rest.APIError, _ http.Header, body []byte) {
	members := rest.BodyMembers(body)
	e.Message = rest.FirstMessage(members, "message", "error_description", "detail", "title", "error")
	e.Code = rest.FirstScalar(members, "code", "errorcode", "error_code")
	if e.Code == "" {
		e.Code = rest.FirstScalar(rest.Members(members["error"]), "code")
	}
	if code := rest.Scalar(members["error"]); e.Code == "" && code != e.Message {
		// {"error": "invalid_token", "error_description": "..."} names a code.
		e.Code = code
	}
}

// MissingMemberError is the cause of the *DecodeError of a success answer
// without the element the call reads ("user", "balance", "accesscodes"),
// or with it null; Member names it. Find it with errors.As.
type MissingMemberError = rest.MissingMemberError
