package olx

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// TimeLayout is OLX's timestamp layout: milliseconds and an offset without
// a colon (2019-11-12T23:00:00.000+0000), which is not RFC 3339.
const TimeLayout = "2006-01-02T15:04:05.000-0700"

// ParseTime reads a timestamp in OLX's layout, with or without
// milliseconds, with "Z" or a numeric offset, or in RFC 3339.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	// On parsing, Go accepts fractional seconds after "05" even when the
	// layout has none, and "Z0700" accepts both "Z" and "+0000".
	if t, err := time.Parse("2006-01-02T15:04:05Z0700", s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("olx: unrecognised timestamp %q (want %s or RFC 3339)", s, TimeLayout)
}

// stamp is a timestamp on the wire; a JSON null or "" decodes as a nil
// *stamp.
type stamp time.Time

func (s *stamp) UnmarshalJSON(data []byte) error {
	var text string
	if err := json.Unmarshal(data, &text); err != nil {
		return fmt.Errorf("olx: timestamp must be a string, got %.40s", data)
	}
	if strings.TrimSpace(text) == "" {
		return nil // the zero time, which time() reports as nil
	}
	t, err := ParseTime(text)
	if err != nil {
		return err
	}
	*s = stamp(t)
	return nil
}

func (s *stamp) MarshalJSON() ([]byte, error) {
	t := time.Time(*s)
	layout := TimeLayout
	if t.Nanosecond()%int(time.Millisecond) != 0 {
		layout = time.RFC3339Nano // keep what the vendor layout would drop
	}
	return json.Marshal(t.Format(layout))
}

// time returns the decoded time, nil for null or an empty string.
func (s *stamp) time() *time.Time {
	if s == nil {
		return nil
	}
	t := time.Time(*s)
	if t.IsZero() {
		return nil
	}
	return &t
}

func stampOf(t *time.Time) *stamp {
	if t == nil {
		return nil
	}
	s := stamp(*t)
	return &s
}
