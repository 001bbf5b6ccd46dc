package aktiv

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// unixSeconds is the vendor's date: whole seconds since 1970 in UTC, with 0
// meaning "none".
type unixSeconds int64

func (u *unixSeconds) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if string(data) == "null" {
		*u = 0
		return nil
	}
	if len(data) > 0 && data[0] == '"' {
		// A quoted number is read too: the page does not promise the type.
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
		data = []byte(s)
	}
	n, err := strconv.ParseInt(string(data), 10, 64)
	if err != nil {
		return fmt.Errorf("aktiv: date %q is not whole Unix seconds", truncate(data, 32))
	}
	*u = unixSeconds(n)
	return nil
}

// time returns the date, or nil for 0.
func (u unixSeconds) time() *time.Time {
	if u == 0 {
		return nil
	}
	t := time.Unix(int64(u), 0).UTC()
	return &t
}

// timeOrZero returns the date, or the zero time for 0.
func (u unixSeconds) timeOrZero() time.Time {
	if t := u.time(); t != nil {
		return *t
	}
	return time.Time{}
}

// toUnix encodes t, sending 0 for nil and the zero time.
func toUnix(t *time.Time) unixSeconds {
	if t == nil || t.IsZero() {
		return 0
	}
	return unixSeconds(t.Unix())
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "..."
	}
	return string(b)
}
