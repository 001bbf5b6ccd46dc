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
