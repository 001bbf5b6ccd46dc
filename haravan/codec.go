package haravan

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/profiles-sdk/profiles-go/internal/flex"
)

// timestampLayout is Haravan's, with six fractional digits.
const timestampLayout = "2006-01-02T15:04:05.000000Z07:00"

// timestamp is a point in time in Haravan's format.
type timestamp time.Time

// MarshalJSON writes null for the zero time, as Haravan does for a time it
// does not have.
func (t timestamp) MarshalJSON() ([]byte, error) {
	if time.Time(t).IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + time.Time(t).UTC().Format(timestampLayout) + `"`), nil
}

// UnmarshalJSON reads RFC 3339 with any fraction, and also the forms some
// Haravan endpoints use without a zone (taken as UTC; see flex.ParseTime).
// "" decodes as no time.
func (t *timestamp) UnmarshalJSON(b []byte) error {
	// Fast path for RFC 3339, what Haravan sends: no copy into a string.
	if len(b) > 0 && b[0] == '"' {
		var v time.Time
		if v.UnmarshalJSON(b) == nil {
			*t = timestamp(v)
			return nil
		}
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

// MarshalJSON writes null for the zero time, as Haravan does for an
// unknown birthday.
func (d date) MarshalJSON() ([]byte, error) {
	if time.Time(d).IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + time.Time(d).Format(time.DateOnly) + `"`), nil
}

// UnmarshalJSON reads YYYY-MM-DD, and a full timestamp as its day.
func (d *date) UnmarshalJSON(b []byte) error {
	s, err := flex.Text(b)
	if err != nil {
		return fmt.Errorf("haravan: date: %w", err)
	}
	s = strings.TrimSpace(s)
	if s == "" {
		*d = date{}
		return nil
	}
	if v, err := time.Parse(time.DateOnly, s); err == nil {
		*d = date(v)
		return nil
	}
	var ts timestamp
	if err := ts.UnmarshalJSON(b); err != nil {
		return errors.New("haravan: birthday " + strconv.Quote(s) + " is not a YYYY-MM-DD date")
	}
	y, m, day := time.Time(ts).Date()
	*d = date(time.Date(y, m, day, 0, 0, 0, 0, time.UTC))
	return nil
}

// timeOrZero is flex.TimeOrNil's inverse, from Profile's optional times to
// the wire's values, where the zero time stands for null.
func timeOrZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}
