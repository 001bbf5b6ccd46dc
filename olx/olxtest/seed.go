package olxtest

//lint:file-ignore SA1019 the fake serves the deprecated olx API on purpose.

import (
	"fmt"
	"time"

	"github.com/profiles-sdk/profiles-go/olx"
)

// defaultAccount is the account the default credentials open.
const defaultAccount = "postpaid"

func seed() state {
	return state{
		creds:    olx.Credentials{APIKey: defaultAPIKey, AccessToken: PostpaidToken, CRMName: defaultCRMName},
		tokens:   map[string]string{PostpaidToken: defaultAccount, PrepaidToken: "prepaid"},
		accounts: map[string][]olx.Package{defaultAccount: {PostpaidPackage()}, "prepaid": {PrepaidPackage()}},
		expired:  map[string]bool{},
		refresh:  map[string]string{},
		codes:    map[string]string{},
	}
}

// PostpaidPackage is the documentation's postpaid example.
func PostpaidPackage() olx.Package {
	return olx.Package{
		Type:      olx.Postpaid,
		Name:      "za okres 2019-10-15 - 2019-11-13 (wystawień: 16) - przedział 1-20",
		Available: 4,
		Total:     20,
		InvoiceAt: at("2019-11-12T23:00:00.000+0000"),
		StartsAt:  at("2019-10-14T22:00:00.000+0000"),
		Price:     "306,27 zł",
	}
}

// PrepaidPackage is the documentation's prepaid example.
func PrepaidPackage() olx.Package {
	return olx.Package{
		Type:        olx.Prepaid,
		Name:        "Pacote L",
		Available:   9997,
		Total:       10000,
		PurchasedAt: at("2020-03-05T11:43:05.000+0000"),
		StartsAt:    at("2020-03-05T11:43:05.000+0000"),
		ExpiresAt:   at("2020-04-05T10:43:05.000+0000"),
		Price:       "490.77€",
	}
}

func at(s string) *time.Time {
	t, err := olx.ParseTime(s)
	if err != nil {
		panic(err) // the seeds above are constants
	}
	return &t
}

// SetAccount makes token open an account holding pkgs, replacing the
// packages of the account the token had (and so of every token of that
// account); the token is valid (not expired) afterwards.
func (s *Server) SetAccount(token string, pkgs ...olx.Package) {
	s.state.With(func(st *state) {
		acct, ok := st.tokens[token]
		if !ok {
			acct = "token:" + token
			st.tokens[token] = acct
		}
		st.accounts[acct] = append([]olx.Package(nil), pkgs...)
		delete(st.expired, token)
	})
}

// Account returns a copy of the packages token's account holds, and
// whether the token opens an account.
func (s *Server) Account(token string) ([]olx.Package, bool) {
	var pkgs []olx.Package
	var ok bool
	s.state.With(func(st *state) {
		var acct string
		if acct, ok = st.tokens[token]; ok {
			pkgs = append([]olx.Package(nil), st.accounts[acct]...)
		}
	})
	return pkgs, ok
}

// RemoveAccount makes token unknown to the fake: its requests get 401.
func (s *Server) RemoveAccount(token string) {
	s.state.With(func(st *state) {
		delete(st.tokens, token)
		delete(st.expired, token)
	})
}

// ExpireToken makes every later request with token fail as OLX fails an
// expired token: 403 "The access token provided has expired".
func (s *Server) ExpireToken(token string) {
	s.state.With(func(st *state) { st.expired[token] = true })
}

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
