package aktiv

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// GetAccessCodes returns the vendor's access codes; they are the same for
// every user of a vendor. AccessCode.Private is nil unless the user has the
// Administrator or Developer role.
//
// GET /v1.0/profile/accesscodes; the answer is {"accesscodes": [{...}, ...]}.
// Idempotent: retried on connection errors, 429, 502, 503 and 504. Vendor doc: the "Profile" page at https://dev.guardant.ru.
func (c *Client) GetAccessCodes(ctx context.Context, opts ...profiles.CallOption) ([]AccessCode, error) {
	var out struct {
		// nil when absent or null; [] decodes to an empty, non-nil slice.
		AccessCodes []AccessCode `json:"accesscodes"`
	}
	if err := c.get(ctx, "GetAccessCodes", "/v1.0/profile/accesscodes", &out, "accesscodes", func() bool { return out.AccessCodes != nil }, opts); err != nil {
		return nil, err
	}
	return out.AccessCodes, nil
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

// GoString is String, so that %#v redacts too.
func (p PrivateCodes) GoString() string { return p.String() }

// Format makes every fmt verb print String.
func (p PrivateCodes) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, p.String()) }

// LogValue makes log/slog print String.
func (p PrivateCodes) LogValue() slog.Value { return slog.StringValue(p.String()) }

// MarshalJSON encodes String, so that a nested PrivateCodes stays redacted.
func (p PrivateCodes) MarshalJSON() ([]byte, error) { return json.Marshal(p.String()) }
