package haravan_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go/haravan"
)

func ptrTime(t time.Time) *time.Time { return &t }

// johnTerry is the documentation's profile resource, before any change.
func johnTerry(t testing.TB, available int64) haravan.Profile {
	ts := mustTime(t, "2020-05-08T04:08:06.000000Z")
	return haravan.Profile{
		ID: 632910392, FirstName: "John", LastName: "Terry", Phone: "0909977921",
		Email: "[email protected]", Gender: haravan.GenderMale,
		Birthday:    ptrTime(time.Date(1901, 1, 1, 0, 0, 0, 0, time.UTC)),
		Address:     "Số 1 đường Nguyễn Huệ",
		CountryCode: "VN", CountryName: "Viet Nam", ProvinceCode: "HC", ProvinceName: "Hồ Chí Minh",
		DistrictCode: "HC466", DistrictName: "Quận 1", WardCode: "Quận 1", WardName: "Phường Bến Thành",
		PointUsed: 900, PointAvailable: available, PointIncoming: 0, PointRanking: 10000,
		LevelID: 2020, LevelName: "Member", TotalSpent: 1000000, TotalOrder: 5,
		Status:      haravan.StatusEnabled,
		Attributes:  []haravan.Attribute{{ID: 207119551, Key: "ref_id", Value: "1010"}},
		LastOrderAt: ptrTime(ts), CreatedAt: ts, UpdatedAt: ts,
	}
}

// testProfile is the documentation's list and single-profile example.
func testProfile(t testing.TB) haravan.Profile {
	return haravan.Profile{
		ID: 360455, FirstName: "", LastName: "test", Gender: haravan.GenderUnknown, Birthday: nil,
		ProfileCardNumber: "100006037116", Phone: "", Email: "[email protected]", Address: "",
		CountryCode: "vn", CountryName: "Vietnam",
		PointUsed: 900, PointAvailable: 6100, PointRanking: 10350, PointIncoming: 0,
		LevelID: 2106, LevelName: "Member", TotalSpent: 1035000, TotalOrder: 6,
		Status:      haravan.StatusEnabled,
		LastOrderAt: ptrTime(mustTime(t, "2020-05-08T04:08:06.000000Z")),
		CreatedAt:   mustTime(t, "2020-04-15T09:28:57.000000Z"),
		UpdatedAt:   mustTime(t, "2020-07-21T08:33:36.000000Z"),
	}
}

// equalProfile compares every field, times by instant.
func equalProfile(t *testing.T, got, want haravan.Profile) {
	t.Helper()
	eqTime := func(name string, a, b *time.Time) {
		if (a == nil) != (b == nil) || a != nil && !a.Equal(*b) {
			t.Errorf("%s = %v, want %v", name, a, b)
		}
	}
	eqTime("Birthday", got.Birthday, want.Birthday)
	eqTime("LastOrderAt", got.LastOrderAt, want.LastOrderAt)
	eqTime("CreatedAt", &got.CreatedAt, &want.CreatedAt)
	eqTime("UpdatedAt", &got.UpdatedAt, &want.UpdatedAt)
	got.Birthday, got.LastOrderAt, want.Birthday, want.LastOrderAt = nil, nil, nil, nil
	got.CreatedAt, got.UpdatedAt, want.CreatedAt, want.UpdatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("profile\n got %+v\nwant %+v", got, want)
	}
}

func TestDecodeProfileResource(t *testing.T) {
	t.Parallel()
	var p haravan.Profile
	if err := json.Unmarshal([]byte(testdata(t, "profile_resource.json")), &p); err != nil {
		t.Fatal(err)
	}
	equalProfile(t, p, johnTerry(t, 100))
	if p.CreatedAt.Location() != time.UTC {
		t.Errorf("CreatedAt location = %v", p.CreatedAt.Location())
	}
}

