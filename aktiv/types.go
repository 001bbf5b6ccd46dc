package aktiv

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/profiles-sdk/profiles-go/internal/flex"
)

// Code is a 32-bit Guardant dongle access code. In JSON it is the vendor's
// hexadecimal string ("0x5191758c", "0xe1e1e1e"); String gives the
// fixed-width form "0x0e1e1e1e".
type Code uint32

// ParseCode reads a hexadecimal access code: "0x" or "0X" followed by one
// or more hex digits (either case) whose value fits in 32 bits. The error
// never repeats the text, which may be a private code.
func ParseCode(s string) (Code, error) {
	if len(s) < 2 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') {
		return 0, fmt.Errorf("%w: want \"0x\" followed by hex digits", ErrInvalidCode)
	}
	if len(s) == 2 {
		return 0, fmt.Errorf("%w: no hex digits after \"0x\"", ErrInvalidCode)
	}
	v, err := strconv.ParseUint(s[2:], 16, 32)
	if errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("%w: value exceeds 32 bits", ErrInvalidCode)
	}
	if err != nil {
		return 0, fmt.Errorf("%w: not a hexadecimal number", ErrInvalidCode)
	}
	return Code(v), nil
}

// String returns the code as eight lowercase hex digits after "0x".
func (c Code) String() string { return fmt.Sprintf("0x%08x", uint32(c)) }

// MarshalText encodes the code as the vendor writes it: "0x" and lowercase
// hex digits without leading zeros.
func (c Code) MarshalText() ([]byte, error) {
	return []byte("0x" + strconv.FormatUint(uint64(c), 16)), nil
}

// UnmarshalText reads a code with ParseCode.
func (c *Code) UnmarshalText(text []byte) error {
	v, err := ParseCode(string(text))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// UnmarshalJSON reads the vendor's hex string. A plain JSON number from 0 to
// 4294967295 is accepted too; null leaves the code unchanged.
func (c *Code) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	switch {
	case string(data) == "null":
		return nil
	case len(data) > 0 && data[0] == '"':
		if text, ok := flex.Unquoted(data); ok {
			return c.UnmarshalText(text) // without copying the text
		}
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return fmt.Errorf("%w: %v", ErrInvalidCode, err)
		}
		return c.UnmarshalText([]byte(s))
	}
	v, err := strconv.ParseUint(string(data), 10, 32)
	if err != nil {
		return fmt.Errorf("%w: want a hex string or a number from 0 to 4294967295", ErrInvalidCode)
	}
	*c = Code(v)
	return nil
}

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
		if len(data) > 32 {
			data = append(data[:32:32], "..."...)
		}
		return fmt.Errorf("aktiv: date %q is not whole Unix seconds", data)
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
