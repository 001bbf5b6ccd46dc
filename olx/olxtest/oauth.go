package olxtest

//lint:file-ignore SA1019 the fake serves the deprecated olx API on purpose.

import (
	"fmt"
	"net/http"

	"github.com/profiles-sdk/profiles-go/internal/fake"
	"github.com/profiles-sdk/profiles-go/olx"
)

// TokenLifetime is the expires_in the fake's token endpoint answers, OLX's
// one hour.
const TokenLifetime = 3600

// NewAuthorizationCode creates an account holding pkgs and returns a
// one-time authorization code for it, as OLX sends to the partner's
// redirect URL after the user consents.
func (s *Server) NewAuthorizationCode(pkgs ...olx.Package) string {
	var code string
	s.state.With(func(st *state) {
		st.seq++
		acct := fmt.Sprintf("account-%d", st.seq)
		code = fmt.Sprintf("olxtest-code-%d", st.seq)
		st.accounts[acct] = append([]olx.Package(nil), pkgs...)
		st.codes[code] = acct
	})
	return code
}

type tokenRequest struct {
	GrantType    string `json:"grant_type"`
	Code         string `json:"code"`
	RefreshToken string `json:"refresh_token"`
}

// postToken serves POST /oauth/v1/token for the authorization_code and
// refresh_token grants.
func (s *Server) postToken(w http.ResponseWriter, r *http.Request) {
	var req tokenRequest
	if !fake.ReadJSON(r, &req) {
		s.writeError(w, r, http.StatusBadRequest, "Malformed JSON body")
		return
	}
	var access, refresh string
	var ok bool
	s.state.With(func(st *state) {
		var acct string
		switch req.GrantType {
		case "authorization_code":
			if acct, ok = st.codes[req.Code]; ok {
				delete(st.codes, req.Code) // a code works once
				st.seq++
				refresh = fmt.Sprintf("olxtest-refresh-%d", st.seq)
				st.refresh[refresh] = acct
			}
		case "refresh_token":
			acct, ok = st.refresh[req.RefreshToken]
			refresh = req.RefreshToken
		}
		if ok {
			st.seq++
			access = fmt.Sprintf("olxtest-access-%d", st.seq)
			st.tokens[access] = acct
		}
	})
	if !ok {
		s.writeError(w, r, http.StatusBadRequest, MessageInvalidGrant)
		return
	}
	fake.WriteJSON(w, http.StatusOK, map[string]any{
		"access_token":  access,
		"token_type":    "bearer",
		"expires_in":    TokenLifetime,
		"refresh_token": refresh,
		"scope":         "read write",
	})
}