func TestDecodeDocExamplesThroughClient(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("list", func(t *testing.T) {
		t.Parallel()
		got, err := newClient(t, newRecorder(t, 200, nil, testdata(t, "list_profiles.json")).URL).ListProfiles(ctx, &haravan.ListProfilesOptions{Page: 1})
		if err != nil || len(got) != 1 {
			t.Fatalf("got %v, %v", got, err)
		}
		equalProfile(t, *got[0], testProfile(t))
	})
	t.Run("get", func(t *testing.T) {
		t.Parallel()
		got, err := newClient(t, newRecorder(t, 200, nil, testdata(t, "get_profile.json")).URL).GetProfile(ctx, 360455)
		if err != nil {
			t.Fatal(err)
		}
		equalProfile(t, *got, testProfile(t))
	})
	t.Run("tags", func(t *testing.T) {
		t.Parallel()
		got, err := newClient(t, newRecorder(t, 200, nil, testdata(t, "profile_tags.json")).URL).GetProfileTags(ctx, 360455)
		if err != nil || !reflect.DeepEqual(got, []string{"MUA_HANG_KM", "Online", "Facebook"}) {
			t.Fatalf("got %q, %v", got, err)
		}
	})
	t.Run("attributes", func(t *testing.T) {
		t.Parallel()
		got, err := newClient(t, newRecorder(t, 200, nil, testdata(t, "profile_attributes.json")).URL).GetProfileAttributes(ctx, 360455)
		want := []haravan.Attribute{{ID: 1210, Key: "ref_id", Value: "1010"}, {ID: 1211, Key: "customer_level_prev_id", Value: "2991"}}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("got %+v, %v", got, err)
		}
	})
	for _, tt := range []struct {
		file      string
		available int64
	}{{"add_points_response.json", 110}, {"subtract_points_response.json", 100}} {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			got, err := newClient(t, newRecorder(t, 200, nil, testdata(t, tt.file)).URL).AddPoints(ctx, 632910392, haravan.PointChange{Value: 10, RefID: "r"})
			if err != nil {
				t.Fatal(err)
			}
			equalProfile(t, *got, johnTerry(t, tt.available))
		})
	}
}

func TestDecodePointRequests(t *testing.T) {
	t.Parallel()
	for file, want := range map[string]haravan.PointChange{
		"add_points_request.json":      {Value: 10, Reason: "Mini game quay số 11/11", RefID: ""},
		"subtract_points_request.json": {Value: 10, Reason: "Dùng điểm ở KOV mã ĐH #001234", RefID: "1234"},
	} {
		var body struct{ Point haravan.PointChange }
		if err := json.Unmarshal([]byte(testdata(t, file)), &body); err != nil {
			t.Fatal(err)
		}
		if body.Point != want {
			t.Errorf("%s: %+v, want %+v", file, body.Point, want)
		}
	}
}

// TestProfileRoundTrip encodes the documentation's profiles back and gets
// the same JSON the vendor sent.
func TestProfileRoundTrip(t *testing.T) {
	t.Parallel()
	for _, file := range []string{"profile_resource.json", "add_points_response.json", "subtract_points_response.json"} {
		raw := testdata(t, file)
		var p haravan.Profile
		if err := json.Unmarshal([]byte(raw), &p); err != nil {
			t.Fatal(err)
		}
		assertSameJSON(t, file, raw, p)
	}
	var list struct{ Profiles []haravan.Profile }
	if err := json.Unmarshal([]byte(testdata(t, "list_profiles.json")), &list); err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, "list_profiles.json", testdata(t, "list_profiles.json"), map[string]any{"profiles": list.Profiles})
}

func assertSameJSON(t *testing.T, name, want string, v any) {
	t.Helper()
	got, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	if err := json.Unmarshal(got, &a); err != nil {
		t.Fatal(err)
	}
	_ = json.Unmarshal([]byte(want), &b)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("%s: round trip differs\n got %s\nwant %s", name, got, want)
	}
}

// TestEncodeAbsentValues: what Haravan sends as null encodes as null, and
// attributes tell nil (absent, as in a list without them) from empty ([]).
func TestEncodeAbsentValues(t *testing.T) {
	t.Parallel()
	zero := time.Time{}
	tests := []struct {
		name string
		p    haravan.Profile
		want map[string]any // members checked; nil means absent
	}{
		{"zero profile", haravan.Profile{}, map[string]any{
			"gender": nil, "birthday": nil, "last_order_at": nil, "created_at": nil, "updated_at": nil}},
		{"zero times behind pointers", haravan.Profile{Birthday: &zero, LastOrderAt: &zero}, map[string]any{
			"birthday": nil, "last_order_at": nil}},
		{"empty attributes", haravan.Profile{Attributes: []haravan.Attribute{}}, map[string]any{"attributes": []any{}}},
		{"values", haravan.Profile{Gender: haravan.GenderFemale, ProfileCardNumber: "12"}, map[string]any{
			"gender": "female", "profile_card_number": "12"}},
	}
	for _, tc := range tests {
		b, err := json.Marshal(tc.p)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		for k, want := range tc.want {
			got, present := m[k]
			if !present || !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %s = %#v (present %v), want %#v in %s", tc.name, k, got, present, want, b)
			}
		}
		if tc.p.Attributes == nil {
			if _, present := m["attributes"]; present {
				t.Errorf("%s: nil attributes encoded: %s", tc.name, b)
			}
		}
		if tc.p.ProfileCardNumber == "" {
			if _, present := m["profile_card_number"]; present {
				t.Errorf("%s: empty card number encoded: %s", tc.name, b)
			}
		}
	}
}

