package haravan

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"iter"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/flex"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// MaxPageSize is the largest list page Haravan answers; it silently caps a
// larger limit.
const MaxPageSize = 50

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
	*a = w.attribute()
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

func (w attributeWire) attribute() Attribute {
	return Attribute{ID: int64(w.ID), Key: string(w.Key), Value: string(w.Value)}
}

func (a Attribute) wire() attributeWire {
	return attributeWire{ID: flex.Int(a.ID), Key: flex.String(a.Key), Value: flex.String(a.Value)}
}

// convert returns f of each element of s, and nil for nil.
func convert[A, B any](s []A, f func(A) B) []B {
	if s == nil {
		return nil
	}
	out := make([]B, len(s))
	for i, v := range s {
		out[i] = f(v)
	}
	return out
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

// profile converts w, and a null profile (nil) to nil.
func (w *profileWire) profile() *Profile {
	if w == nil {
		return nil
	}
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
		Attributes: convert(w.Attributes, attributeWire.attribute),
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
		Attributes: convert(p.Attributes, Attribute.wire),
		Birthday:   date(timeOrZero(p.Birthday)), LastOrderAt: timestamp(timeOrZero(p.LastOrderAt)),
		CreatedAt: timestamp(p.CreatedAt), UpdatedAt: timestamp(p.UpdatedAt),
	}
}

// timeOrZero is flex.TimeOrNil's inverse, from Profile's optional times to
// the wire's values, where the zero time stands for null.
func timeOrZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// ListProfilesOptions filters and pages ListProfiles and Profiles; the zero
// value asks for the first page of every profile.
type ListProfilesOptions struct {
	// SinceID restricts the list to profiles with a larger id.
	SinceID int64 `url:"since_id,omitempty"`
	// Fields names the JSON fields to fill ("id", "phone", ...); none means
	// all. Profile fields not named stay empty.
	Fields []string `url:"fields,comma,omitempty"`
	// Phone restricts the list to the profiles with this phone number.
	Phone string `url:"phone,omitempty"`
	// UpdatedAtMin and UpdatedAtMax restrict the list to profiles updated
	// after / before these times, sent in UTC as 2008-12-31T02:01:27.483Z.
	UpdatedAtMin time.Time `url:"updated_at_min,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
	UpdatedAtMax time.Time `url:"updated_at_max,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
	// Limit is the page size, at most MaxPageSize. When it is zero,
	// ListProfiles leaves the size to Haravan (documented as 50 on one page
	// and 20 on another) and Profiles asks for MaxPageSize.
	Limit int `url:"limit,omitempty"`
	// Page is the 1-based page number; zero means the first.
	Page int `url:"page,omitempty"`
}

// validate checks the options and returns the copy that is sent, with the
// times in UTC.
func (o *ListProfilesOptions) validate() (*ListProfilesOptions, error) {
	if o == nil {
		return &ListProfilesOptions{}, nil
	}
	q := *o
	switch {
	case q.SinceID < 0:
		return nil, invalid("ListProfilesOptions.SinceID %d is negative", q.SinceID)
	case q.Limit < 0 || q.Limit > MaxPageSize:
		return nil, invalid("ListProfilesOptions.Limit %d is outside 1..%d (Haravan silently caps larger pages)", q.Limit, MaxPageSize)
	case q.Page < 0:
		return nil, invalid("ListProfilesOptions.Page %d is negative", q.Page)
	case !q.UpdatedAtMin.IsZero() && !q.UpdatedAtMax.IsZero() && q.UpdatedAtMax.Before(q.UpdatedAtMin):
		return nil, invalid("ListProfilesOptions.UpdatedAtMax is before UpdatedAtMin")
	}
	for _, f := range q.Fields {
		if strings.TrimSpace(f) == "" || strings.Contains(f, ",") {
			return nil, invalid("ListProfilesOptions.Fields holds an empty name or one with a comma: %q", f)
		}
	}
	q.UpdatedAtMin = q.UpdatedAtMin.UTC()
	q.UpdatedAtMax = q.UpdatedAtMax.UTC()
	return &q, nil
}

// ListProfiles returns one page of profiles (GET /loy/profiles.json).
// opts may be nil. Use Profiles to walk every page.
//
// Wire: opts go in the query (since_id, fields, phone, updated_at_min,
// updated_at_max, limit, page); the answer is {"profiles": [{...}, ...]}.
//
// Idempotent: retried on connection errors, 429, 502, 503 and 504.
// Haravan docs: https://docs.haravan.com/docs/loyalty-apis/profiles/
func (c *Client) ListProfiles(ctx context.Context, opts *ListProfilesOptions, callOpts ...profiles.CallOption) ([]*Profile, error) {
	q, err := opts.validate()
	if err != nil {
		return nil, err
	}
	var out struct {
		Profiles []*profileWire `json:"profiles"`
	}
	_, err = c.core().Do(ctx, &rest.Call{Operation: "ListProfiles", Method: http.MethodGet, Route: "/loy/profiles.json", Query: q, Safety: rest.Idempotent, Out: &out,
		Check: func(int) error { return needMember(out.Profiles != nil, "profiles") }}, callOpts...)
	if err != nil {
		return nil, err
	}
	return convert(out.Profiles, (*profileWire).profile), nil // a null element stays a nil *Profile
}

