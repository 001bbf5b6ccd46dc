package olxtest

//lint:file-ignore SA1019 the fake serves the deprecated olx API on purpose.

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/profiles-sdk/profiles-go/internal/fake"
	"github.com/profiles-sdk/profiles-go/olx"
)

// TokenLifetime is the expires_in the fake's token endpoint answers, OLX's
// one hour.
const TokenLifetime = 3600

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

// getPackages serves GET /profile/v1/packages for the account of the
// request's token.
func (s *Server) getPackages(w http.ResponseWriter, r *http.Request) {
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	pkgs, _ := s.Account(token)
	if pkgs == nil {
		pkgs = []olx.Package{} // OLX sends an array, never null
	}
	fake.WriteJSON(w, http.StatusOK, olx.PackagesResponse{
		TransactionID: s.nextTransactionID(),
		Message:       MessageFound,
		Packages:      pkgs,
	})
}

// LastTransactionID returns the transaction id of the latest answer, and
// false before the first.
func (s *Server) LastTransactionID() (string, bool) {
	var id string
	s.state.With(func(st *state) {
		if st.txn > 0 {
			id = transactionID(st.txn)
		}
	})
	return id, id != ""
}

// nextTransactionID numbers answers in the shape of OLX's UUIDs, so tests
// can predict them.
func (s *Server) nextTransactionID() string {
	var id string
	s.state.With(func(st *state) {
		st.txn++
		id = transactionID(st.txn)
	})
	return id
}

func transactionID(n int) string {
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
}