func TestDecodeQuirks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		json  string
		check func(t *testing.T, p haravan.Profile)
	}{
		{"id as string", `{"id":"632910392"}`, func(t *testing.T, p haravan.Profile) {
			if p.ID != 632910392 {
				t.Errorf("ID = %d", p.ID)
			}
		}},
		{"documented unknow", `{"gender":"unknow"}`, func(t *testing.T, p haravan.Profile) {
			if p.Gender != haravan.GenderUnknown {
				t.Errorf("Gender = %q", p.Gender)
			}
		}},
		{"sent unknown", `{"gender":"unknown"}`, func(t *testing.T, p haravan.Profile) {
			if p.Gender != haravan.GenderUnknown {
				t.Errorf("Gender = %q", p.Gender)
			}
		}},
		{"nulls", `{"gender":null,"birthday":null,"last_order_at":null,"created_at":null,"first_name":null,"point_used":null}`, func(t *testing.T, p haravan.Profile) {
			if p.Gender != "" || p.Birthday != nil || p.LastOrderAt != nil || !p.CreatedAt.IsZero() || p.FirstName != "" || p.PointUsed != 0 {
				t.Errorf("nulls decoded as %+v", p)
			}
		}},
		{"empty date strings", `{"birthday":"","last_order_at":""}`, func(t *testing.T, p haravan.Profile) {
			if p.Birthday != nil || p.LastOrderAt != nil {
				t.Errorf("empty dates decoded as %v, %v", p.Birthday, p.LastOrderAt)
			}
		}},
		{"six fractional digits kept", `{"updated_at":"2020-07-21T08:33:36.123456Z"}`, func(t *testing.T, p haravan.Profile) {
			if p.UpdatedAt.Nanosecond() != 123456000 {
				t.Errorf("UpdatedAt = %v", p.UpdatedAt)
			}
			b, _ := json.Marshal(p)
			var m map[string]any
			_ = json.Unmarshal(b, &m)
			if m["updated_at"] != "2020-07-21T08:33:36.123456Z" {
				t.Errorf("encoded updated_at = %v", m["updated_at"])
			}
		}},
		{"offset timestamp encodes in UTC", `{"created_at":"2020-05-08T11:08:06+07:00"}`, func(t *testing.T, p haravan.Profile) {
			b, _ := json.Marshal(p)
			var m map[string]any
			_ = json.Unmarshal(b, &m)
			if m["created_at"] != "2020-05-08T04:08:06.000000Z" {
				t.Errorf("encoded created_at = %v", m["created_at"])
			}
		}},
		{"whole float points", `{"point_available":6100.0,"total_spent":"1035000"}`, func(t *testing.T, p haravan.Profile) {
			if p.PointAvailable != 6100 || p.TotalSpent != 1035000 {
				t.Errorf("points = %d, spent = %d", p.PointAvailable, p.TotalSpent)
			}
		}},
		{"vietnamese text", `{"address":"Số 1 đường Nguyễn Huệ","ward_name":"Phường Bến Thành"}`, func(t *testing.T, p haravan.Profile) {
			if p.Address != "Số 1 đường Nguyễn Huệ" || p.WardName != "Phường Bến Thành" {
				t.Errorf("text = %q, %q", p.Address, p.WardName)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var p haravan.Profile
			if err := json.Unmarshal([]byte(tt.json), &p); err != nil {
				t.Fatal(err)
			}
			tt.check(t, p)
		})
	}
}

func TestDecodeRejects(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{
		`{"id":"abc"}`, `{"id":1.5}`, `{"id":99999999999999999999}`,
		`{"birthday":"01/01/1901"}`, `{"created_at":"yesterday"}`, `{"first_name":{}}`, `[]`,
	} {
		var p haravan.Profile
		if err := json.Unmarshal([]byte(bad), &p); err == nil {
			t.Errorf("%s decoded without error: %+v", bad, p)
		}
	}
}

func TestSplitTags(t *testing.T) {
	t.Parallel()
	for in, want := range map[string][]string{
		"":                            {},
		" , ,":                        {},
		"MUA_HANG_KM,Online,Facebook": {"MUA_HANG_KM", "Online", "Facebook"},
		" Khách VIP , Online ":        {"Khách VIP", "Online"},
	} {
		if got := haravan.SplitTags(in); !reflect.DeepEqual(got, want) {
			t.Errorf("SplitTags(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTagsAndAttributesEmpty(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for body, wantLen := range map[string]int{
		`{"profile":{"tags":""}}`:          0,
		`{"profile":{"tags":null}}`:        0,
		`{"profile":{"tags":["a","b,c"]}}`: 3,
	} {
		got, err := newClient(t, newRecorder(t, 200, nil, body).URL).GetProfileTags(ctx, 1)
		if err != nil || got == nil || len(got) != wantLen {
			t.Errorf("%s: got %#v, %v", body, got, err)
		}
	}
	attrs, err := newClient(t, newRecorder(t, 200, nil, `{"profile":{"attributes":null}}`).URL).GetProfileAttributes(ctx, 1)
	if err != nil || attrs == nil || len(attrs) != 0 {
		t.Errorf("attributes: %#v, %v", attrs, err)
	}
}
