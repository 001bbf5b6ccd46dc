package aktiv

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/profiles-sdk/profiles-go/internal/rest"
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

// ProfileUpdate is the body of PutProfile. The PUT replaces these fields,
// so send every one of them: start from (*User).ProfileUpdate.
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

func (p ProfileUpdate) validate() error {
	switch {
	case p == ProfileUpdate{}:
		return errors.New("aktiv: PutProfile: empty ProfileUpdate would erase the profile (start from User.ProfileUpdate)")
	case p.CountryID < 0:
		return errors.New("aktiv: PutProfile: CountryID must not be negative")
	}
	return nil
}

// GetProfile returns the signed-in user.
//
// GET /v1.0/profile. Idempotent: retried on connection errors, 429, 502,
// 503 and 504.
//
// Vendor doc: the "Profile" page of the Guardant API v1.0 documentation at
// https://dev.guardant.ru.
func (c *Client) GetProfile(ctx context.Context, opts ...CallOption) (*User, error) {
	var out struct {
		User *User `json:"user"`
	}
	if err := c.get(ctx, "GetProfile", "/v1.0/profile", &out, "user", func() bool { return out.User != nil }, opts); err != nil {
		return nil, err
	}
	return out.User, nil
}

// PutProfile replaces the company name, country, phone and the user's
// names. Only administrators may call it; others get an APIError matching
// ErrForbidden. An all-empty update or a negative CountryID is refused
// before anything is sent.
//
// PUT /v1.0/profile with a camelCase JSON body. Idempotent (it replaces
// state): retried on connection errors, 429, 502, 503 and 504.
//
// Vendor doc: the "Profile" page of the Guardant API v1.0 documentation at
// https://dev.guardant.ru.
func (c *Client) PutProfile(ctx context.Context, p ProfileUpdate, opts ...CallOption) error {
	if err := p.validate(); err != nil {
		return err
	}
	_, err := c.core().Do(ctx, &rest.Call{Operation: "PutProfile", Method: http.MethodPut, Route: "/v1.0/profile", Body: p, Safety: rest.Idempotent}, opts...)
	return err
}

// get decodes the answer to GET route into out. present reports whether
// the answer had its element (member); when it did not, the error is a
// *DecodeError that names it.
func (c *Client) get(ctx context.Context, op, route string, out any, member string, present func() bool, opts []CallOption) error {
	call := &rest.Call{Operation: op, Method: http.MethodGet, Route: route, Safety: rest.Idempotent, Out: out}
	resp, err := c.core().Do(ctx, call, opts...)
	if err != nil {
		return err
	}
	if !present() {
		return rest.MissingMember("aktiv", call, resp, member, nil)
	}
	return nil
}
