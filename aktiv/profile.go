package aktiv

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// Role names the vendor documents; Role.Name holds one of them or another
// role of the vendor's.
const (
	RoleAdministrator = "Administrator"
	RoleDeveloper     = "Developer"
)

// GetProfile returns the signed-in user.
//
// GET /v1.0/profile; the answer is {"user": {...}}. Idempotent: retried on
// connection errors, 429, 502, 503 and 504. Vendor doc: the "Profile" page
// at https://dev.guardant.ru.
func (c *Client) GetProfile(ctx context.Context, opts ...profiles.CallOption) (*User, error) {
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
// ErrForbidden. An all-empty update (it would erase the profile) or a
// negative CountryID is refused with ErrInvalidArgument before anything is
// sent.
//
// PUT /v1.0/profile with {"companyName": "...", "countryId": N, "phone":
// "...", "firstName": "...", "lastName": "..."}, every member present; a
// success answer's body is not read. Idempotent (it replaces state):
// retried on connection errors, 429, 502, 503 and 504. Vendor doc: the
// "Profile" page at https://dev.guardant.ru.
func (c *Client) PutProfile(ctx context.Context, p ProfileUpdate, opts ...profiles.CallOption) error {
	switch {
	case p == ProfileUpdate{}:
		return fmt.Errorf("aktiv: PutProfile: %w: empty ProfileUpdate would erase the profile (start from User.ProfileUpdate)", profiles.ErrInvalidArgument)
	case p.CountryID < 0:
		return fmt.Errorf("aktiv: PutProfile: %w: CountryID must not be negative", profiles.ErrInvalidArgument)
	}
	_, err := c.core().Do(ctx, &rest.Call{Operation: "PutProfile", Method: http.MethodPut, Route: "/v1.0/profile", Body: p, Safety: rest.Idempotent}, opts...)
	return err
}

// PutSettings replaces the signed-in user's settings. Any role may call it.
// A negative Language is refused with ErrInvalidArgument before anything is
// sent.
//
// PUT /v1.0/profile/settings with {"lang": N}; a success answer's body is
// not read. Idempotent (it replaces state): retried on connection errors,
// 429, 502, 503 and 504. Vendor doc: the "Profile" page at
// https://dev.guardant.ru.
func (c *Client) PutSettings(ctx context.Context, s SettingsUpdate, opts ...profiles.CallOption) error {
	if s.Language < 0 {
		return fmt.Errorf("aktiv: PutSettings: %w: Language must not be negative", profiles.ErrInvalidArgument)
	}
	_, err := c.core().Do(ctx, &rest.Call{Operation: "PutSettings", Method: http.MethodPut, Route: "/v1.0/profile/settings", Body: s, Safety: rest.Idempotent}, opts...)
	return err
}

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
