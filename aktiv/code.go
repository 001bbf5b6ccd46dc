package aktiv

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// Code is a 32-bit Guardant dongle access code. In JSON it is the vendor's
// hexadecimal string ("0x5191758c", "0xe1e1e1e"); String gives the
// fixed-width form "0x0e1e1e1e".
type Code uint32

// ErrInvalidCode is matched by errors.Is when a text is not an access code.
var ErrInvalidCode = errors.New("aktiv: invalid access code")

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

// PrivateCodes are a vendor's secret master, read and write access codes.
// They never print: every fmt verb, log/slog handler and encoding/json
// write aktiv.PrivateCodes{Master:[redacted], Read:[redacted],
// Write:[redacted]} in their place, also inside an AccessCode, a slice or a
// map. Read the fields, or call Reveal, where a code is needed. JSON
// decoding reads the vendor's codes, but the redacted JSON does not decode
// back: to store the codes, encode what Reveal returns.
type PrivateCodes struct {
	Master Code `json:"mastervalue"`
	Read   Code `json:"readvalue"`
	Write  Code `json:"writevalue"`
}

// Reveal returns the codes themselves.
func (p PrivateCodes) Reveal() (master, read, write Code) { return p.Master, p.Read, p.Write }

// String returns the redacted form; a zero code is redacted too.
func (p PrivateCodes) String() string {
	return rest.RedactedStruct("aktiv.PrivateCodes",
		rest.Field{Name: "Master", Value: p.Master.String()},
		rest.Field{Name: "Read", Value: p.Read.String()},
		rest.Field{Name: "Write", Value: p.Write.String()},
	)
}

// AccessCode is one of a vendor's access-code sets. Private is nil unless
// the user has the Administrator or Developer role: the vendor sends it to
// no one else.
type AccessCode struct {
	ID      int           `json:"_id"`
	Private *PrivateCodes `json:"private,omitempty"`
	Public  PublicCode    `json:"public"`
}

// LogValue keeps the private codes out of log/slog output, JSON handlers
// included.
func (a AccessCode) LogValue() slog.Value {
	attrs := []slog.Attr{slog.Int("id", a.ID)}
	if a.Private != nil {
		attrs = append(attrs, slog.Any("private", *a.Private))
	}
	return slog.GroupValue(append(attrs,
		slog.String("public_text", a.Public.Text), slog.String("public_value", a.Public.Value.String()))...)
}

// PublicCode is an access code that may be shown: the text the dongle's
// public code was made from, and its value.
type PublicCode struct {
	Text  string `json:"text"`
	Value Code   `json:"value"`
}
