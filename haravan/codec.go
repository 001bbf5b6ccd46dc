package haravan

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/profiles-sdk/profiles-go/internal/flex"
)

// Haravan's wire layouts. Timestamps are sent with six fractional digits;
// list filters are written with three, as the documentation shows.
const (
	timestampLayout = "2006-01-02T15:04:05.000000Z07:00"
	filterLayout    = "2006-01-02T15:04:05.000Z07:00"
	dateLayout      = "2006-01-02"
)

// flexInt is an integer sent as a number or a numeric string ("id" is
// documented as a string); null is 0. It encodes as a number.
type flexInt = flex.Int

// flexString is text sent as a string or a number; null is "".
type flexString = flex.String

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
	// Fast path: RFC 3339, which is what Haravan sends, read from the bytes
	// without copying them into a string. Anything else takes the long way.
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
	return []byte(`"` + time.Time(d).Format(dateLayout) + `"`), nil
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
	if v, err := time.Parse(dateLayout, s); err == nil {
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
