package haravan

import (
	"bytes"
	"encoding/json"
	"fmt"
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
	var w attributeWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = Attribute{ID: int64(w.ID), Key: string(w.Key), Value: string(w.Value)}
	return nil
}

// attributeWire is Attribute as Haravan sends it. The calls decode into it
// directly: through Attribute.UnmarshalJSON, encoding/json would scan each
// attribute twice more (to find its end, then to validate it again).
type attributeWire struct {
	ID    flex.Int    `json:"id"`
	Key   flex.String `json:"key"`
	Value flex.String `json:"value"`
}

func attributesOf(ws []attributeWire) []Attribute {
	if ws == nil {
		return nil
	}
	as := make([]Attribute, len(ws))
	for i, w := range ws {
		as[i] = Attribute{ID: int64(w.ID), Key: string(w.Key), Value: string(w.Value)}
	}
	return as
}

func attributeWires(as []Attribute) []attributeWire {
	if as == nil {
		return nil
	}
	ws := make([]attributeWire, len(as))
	for i, a := range as {
		ws[i] = attributeWire{ID: flex.Int(a.ID), Key: flex.String(a.Key), Value: flex.String(a.Value)}
	}
	return ws
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
	*p = *w.profile()
	return nil
}

// MarshalJSON writes the profile in Haravan's format.
func (p Profile) MarshalJSON() ([]byte, error) {
	return rest.EncodeJSON(wireOf(&p))
}

// profileWire is Profile as Haravan sends it, in the documentation's order.
// The calls decode answers straight into it, in one pass over the body,
// and MarshalJSON encodes through it: null decodes to the zero value, and
// a zero gender, date or timestamp encodes back as null.
type profileWire struct {
	ID                flex.Int        `json:"id"`
	FirstName         flex.String     `json:"first_name"`
	LastName          flex.String     `json:"last_name"`
	Phone             flex.String     `json:"phone"`
	Email             flex.String     `json:"email"`
	Gender            genderWire      `json:"gender"`
	Birthday          date            `json:"birthday"`
	ProfileCardNumber flex.String     `json:"profile_card_number,omitempty"`
	Address           flex.String     `json:"address"`
	CountryCode       flex.String     `json:"country_code"`
	CountryName       flex.String     `json:"country_name"`
	ProvinceCode      flex.String     `json:"province_code"`
	ProvinceName      flex.String     `json:"province_name"`
	DistrictCode      flex.String     `json:"district_code"`
	DistrictName      flex.String     `json:"district_name"`
	WardCode          flex.String     `json:"ward_code"`
	WardName          flex.String     `json:"ward_name"`
	PointUsed         flex.Int        `json:"point_used"`
	PointAvailable    flex.Int        `json:"point_available"`
	PointIncoming     flex.Int        `json:"point_incoming"`
	PointRanking      flex.Int        `json:"point_ranking"`
	LevelID           flex.Int        `json:"level_id"`
	LevelName         flex.String     `json:"level_name"`
	TotalSpent        flex.Int        `json:"total_spent"`
	TotalOrder        flex.Int        `json:"total_order"`
	Status            ProfileStatus   `json:"status"`
	Attributes        []attributeWire `json:"attributes,omitzero"` // absent when nil, [] when empty
	LastOrderAt       timestamp       `json:"last_order_at"`
	CreatedAt         timestamp       `json:"created_at"`
	UpdatedAt         timestamp       `json:"updated_at"`
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

func (w *profileWire) profile() *Profile {
	return &Profile{
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
		Attributes: attributesOf(w.Attributes),
		Birthday:   flex.TimeOrNil(time.Time(w.Birthday)), LastOrderAt: flex.TimeOrNil(time.Time(w.LastOrderAt)),
		CreatedAt: time.Time(w.CreatedAt), UpdatedAt: time.Time(w.UpdatedAt),
	}
}

// wireOf is profile's inverse.
func wireOf(p *Profile) *profileWire {
	return &profileWire{
		ID: flex.Int(p.ID), FirstName: flex.String(p.FirstName), LastName: flex.String(p.LastName),
		Phone: flex.String(p.Phone), Email: flex.String(p.Email), Gender: genderWire(p.Gender),
		ProfileCardNumber: flex.String(p.ProfileCardNumber),
		Address:           flex.String(p.Address), CountryCode: flex.String(p.CountryCode), CountryName: flex.String(p.CountryName),
		ProvinceCode: flex.String(p.ProvinceCode), ProvinceName: flex.String(p.ProvinceName),
		DistrictCode: flex.String(p.DistrictCode), DistrictName: flex.String(p.DistrictName),
		WardCode: flex.String(p.WardCode), WardName: flex.String(p.WardName),
		PointUsed: flex.Int(p.PointUsed), PointAvailable: flex.Int(p.PointAvailable),
		PointIncoming: flex.Int(p.PointIncoming), PointRanking: flex.Int(p.PointRanking),
		LevelID: flex.Int(p.LevelID), LevelName: flex.String(p.LevelName),
		TotalSpent: flex.Int(p.TotalSpent), TotalOrder: flex.Int(p.TotalOrder), Status: p.Status,
		Attributes: attributeWires(p.Attributes),
		Birthday:   date(timeOrZero(p.Birthday)), LastOrderAt: timestamp(timeOrZero(p.LastOrderAt)),
		CreatedAt: timestamp(p.CreatedAt), UpdatedAt: timestamp(p.UpdatedAt),
	}
}

// timestamp is a point in time in Haravan's format, with six fractional
// digits.
type timestamp time.Time

func (t timestamp) MarshalJSON() ([]byte, error) {
	return timeJSON(time.Time(t).UTC(), "2006-01-02T15:04:05.000000Z07:00"), nil
}

// UnmarshalJSON reads RFC 3339 with any fraction, and also the forms some
// Haravan endpoints use without a zone (taken as UTC; see flex.ParseTime).
// "" decodes as no time.
func (t *timestamp) UnmarshalJSON(b []byte) error {
	// How Haravan sends it, read straight from the bytes.
	if inner, ok := flex.SimpleQuoted(b); ok && (*time.Time)(t).UnmarshalText(inner) == nil {
		return nil
	}
	s, err := flex.Text(b)
	if err != nil {
		return fmt.Errorf("haravan: timestamp: %w", err)
	}
	v, err := flex.ParseTime(s)
	if err != nil {
		return fmt.Errorf("haravan: %q is not a timestamp", strings.TrimSpace(s))
	}
	*t = timestamp(v)
	return nil
}

// date is a calendar day (YYYY-MM-DD) at midnight UTC.
type date time.Time

func (d date) MarshalJSON() ([]byte, error) { return timeJSON(time.Time(d), time.DateOnly), nil }

// UnmarshalJSON reads YYYY-MM-DD, and a full timestamp as its day.
func (d *date) UnmarshalJSON(b []byte) error {
	var ts timestamp
	if err := ts.UnmarshalJSON(b); err != nil {
		return fmt.Errorf("haravan: birthday %s is not a YYYY-MM-DD date", bytes.TrimSpace(b))
	}
	y, m, day := time.Time(ts).Date()
	*d = date(time.Date(y, m, day, 0, 0, 0, 0, time.UTC))
	return nil
}

// timeJSON writes t in layout, or null for the zero time, as Haravan does
// for a time it does not have.
func timeJSON(t time.Time, layout string) []byte {
	if t.IsZero() {
		return []byte("null")
	}
	return []byte(`"` + t.Format(layout) + `"`)
}

// timeOrZero is flex.TimeOrNil's inverse, from Profile's optional times to
// the wire's values, where the zero time stands for null.
func timeOrZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}
