package aktiv

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Role names the vendor documents; Role.Name holds one of them or another
// role of the vendor's.
const (
	RoleAdministrator = "Administrator"
	RoleDeveloper     = "Developer"
)

// User is the signed-in user and their company, as GetProfile returns it.
type User struct {
	ID          int64       `json:"_id"`
	CompanyName string      `json:"companyname"`
	Confirmed   bool        `json:"confirmed"`
	CountryID   int         `json:"countryid"`
	Email       string      `json:"email"`
	Phone       string      `json:"phone"`
	Status      bool        `json:"status"`
	Details     UserDetails `json:"userdetails"`
}

// UserDetails are the personal part of a User.
type UserDetails struct {
	ID        int64  `json:"_id"`
	FirstName string `json:"firstname"`
	LastName  string `json:"lastname"`
	// LastVisit is the zero time when the vendor sends 0 (never).
	LastVisit time.Time `json:"lastvisitdate"`
	Role      Role      `json:"role"`
	Settings  Settings  `json:"settings"`
}

// UnmarshalJSON reads lastvisitdate as Unix seconds.
func (d *UserDetails) UnmarshalJSON(data []byte) error {
	type plain UserDetails
	aux := struct {
		*plain
		LastVisit unixSeconds `json:"lastvisitdate"`
	}{plain: (*plain)(d)}
	if err := json.Unmarshal(data, &aux); err != nil {
		return err
	}
	d.LastVisit = aux.LastVisit.timeOrZero()
	return nil
}

// MarshalJSON writes the vendor's format back, lastvisitdate as Unix
// seconds.
func (d UserDetails) MarshalJSON() ([]byte, error) {
	type plain UserDetails
	return json.Marshal(struct {
		plain
		LastVisit unixSeconds `json:"lastvisitdate"`
	}{plain: plain(d), LastVisit: toUnix(&d.LastVisit)})
}

// Role is a user's role and what it allows.
type Role struct {
	ID int `json:"_id"`
	// Name is the role's English name, e.g. RoleAdministrator.
	Name           string `json:"nameeng"`
	CreateOrders   bool   `json:"createorders"`
	CreateProducts bool   `json:"createproducts"`
	CreateUsers    bool   `json:"createusers"`
	ManageProtect  bool   `json:"manageprotect"`
}

// SeesPrivateCodes reports whether the vendor sends private access codes
// to this role (Administrator and Developer).
func (r Role) SeesPrivateCodes() bool {
	return r.Name == RoleAdministrator || r.Name == RoleDeveloper
}

// Settings are a user's preferences. Change them with PutSettings.
type Settings struct {
	// Language is the vendor's language number; 0 is a valid value.
	Language int `json:"language"`
}

// SettingsUpdate is the body of PutSettings, sent as {"lang": N}.
type SettingsUpdate struct {
	// Language is Settings.Language. 0 is valid (the vendor's own example
	// user has it); negative numbers are refused.
	Language int `json:"lang"`
}

// ProfileUpdate is the body of PutProfile, sent in camelCase. The PUT
// replaces these fields, so send every one of them: start from
// (*User).ProfileUpdate.
type ProfileUpdate struct {
	CompanyName string `json:"companyName"`
	CountryID   int    `json:"countryId"`
	Phone       string `json:"phone"`
	FirstName   string `json:"firstName"`
	LastName    string `json:"lastName"`
}

// ProfileUpdate returns the user's current editable fields, to change and
// pass to PutProfile.
func (u *User) ProfileUpdate() ProfileUpdate {
	return ProfileUpdate{
		CompanyName: u.CompanyName,
		CountryID:   u.CountryID,
		Phone:       u.Phone,
		FirstName:   u.Details.FirstName,
		LastName:    u.Details.LastName,
	}
}

// Balance is the vendor's licence balance and company record.
//
// The counters are passed through as the vendor sends them: its own example
// shows -842150451 (0xCDCDCDCD, uninitialised memory on its side), so a
// negative value means "not set" rather than a debt.
type Balance struct {
	ID                   int64  `json:"_id"`
	ActivationsCount     int64  `json:"activationscount"`
	ActivationsLimit     int64  `json:"activationslimit"`
	CompanyName          string `json:"companyname"`
	CountryID            int    `json:"countryid"`
	IsPostpaid           bool   `json:"ispostpaid"`
	LocalLicensesBalance int64  `json:"locallicensesbalance"`
	NetLicensesBalance   int64  `json:"netlicensesbalance"`
	Phone                string `json:"phone"`
	// Status is a number here, unlike User.Status.
	Status int `json:"status"`
	// SubscriptionBegin and SubscriptionEnd are nil when the vendor sends 0
	// (no subscription).
	SubscriptionBegin *time.Time `json:"subscriptionbegindate"`
	SubscriptionEnd   *time.Time `json:"subscriptionenddate"`
}

// UnmarshalJSON reads the subscription dates as Unix seconds.
func (b *Balance) UnmarshalJSON(data []byte) error {
	type plain Balance
	aux := struct {
		*plain
		SubscriptionBegin unixSeconds `json:"subscriptionbegindate"`
		SubscriptionEnd   unixSeconds `json:"subscriptionenddate"`
	}{plain: (*plain)(b)}
	if err := json.Unmarshal(data, &aux); err != nil {
		return err
	}
	b.SubscriptionBegin = aux.SubscriptionBegin.time()
	b.SubscriptionEnd = aux.SubscriptionEnd.time()
	return nil
}

// MarshalJSON writes the vendor's format back, dates as Unix seconds.
func (b Balance) MarshalJSON() ([]byte, error) {
	type plain Balance
	return json.Marshal(struct {
		plain
		SubscriptionBegin unixSeconds `json:"subscriptionbegindate"`
		SubscriptionEnd   unixSeconds `json:"subscriptionenddate"`
	}{plain: plain(b), SubscriptionBegin: toUnix(b.SubscriptionBegin), SubscriptionEnd: toUnix(b.SubscriptionEnd)})
}

// unixSeconds is the vendor's date: whole seconds since 1970 in UTC, with 0
// meaning "none".
type unixSeconds int64

func (u *unixSeconds) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if string(data) == "null" {
		*u = 0
		return nil
	}
	if len(data) > 0 && data[0] == '"' {
		// A quoted number is read too: the page does not promise the type.
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
		data = []byte(s)
	}
	n, err := strconv.ParseInt(string(data), 10, 64)
	if err != nil {
		if len(data) > 32 {
			data = append(data[:32:32], "..."...)
		}
		return fmt.Errorf("aktiv: date %q is not whole Unix seconds", data)
	}
	*u = unixSeconds(n)
	return nil
}

// time returns the date, or nil for 0.
func (u unixSeconds) time() *time.Time {
	if u == 0 {
		return nil
	}
	t := time.Unix(int64(u), 0).UTC()
	return &t
}

// timeOrZero returns the date, or the zero time for 0.
func (u unixSeconds) timeOrZero() time.Time {
	if t := u.time(); t != nil {
		return *t
	}
	return time.Time{}
}

// toUnix encodes t, sending 0 for nil and the zero time.
func toUnix(t *time.Time) unixSeconds {
	if t == nil || t.IsZero() {
		return 0
	}
	return unixSeconds(t.Unix())
}
