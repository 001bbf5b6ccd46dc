package haravan

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// PointChange is an amount of points to add to or subtract from a profile.
// Value must be positive. Reason is the text the shop's admin shows beside
// the change. RefID is your own reference for the change (an order number,
// a game round): always set one and record it before the call, since a
// change whose answer was lost is not sent again (see AddPoints).
type PointChange struct {
	Value  int64  `json:"value"`
	Reason string `json:"reason"`
	RefID  string `json:"ref_id"`
}

// AddPoints adds points to a profile's available points (PUT
// /loy/profiles/{id}/points/add.json) and returns the profile as it is
// afterwards. It needs the loy.write_profiles scope.
//
// Wire: the body is {"point": {"value": 10, "reason": "...", "ref_id": "..."}};
// a 200 answer is the bare profile, {"id": 632910392, ...}, as Haravan
// documents it (and as haravantest answers); {"profile": {...}} is read too.
//
// Moves value: it is retried only when Haravan certainly did not process it
// (nothing was sent, or a 429 answer), and a redirect is never followed.
// After an ambiguous failure (a 5xx or a 301/302/303 answer, a connection
// lost after sending, a timeout, a success answer that cannot be read)
// nothing is sent again, so points are never added twice, and the error
// matches ErrOutcomeUnknown. Haravan's API has no call that lists a
// profile's point changes, and the SDK offers none: before trying again
// yourself, compare the profile's PointAvailable (GetProfile) with what
// your own records of changes expect, or have someone look at the
// profile's point history in the shop's admin (put your reference in
// Reason to find it there).
// Haravan docs: https://docs.haravan.com/docs/loyalty-apis/profiles/
func (c *Client) AddPoints(ctx context.Context, id int64, change PointChange, opts ...profiles.CallOption) (*Profile, error) {
	return c.movePoints(ctx, "AddPoints", id, "add", change, opts)
}

// SubtractPoints takes points from a profile's available points (PUT
// /loy/profiles/{id}/points/subtract.json) and returns the profile as it is
// afterwards. Taking more than the profile has is refused by Haravan (422,
// ErrUnprocessable). It needs the loy.write_profiles scope.
//
// Wire: the same body and answer as AddPoints: {"point": {...}} in, the
// bare profile out.
//
// Moves value: retried only after a dial error or a 429 answer, never after
// an ambiguous failure; see AddPoints, and always set change.RefID.
// Haravan docs: https://docs.haravan.com/docs/loyalty-apis/profiles/
func (c *Client) SubtractPoints(ctx context.Context, id int64, change PointChange, opts ...profiles.CallOption) (*Profile, error) {
	return c.movePoints(ctx, "SubtractPoints", id, "subtract", change, opts)
}

func (c *Client) movePoints(ctx context.Context, name string, id int64, op string, change PointChange, opts []profiles.CallOption) (*Profile, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	if change.Value <= 0 {
		return nil, invalid("PointChange.Value %d is not positive", change.Value)
	}
	if !utf8.ValidString(change.Reason) || !utf8.ValidString(change.RefID) {
		return nil, invalid("PointChange.Reason and RefID must be valid UTF-8")
	}
	send := func() (*Profile, error) { return c.sendPoints(ctx, name, id, op, change, opts) }
	if c == nil || c.ledger == nil {
		return send()
	}
	if change.RefID == "" {
		return nil, invalid("PointChange.RefID is empty: a client with a ledger needs one")
	}
	entry := LedgerEntry{RefID: change.RefID, ProfileID: id, Op: op, Value: change.Value, Reason: change.Reason, ClaimedAt: time.Now().UTC()}
	return c.sendClaimed(ctx, name, entry, send)
}

func (c *Client) sendPoints(ctx context.Context, name string, id int64, op string, change PointChange, opts []profiles.CallOption) (*Profile, error) {
	body := struct {
		Point PointChange `json:"point"`
	}{change}
	var out pointsAnswer
	call := &rest.Call{Operation: name, Method: http.MethodPut, Route: "/loy/profiles/{id}/points/" + op + ".json", Args: []any{id},
		Body: body, Safety: rest.MovesValue, Out: &out,
		Check: func(int) error { return needMember(out.profile != nil, "id") }}
	if _, err := c.core().Do(ctx, call, opts...); err != nil {
		return nil, err
	}
	return out.profile, nil
}

// pointsAnswer reads the bare profile the points endpoints answer, or a
// {"profile": {...}} envelope like the reads'.
type pointsAnswer struct{ profile *Profile }

func (a *pointsAnswer) UnmarshalJSON(b []byte) error {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(b, &probe); err != nil {
		return err
	}
	if probe["id"] == nil {
		b = probe["profile"]
		if b == nil || bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
			return nil
		}
	}
	a.profile = new(Profile)
	return json.Unmarshal(b, a.profile)
}
