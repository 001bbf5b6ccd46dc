package haravan

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/profiles-sdk/profiles-go/internal/flex"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// Gender is a profile's gender as Haravan sends it.
type Gender string

// Genders Haravan documents. The documentation spells the unknown gender
// "unknow" while the API sends "unknown"; both decode to GenderUnknown.
// Other values decode as they are.
const (
	GenderUnknown Gender = "unknown"
	GenderMale    Gender = "male"
	GenderFemale  Gender = "female"
)

// UnmarshalText accepts the documented and the sent spelling of unknown.
func (g *Gender) UnmarshalText(b []byte) error {
	s := strings.ToLower(strings.TrimSpace(string(b)))
	if s == "unknow" {
		s = string(GenderUnknown)
	}
	*g = Gender(s)
	return nil
}

// ProfileStatus says whether a profile is active.
type ProfileStatus string

// Profile statuses Haravan documents.
const (
	StatusEnabled  ProfileStatus = "enabled"
	StatusDisabled ProfileStatus = "disabled"
)

// Attribute is extra information a shop keeps on a profile.
type Attribute struct {
	ID    int64  `json:"id"`
	Key   string `json:"key"`
	Value string `json:"value"`
}

// UnmarshalJSON accepts ids as numbers or strings and values as strings,
// numbers or null.
func (a *Attribute) UnmarshalJSON(b []byte) error {
	var w struct {
		ID    flexInt    `json:"id"`
		Key   flexString `json:"key"`
		Value flexString `json:"value"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = Attribute{ID: int64(w.ID), Key: string(w.Key), Value: string(w.Value)}
	return nil
}

// Profile is a Haravan Loyalty customer profile: who the customer is,
// their membership level and their points. A list called with Fields set
// fills only those fields.
//
// Profile encodes back to JSON in Haravan's own format (snake_case names,
// six fractional digits in timestamps, YYYY-MM-DD birthday, null for
// missing dates), so it can be stored or served as the vendor would.
type Profile struct {
	ID                int64
	FirstName         string
	LastName          string
	Phone             string
	Email             string
	Gender            Gender     // "" when Haravan sends null
	Birthday          *time.Time // midnight UTC; nil when not known
	ProfileCardNumber string     // membership card; sent in lists
	Address           string
	CountryCode       string // "VN" or "vn": Haravan sends both
	CountryName       string
	ProvinceCode      string
	ProvinceName      string
	DistrictCode      string
	DistrictName      string
	WardCode          string
	WardName          string
	PointUsed         int64 // points spent
	PointAvailable    int64 // points that can be spent
	PointIncoming     int64 // points pending
	PointRanking      int64 // membership score
	LevelID           int64
	LevelName         string
	TotalSpent        int64 // money spent over the order history
	TotalOrder        int64 // number of orders
	Status            ProfileStatus
	Attributes        []Attribute
	LastOrderAt       *time.Time // nil when the profile never ordered
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// UnmarshalJSON reads Haravan's profile format, tolerating its quirks.
func (p *Profile) UnmarshalJSON(b []byte) error {
	var w profileWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	w.fill(p)
	return nil
}

// MarshalJSON writes the profile in Haravan's format.
func (p Profile) MarshalJSON() ([]byte, error) {
	return rest.EncodeJSON(wireOf(&p))
}

// profileWire is Profile as Haravan sends it, in the documentation's order.
// The SDK's calls decode answers straight into it, in one pass over the
// body, and MarshalJSON encodes through it. Its members are values, not
// pointers: null decodes to the zero value, and a zero gender, date or
// timestamp encodes back as null, so that one struct serves both ways.
type profileWire struct {
	ID                flexInt       `json:"id"`
	FirstName         flexString    `json:"first_name"`
	LastName          flexString    `json:"last_name"`
	Phone             flexString    `json:"phone"`
	Email             flexString    `json:"email"`
	Gender            genderWire    `json:"gender"`
	Birthday          date          `json:"birthday"`
	ProfileCardNumber flexString    `json:"profile_card_number,omitempty"`
	Address           flexString    `json:"address"`
	CountryCode       flexString    `json:"country_code"`
	CountryName       flexString    `json:"country_name"`
	ProvinceCode      flexString    `json:"province_code"`
	ProvinceName      flexString    `json:"province_name"`
	DistrictCode      flexString    `json:"district_code"`
	DistrictName      flexString    `json:"district_name"`
	WardCode          flexString    `json:"ward_code"`
	WardName          flexString    `json:"ward_name"`
	PointUsed         flexInt       `json:"point_used"`
	PointAvailable    flexInt       `json:"point_available"`
	PointIncoming     flexInt       `json:"point_incoming"`
	PointRanking      flexInt       `json:"point_ranking"`
	LevelID           flexInt       `json:"level_id"`
	LevelName         flexString    `json:"level_name"`
	TotalSpent        flexInt       `json:"total_spent"`
	TotalOrder        flexInt       `json:"total_order"`
	Status            ProfileStatus `json:"status"`
	Attributes        []Attribute   `json:"attributes,omitzero"` // absent when nil, [] when empty
	LastOrderAt       timestamp     `json:"last_order_at"`
	CreatedAt         timestamp     `json:"created_at"`
	UpdatedAt         timestamp     `json:"updated_at"`
}

// genderWire is Gender on the wire, where no gender is null.
type genderWire Gender

func (g genderWire) MarshalJSON() ([]byte, error) {
	if g == "" {
		return []byte("null"), nil
	}
	return rest.EncodeJSON(string(g))
}

func (g *genderWire) UnmarshalText(b []byte) error { return (*Gender)(g).UnmarshalText(b) }

// fill sets every field of p from w.
func (w *profileWire) fill(p *Profile) {
	*p = Profile{
		ID: int64(w.ID), FirstName: string(w.FirstName), LastName: string(w.LastName),
		Phone: string(w.Phone), Email: string(w.Email), Gender: Gender(w.Gender),
		ProfileCardNumber: string(w.ProfileCardNumber),
		Address:           string(w.Address), CountryCode: string(w.CountryCode), CountryName: string(w.CountryName),
		ProvinceCode: string(w.ProvinceCode), ProvinceName: string(w.ProvinceName),
		DistrictCode: string(w.DistrictCode), DistrictName: string(w.DistrictName),
		WardCode: string(w.WardCode), WardName: string(w.WardName),
		PointUsed: int64(w.PointUsed), PointAvailable: int64(w.PointAvailable),
		PointIncoming: int64(w.PointIncoming), PointRanking: int64(w.PointRanking),
		LevelID: int64(w.LevelID), LevelName: string(w.LevelName),
		TotalSpent: int64(w.TotalSpent), TotalOrder: int64(w.TotalOrder), Status: w.Status,
		Attributes: w.Attributes,
		Birthday:   flex.TimeOrNil(time.Time(w.Birthday)), LastOrderAt: flex.TimeOrNil(time.Time(w.LastOrderAt)),
		CreatedAt: time.Time(w.CreatedAt), UpdatedAt: time.Time(w.UpdatedAt),
	}
}

// wireOf is fill's inverse.
func wireOf(p *Profile) *profileWire {
	return &profileWire{
		ID: flexInt(p.ID), FirstName: flexString(p.FirstName), LastName: flexString(p.LastName),
		Phone: flexString(p.Phone), Email: flexString(p.Email), Gender: genderWire(p.Gender),
		ProfileCardNumber: flexString(p.ProfileCardNumber),
		Address:           flexString(p.Address), CountryCode: flexString(p.CountryCode), CountryName: flexString(p.CountryName),
		ProvinceCode: flexString(p.ProvinceCode), ProvinceName: flexString(p.ProvinceName),
		DistrictCode: flexString(p.DistrictCode), DistrictName: flexString(p.DistrictName),
		WardCode: flexString(p.WardCode), WardName: flexString(p.WardName),
		PointUsed: flexInt(p.PointUsed), PointAvailable: flexInt(p.PointAvailable),
		PointIncoming: flexInt(p.PointIncoming), PointRanking: flexInt(p.PointRanking),
		LevelID: flexInt(p.LevelID), LevelName: flexString(p.LevelName),
		TotalSpent: flexInt(p.TotalSpent), TotalOrder: flexInt(p.TotalOrder), Status: p.Status,
		Attributes: p.Attributes,
		Birthday:   date(timeOrZero(p.Birthday)), LastOrderAt: timestamp(timeOrZero(p.LastOrderAt)),
		CreatedAt: timestamp(p.CreatedAt), UpdatedAt: timestamp(p.UpdatedAt),
	}
}

// profileOf returns the Profile of a decoded answer member, or nil.
func profileOf(w *profileWire) *Profile {
	if w == nil {
		return nil
	}
	p := new(Profile)
	w.fill(p)
	return p
}
