package haravantest

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/profiles-sdk/profiles-go/haravan"
)

type seeded struct {
	profile haravan.Profile
	tags    []string
}

func documentedProfiles() []seeded {
	at := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			panic(err)
		}
		return t
	}
	ptr := func(t time.Time) *time.Time { return &t }
	johnTerry := haravan.Profile{
		ID: JohnTerryID, FirstName: "John", LastName: "Terry", Phone: "0909977921",
		Email: "john.terry@example.com", Gender: haravan.GenderMale,
		Birthday: ptr(time.Date(1901, 1, 1, 0, 0, 0, 0, time.UTC)),
		Address:  "Số 1 đường Nguyễn Huệ", CountryCode: "VN", CountryName: "Viet Nam",
		ProvinceCode: "HC", ProvinceName: "Hồ Chí Minh", DistrictCode: "HC466", DistrictName: "Quận 1",
		WardCode: "Quận 1", WardName: "Phường Bến Thành",
		PointUsed: 900, PointAvailable: 100, PointIncoming: 0, PointRanking: 10000,
		LevelID: 2020, LevelName: "Member", TotalSpent: 1000000, TotalOrder: 5,
		Status:      haravan.StatusEnabled,
		Attributes:  []haravan.Attribute{{ID: 207119551, Key: "ref_id", Value: "1010"}},
		LastOrderAt: ptr(at("2020-05-08T04:08:06.000000Z")),
		CreatedAt:   at("2020-05-08T04:08:06.000000Z"), UpdatedAt: at("2020-05-08T04:08:06.000000Z"),
	}
	test := haravan.Profile{
		ID: TestID, LastName: "test", Gender: haravan.GenderUnknown, ProfileCardNumber: "100006037116",
		Email: "customerkh@example.com", CountryCode: "vn", CountryName: "Vietnam",
		PointUsed: 900, PointAvailable: 6100, PointRanking: 10350, PointIncoming: 0,
		LevelID: 2106, LevelName: "Member", TotalSpent: 1035000, TotalOrder: 6,
		Status: haravan.StatusEnabled,
		Attributes: []haravan.Attribute{
			{ID: 1210, Key: "ref_id", Value: "1010"},
			{ID: 1211, Key: "customer_level_prev_id", Value: "2991"},
		},
		LastOrderAt: ptr(at("2020-05-08T04:08:06.000000Z")),
		CreatedAt:   at("2020-04-15T09:28:57.000000Z"), UpdatedAt: at("2020-07-21T08:33:36.000000Z"),
	}
	return []seeded{
		{profile: johnTerry},
		{profile: test, tags: []string{"MUA_HANG_KM", "Online", "Facebook"}},
	}
}

var (
	familyNames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ"}
	givenNames  = []string{"An", "Bình", "Chi", "Dũng", "Hà", "Khánh", "Linh", "Minh"}
	provinces   = [][2]string{{"HC", "Hồ Chí Minh"}, {"HN", "Hà Nội"}, {"DN", "Đà Nẵng"}}
	genders     = []haravan.Gender{haravan.GenderFemale, haravan.GenderMale, haravan.GenderUnknown}
)

// generated returns the i-th generated profile: deterministic, updated one
// hour after the previous one from 2024-01-01, every third one without a
// birthday and every fifth one disabled.
func generated(i int) haravan.Profile {
	updated := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
	prov := provinces[i%len(provinces)]
	p := haravan.Profile{
		ID:                FirstGeneratedID + int64(i),
		FirstName:         givenNames[i%len(givenNames)],
		LastName:          familyNames[i%len(familyNames)],
		Phone:             fmt.Sprintf("09%08d", 10000000+i),
		Email:             fmt.Sprintf("khach%03d@example.com", i+1),
		Gender:            genders[i%len(genders)],
		ProfileCardNumber: fmt.Sprintf("1000060%05d", 38000+i),
		CountryCode:       "VN",
		CountryName:       "Viet Nam",
		ProvinceCode:      prov[0],
		ProvinceName:      prov[1],
		PointAvailable:    int64(100 * (i%7 + 1)),
		PointRanking:      int64(1000 * (i%5 + 1)),
		LevelID:           2020,
		LevelName:         "Member",
		TotalSpent:        int64(150000 * (i%9 + 1)),
		TotalOrder:        int64(i%9 + 1),
		Status:            haravan.StatusEnabled,
		CreatedAt:         updated.Add(-24 * time.Hour),
		UpdatedAt:         updated,
	}
	if i%3 != 0 {
		b := time.Date(1980+i%25, time.Month(i%12+1), i%28+1, 0, 0, 0, 0, time.UTC)
		p.Birthday = &b
	}
	if i%5 == 4 {
		p.Status = haravan.StatusDisabled
	}
	if i%2 == 0 {
		last := updated.Add(-time.Hour)
		p.LastOrderAt = &last
	}
	return p
}

