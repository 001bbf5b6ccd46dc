package haravan

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/profiles-sdk/profiles-go/internal/flex"
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
	// How Haravan sends it (RFC 3339), read straight from the bytes.
	if (*time.Time)(t).UnmarshalJSON(b) == nil {
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