// Profiles walks every page of the list that opts select, one page in
// memory at a time: MaxPageSize profiles per page unless opts.Limit says
// otherwise, from opts.Page (or the first page) to the first short page.
// opts is never modified. Breaking out of the loop stops fetching. An error
// is yielded once, with a nil profile, and ends the walk.
//
// A full page identical to an earlier one ends the walk with an error
// wrapping ErrUnexpectedResponse, since a server that ignores "page" would
// otherwise make it endless. When opts.Fields leaves out "id", pages of
// different profiles can look identical (say, fifty empty phone numbers):
// name "id" among the fields to walk such a list.
//
// Each page is an idempotent GET (see ListProfiles).
func (c *Client) Profiles(ctx context.Context, opts *ListProfilesOptions, callOpts ...profiles.CallOption) iter.Seq2[*Profile, error] {
	return func(yield func(*Profile, error) bool) {
		q := ListProfilesOptions{}
		if opts != nil {
			q = *opts
			q.Fields = slices.Clone(opts.Fields)
		}
		q.Limit = cmp.Or(q.Limit, MaxPageSize)
		q.Page = cmp.Or(q.Page, 1)
		// A digest of every full page's decoded profiles → its number.
		seed := maphash.MakeSeed()
		seen := map[uint64]int{}
		for {
			page, err := c.ListProfiles(ctx, &q, callOpts...)
			if err != nil {
				yield(nil, err)
				return
			}
			if len(page) >= q.Limit {
				encoded, _ := json.Marshal(page) // decoded profiles always encode
				sum := maphash.Bytes(seed, encoded)
				if first, ok := seen[sum]; ok {
					yield(nil, fmt.Errorf("haravan: %w: page %d repeats page %d; the server seems to ignore the page parameter", ErrUnexpectedResponse, q.Page, first))
					return
				}
				seen[sum] = q.Page
			}
			for _, p := range page {
				if !yield(p, nil) {
					return
				}
			}
			if len(page) < q.Limit {
				return
			}
			q.Page++
		}
	}
}

// GetProfile returns one profile (GET /loy/profiles/{id}.json).
//
// Wire: the answer is {"profile": {"id": 632910392, "first_name": ...}}.
//
// Idempotent: retried on connection errors, 429, 502, 503 and 504.
// Haravan docs: https://docs.haravan.com/docs/loyalty-apis/profiles/
func (c *Client) GetProfile(ctx context.Context, id int64, opts ...profiles.CallOption) (*Profile, error) {
	w, err := getProfile[profileWire](ctx, c, "GetProfile", "/loy/profiles/{id}.json", id, opts)
	if err != nil {
		return nil, err
	}
	return w.profile(), nil
}

// GetProfileTags returns a profile's tags (GET
// /loy/profiles/{id}/tags.json), sent as one comma-separated text, split
// and trimmed; an empty slice when there are none.
//
// Wire: the answer is {"profile": {"tags": "vip, summer"}}.
//
// Idempotent: retried on connection errors, 429, 502, 503 and 504.
// Haravan docs: https://docs.haravan.com/docs/loyalty-apis/profiles/
func (c *Client) GetProfileTags(ctx context.Context, id int64, opts ...profiles.CallOption) ([]string, error) {
	p, err := getProfile[struct {
		Tags tagList `json:"tags"`
	}](ctx, c, "GetProfileTags", "/loy/profiles/{id}/tags.json", id, opts)
	if err != nil {
		return nil, err
	}
	return orEmpty(p.Tags), nil
}

// GetProfileAttributes returns a profile's attributes (GET
// /loy/profiles/{id}/attributes.json), an empty slice when there are none.
//
// Wire: the answer is {"profile": {"attributes": [{...}, ...]}}.
//
// Idempotent: retried on connection errors, 429, 502, 503 and 504.
// Haravan docs: https://docs.haravan.com/docs/loyalty-apis/profiles/
func (c *Client) GetProfileAttributes(ctx context.Context, id int64, opts ...profiles.CallOption) ([]Attribute, error) {
	p, err := getProfile[struct {
		Attributes []attributeWire `json:"attributes"`
	}](ctx, c, "GetProfileAttributes", "/loy/profiles/{id}/attributes.json", id, opts)
	if err != nil {
		return nil, err
	}
	return orEmpty(convert(p.Attributes, attributeWire.attribute)), nil
}

// getProfile GETs a profile's route and decodes the answer's "profile"
// member into a T, failing when the member is absent or null.
func getProfile[T any](ctx context.Context, c *Client, op, route string, id int64, opts []profiles.CallOption) (*T, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	var out struct {
		Profile *T `json:"profile"`
	}
	call := &rest.Call{Operation: op, Method: http.MethodGet, Route: route, Args: []any{id}, Safety: rest.Idempotent, Out: &out,
		Check: func(int) error { return needMember(out.Profile != nil, "profile") }}
	if _, err := c.core().Do(ctx, call, opts...); err != nil {
		return nil, err
	}
	return out.Profile, nil
}

// orEmpty returns s, or an empty slice for nil.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// tagList decodes "A,B,C" text, or a JSON list of such texts, into tags.
type tagList []string

func (t *tagList) UnmarshalJSON(b []byte) error {
	var list []flex.String
	if b = bytes.TrimSpace(b); len(b) > 0 && b[0] == '[' {
		if err := json.Unmarshal(b, &list); err != nil {
			return err
		}
	} else {
		var text flex.String // the usual form, read without another scan
		if err := text.UnmarshalJSON(b); err != nil {
			return err
		}
		list = []flex.String{text}
	}
	*t = tagList{}
	for _, s := range list {
		*t = append(*t, SplitTags(string(s))...)
	}
	return nil
}

// SplitTags splits Haravan's comma-separated tag text, trimming spaces and
// dropping empty entries. It never returns nil.
func SplitTags(text string) []string {
	tags := []string{}
	for tag := range strings.SplitSeq(text, ",") {
		if tag = strings.TrimSpace(tag); tag != "" {
			tags = append(tags, tag)
		}
	}
	return tags
}

func checkID(id int64) error {
	if id <= 0 {
		return invalid("profile id %d is not positive", id)
	}
	return nil
}
