package aktivtest

import (
	"time"

	"github.com/profiles-sdk/profiles-go/aktiv"
)

// seed returns the vendor page's records, plus a Developer and a plain User
// of the same company.
func seed() state {
	admin := aktiv.User{
		ID: 10015, CompanyName: "Aktiv", Confirmed: true, CountryID: 185,
		Email: "test@example.com", Phone: "12345", Status: true,
		Details: aktiv.UserDetails{
			ID: 10016, FirstName: "John", LastName: "Doe",
			LastVisit: time.Unix(1529418565, 0).UTC(),
			Role: aktiv.Role{ID: 1, Name: aktiv.RoleAdministrator,
				CreateOrders: true, CreateProducts: true, CreateUsers: true, ManageProtect: true},
		},
	}
	developer := admin
	developer.ID, developer.Email = 10020, "developer@example.com"
	developer.Details = aktiv.UserDetails{
		ID: 10021, FirstName: "Jane", LastName: "Roe",
		Role: aktiv.Role{ID: 2, Name: aktiv.RoleDeveloper, CreateProducts: true, ManageProtect: true},
	}
	user := admin
	user.ID, user.Email = 10030, "user@example.com"
	user.Details = aktiv.UserDetails{
		ID: 10031, FirstName: "Max", LastName: "Mustermann",
		Role: aktiv.Role{ID: 3, Name: "User"},
	}
	return state{
		users: map[string]*aktiv.User{AdminToken: &admin, DeveloperToken: &developer, UserToken: &user},
		codes: []aktiv.AccessCode{
			{ID: 1, Private: &aktiv.PrivateCodes{Master: 0x5191758c, Read: 0x51917645, Write: 0x51917603},
				Public: aktiv.PublicCode{Text: "DEMONVK", Value: 0x519175b7}},
			{ID: 9, Private: &aktiv.PrivateCodes{Master: 0xe1e1e1e, Read: 0xd2d2d2d2, Write: 0xd2e2e2e2},
				Public: aktiv.PublicCode{Text: "EXAMPLE", Value: 0xb3b3b3b3}},
		},
		balance: aktiv.Balance{
			ID: 10016, ActivationsCount: -842150451, ActivationsLimit: -842150451,
			CompanyName: "Aktiv", CountryID: 185, IsPostpaid: true,
			LocalLicensesBalance: -842150451, NetLicensesBalance: -842150451,
			Phone: "12345", Status: -12851,
		},
		readToken:    bearerToken,
		defaultToken: AdminToken,
	}
}

// SetUser makes token sign in u, replacing any user the token had. The
// user's Details.Role decides what the token may do. An empty token is
// never accepted.
func (s *Server) SetUser(token string, u aktiv.User) {
	s.state.With(func(st *state) { st.users[token] = &u })
}

// User returns the user token signs in, as the fake holds it now, and
// whether the token is known.
func (s *Server) User(token string) (aktiv.User, bool) {
	var (
		u  aktiv.User
		ok bool
	)
	s.state.With(func(st *state) {
		if p := st.users[token]; p != nil {
			u, ok = *p, true
		}
	})
	return u, ok
}

// RemoveUser makes token unknown: its requests get 401.
func (s *Server) RemoveUser(token string) {
	s.state.With(func(st *state) { delete(st.users, token) })
}

// SetAccessCodes replaces the vendor's access codes. Private codes are
// sent to Administrators and Developers only, whatever is set here.
func (s *Server) SetAccessCodes(codes []aktiv.AccessCode) {
	codes = cloneCodes(codes)
	s.state.With(func(st *state) { st.codes = codes })
}

// AccessCodes returns the vendor's access codes as the fake holds them,
// and whether there are any.
func (s *Server) AccessCodes() ([]aktiv.AccessCode, bool) {
	var out []aktiv.AccessCode
	s.state.With(func(st *state) { out = cloneCodes(st.codes) })
	return out, len(out) > 0
}

// SetBalance replaces the vendor's balance.
func (s *Server) SetBalance(b aktiv.Balance) {
	s.state.With(func(st *state) { st.balance = b })
}

// Balance returns the vendor's balance as the fake holds it now. The
// vendor always has one, so ok is always true; it is there so that every
// getter of the five fakes reads alike.
func (s *Server) Balance() (aktiv.Balance, bool) {
	var b aktiv.Balance
	s.state.With(func(st *state) { b = st.balance })
	return b, true
}

func cloneCodes(codes []aktiv.AccessCode) []aktiv.AccessCode {
	out := make([]aktiv.AccessCode, len(codes))
	for i, c := range codes {
		out[i] = c
		if c.Private != nil {
			p := *c.Private
			out[i].Private = &p
		}
	}
	return out
}