// PointRecord is one applied point change, kept so that a test can check
// that a change was applied exactly once, or find it by RefID.
type PointRecord struct {
	ProfileID int64
	Op        string // "add" or "subtract"
	Value     int64
	Reason    string
	RefID     string
	At        time.Time
}

// seed returns the state NewServer starts with: the documentation's
// profiles, the generated ones and the default credentials.
func seed() state {
	st := state{
		profiles:   map[int64]*haravan.Profile{},
		tags:       map[int64]string{},
		token:      defaultToken,
		now:        time.Now,
		nextAttrID: 300000000,
		bucketSize: bucketSize,
		leakRate:   leakRate,
	}
	for _, p := range documentedProfiles() {
		st.store(p.profile, p.tags)
	}
	for i := range GeneratedCount {
		st.store(generated(i), nil)
	}
	return st
}

// SetProfile stores p (replacing a profile with the same id), with the
// given tags. A zero CreatedAt or UpdatedAt is set to the clock's time.
func (s *Server) SetProfile(p haravan.Profile, tags ...string) {
	s.st.With(func(st *state) { st.store(p, tags) })
}

func (st *state) store(p haravan.Profile, tags []string) {
	now := st.now().UTC()
	if p.CreatedAt.IsZero() {
		p.CreatedAt = now
	}
	if p.UpdatedAt.IsZero() {
		p.UpdatedAt = now
	}
	if p.Status == "" {
		p.Status = haravan.StatusEnabled
	}
	p.Attributes = append([]haravan.Attribute(nil), p.Attributes...)
	st.profiles[p.ID] = &p
	st.tags[p.ID] = strings.Join(tags, ",")
}

// Profile returns a copy of a stored profile, and whether there is one.
func (s *Server) Profile(id int64) (haravan.Profile, bool) {
	var p haravan.Profile
	var ok bool
	s.st.With(func(st *state) {
		if stored, found := st.profiles[id]; found {
			p, ok = copyProfile(stored), true
		}
	})
	return p, ok
}

// RemoveProfile deletes a profile; later calls for it answer 404.
func (s *Server) RemoveProfile(id int64) {
	s.st.With(func(st *state) {
		delete(st.profiles, id)
		delete(st.tags, id)
	})
}

// ProfileCount returns how many profiles the server holds.
func (s *Server) ProfileCount() int {
	var n int
	s.st.With(func(st *state) { n = len(st.profiles) })
	return n
}

// PointHistory returns every point change applied to the profile, oldest
// first; id 0 returns those of every profile.
func (s *Server) PointHistory(id int64) []PointRecord {
	var out []PointRecord
	s.st.With(func(st *state) {
		for _, r := range st.history {
			if id == 0 || r.ProfileID == id {
				out = append(out, r)
			}
		}
	})
	return out
}

// sortedIDs returns the stored ids in ascending order.
func (st *state) sortedIDs() []int64 {
	ids := make([]int64, 0, len(st.profiles))
	for id := range st.profiles {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

func copyProfile(p *haravan.Profile) haravan.Profile {
	c := *p
	c.Attributes = append([]haravan.Attribute(nil), p.Attributes...)
	if p.Attributes != nil && c.Attributes == nil {
		c.Attributes = []haravan.Attribute{}
	}
	return c
}
