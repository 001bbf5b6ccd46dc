package haravan

import (
	"strconv"
	"testing"
	"time"
)

// TestTimestampAgreesWithRFC3339: the decoder gives time.Parse's time, zone
// included, for every RFC 3339 form Haravan sends.
func TestTimestampAgreesWithRFC3339(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"2020-07-21T08:33:36.000000Z",
		"2020-07-21T08:33:36.123456Z",
		"2020-05-08T11:08:06+07:00",
		"2020-05-08T11:08:06.5-03:30",
		"2021-10-20T14:07:45.084Z",
		"2020-02-29T00:00:00Z",
	} {
		var got timestamp
		if err := got.UnmarshalJSON([]byte(strconv.Quote(s))); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		want, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		if !time.Time(got).Equal(want) || time.Time(got).Location().String() != want.Location().String() {
			t.Errorf("%s: got %v, want %v", s, time.Time(got), want)
		}
		_, gotOff := time.Time(got).Zone()
		_, wantOff := want.Zone()
		if gotOff != wantOff {
			t.Errorf("%s: offset %d, want %d", s, gotOff, wantOff)
		}
	}
	// Forms beside RFC 3339.
	for _, s := range []string{`"2020-07-21 08:33:36"`, `"2020-07-21T08:33:36"`, `" 2020-07-21T08:33:36Z "`, `""`, `null`} {
		var got timestamp
		if err := got.UnmarshalJSON([]byte(s)); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
}
