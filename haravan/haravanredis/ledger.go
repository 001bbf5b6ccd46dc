package haravanredis

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
)

// Ledger is a haravan.Ledger in Redis, shared by every replica that builds
// one with the same shop name. It is safe for concurrent use.
//
// Each RefID is a hash under "haravan:ledger:{shop}:ref:" + RefID, and the
// unsettled ones (pending or unknown) are also in a sorted set,
// "haravan:ledger:{shop}:unsettled", by claim time. Every operation is one
// Lua script, so a claim (create the hash unless it exists) and every
// change of state are atomic; the {shop} hash tag keeps a shop's keys in
// one Redis Cluster slot.
//
// Unlike the Limiter, which paces calls in-process when Redis is lost, a
// Ledger never falls back: when Redis cannot confirm a claim, Claim fails
// and the client sends nothing. A claim this replica cannot see is a
// claim another replica may hold, and sending anyway could credit an order
// twice; a delayed credit is recoverable, a doubled one is not.
type Ledger struct {
	rdb       redis.Scripter
	prefix    string // "haravan:ledger:{shop}:"
	retention time.Duration
}

// NewLedger returns the Ledger of the shop in rdb (a *redis.Client,
// *redis.ClusterClient, *redis.Ring or other redis.Scripter). shop names
// the shop (its Haravan id or domain); every replica must use the same
// name. retention is how long an applied RefID is remembered: a RefID
// delivered again later is sent again. Make it outlast the longest time a
// RefID can come back (Haravan's webhook redelivery window, your own queue's
// retries), with room to spare: days, not minutes. Pending and unknown
// entries are kept until resolved, whatever the retention.
//
// Each call is bounded by its ctx (set ContextTimeoutEnabled on the
// go-redis client) and go-redis's own timeouts. Data in Redis is only as
// durable as Redis is: see RELIABILITY.md for what a lost Redis means.
func NewLedger(rdb redis.Scripter, shop string, retention time.Duration) (*Ledger, error) {
	switch {
	case rdb == nil:
		return nil, invalid("NewLedger: the Redis client is nil")
	case strings.TrimSpace(shop) == "":
		return nil, invalid("NewLedger: the shop is empty")
	case retention < time.Second:
		return nil, invalid("NewLedger: the retention %s is shorter than a second", retention)
	}
	return &Ledger{rdb: rdb, prefix: "haravan:ledger:{" + shop + "}:", retention: retention}, nil
}

var errZeroLedger = fmt.Errorf("haravanredis: %w: a Ledger must be built with NewLedger", profiles.ErrInvalidArgument)

// keys returns the RefID's hash and the shop's unsettled set.
func (l *Ledger) keys(refID string) []string {
	return []string{l.prefix + "ref:" + refID, l.prefix + "unsettled"}
}

// Claim implements haravan.Ledger. It fails when Redis does not confirm
// the claim, and the client then sends nothing.
func (l *Ledger) Claim(ctx context.Context, e haravan.LedgerEntry) (haravan.LedgerEntry, bool, error) {
	if l == nil || l.rdb == nil {
		return haravan.LedgerEntry{}, false, errZeroLedger
	}
	held, err := claimScript.Run(ctx, l.rdb, l.keys(e.RefID), e.RefID, e.ClaimedAt.UnixMilli(),
		e.ProfileID, e.Op, e.Value, e.Reason).StringSlice()
	if err == nil && len(held) != 0 && len(held) != entryFields {
		err = errUnexpected
	}
	if err != nil {
		return haravan.LedgerEntry{}, false, fmt.Errorf("haravanredis: claim not confirmed: %w", err)
	}
	if len(held) == 0 {
		e.State = haravan.RefPending
		return e, true, nil
	}
	return entryOf(e.RefID, held), false, nil
}

// Record implements haravan.Ledger.
func (l *Ledger) Record(ctx context.Context, refID string, outcome haravan.RefState) error {
	if err := haravan.CheckOutcome(outcome); err != nil {
		return err
	}
	return l.move(ctx, refID, outcome, haravan.RefPending)
}

// Resolve implements haravan.Ledger.
func (l *Ledger) Resolve(ctx context.Context, refID string, applied bool) error {
	to := haravan.RefReleased
	if applied {
		to = haravan.RefApplied
	}
	return l.move(ctx, refID, to, haravan.RefPending, haravan.RefUnknown)
}

func (l *Ledger) move(ctx context.Context, refID string, to haravan.RefState, from ...haravan.RefState) error {
	if l == nil || l.rdb == nil {
		return errZeroLedger
	}
	args := []any{refID, string(to), l.retention.Milliseconds()}
	for _, s := range from {
		args = append(args, string(s))
	}
	held, err := moveScript.Run(ctx, l.rdb, l.keys(refID), args...).Text()
	if err != nil {
		return fmt.Errorf("haravanredis: recording RefID %q as %s: %w", refID, to, err)
	}
	return haravan.CheckMove(refID, haravan.RefState(held), held != "", from...)
}

// Unsettled implements haravan.Ledger: the pending and unknown entries,
// oldest claim first.
func (l *Ledger) Unsettled(ctx context.Context) ([]haravan.LedgerEntry, error) {
	if l == nil || l.rdb == nil {
		return nil, errZeroLedger
	}
	rows, err := listScript.Run(ctx, l.rdb, l.keys(""), l.prefix+"ref:").StringSlice()
	if err == nil && len(rows)%(1+entryFields) != 0 {
		err = errUnexpected
	}
	if err != nil {
		return nil, fmt.Errorf("haravanredis: listing unsettled entries: %w", err)
	}
	out := make([]haravan.LedgerEntry, 0, len(rows)/(1+entryFields))
	for row := range slices.Chunk(rows, 1+entryFields) {
		out = append(out, entryOf(row[0], row[1:]))
	}
	return out, nil
}

// entryFields is how many fields of an entry's hash the scripts answer, in
// this order: state, claimed (unix ms), profile, op, value, reason ("" for
// a field the hash lacks).
const entryFields = 6

// errUnexpected is the cause of an answer of the wrong shape.
var errUnexpected = errors.New("unexpected answer")

// entryOf reads an entry's entryFields fields.
func entryOf(refID string, f []string) haravan.LedgerEntry {
	e := haravan.LedgerEntry{RefID: refID, State: haravan.RefState(f[0]), Op: f[3], Reason: f[5]}
	if ms, err := strconv.ParseInt(f[1], 10, 64); err == nil {
		e.ClaimedAt = time.UnixMilli(ms).UTC()
	}
	e.ProfileID, _ = strconv.ParseInt(f[2], 10, 64)
	e.Value, _ = strconv.ParseInt(f[4], 10, 64)
	return e
}

// claimScript creates a pending entry unless the RefID has one, and
// answers the existing entry's fields (see entryFields; none when it
// claimed).
//
//	KEYS[1]  the RefID's hash     KEYS[2]  the shop's unsettled set
//	ARGV     RefID, claimed (unix ms), profile, op, value, reason
var claimScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.call('HMGET', KEYS[1], 'state', 'claimed', 'profile', 'op', 'value', 'reason')
end
redis.call('HSET', KEYS[1], 'state', 'pending', 'claimed', ARGV[2], 'profile', ARGV[3],
  'op', ARGV[4], 'value', ARGV[5], 'reason', ARGV[6])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return {}
`)

// moveScript moves an entry whose state is one of ARGV[4...] to ARGV[2]:
// applied expires after the retention, unknown stays unsettled, released
// deletes it. It answers the state the entry had ("" for none).
//
//	KEYS[1]  the RefID's hash     KEYS[2]  the shop's unsettled set
//	ARGV     RefID, to, retention (ms), from states...
var moveScript = redis.NewScript(`
local held = redis.call('HGET', KEYS[1], 'state') or ''
local allowed = false
for i = 4, #ARGV do
  if held == ARGV[i] then allowed = true end
end
if not allowed then return held end
local to = ARGV[2]
if to == 'released' then
  redis.call('DEL', KEYS[1])
else
  redis.call('HSET', KEYS[1], 'state', to)
end
if to ~= 'unknown' then
  redis.call('ZREM', KEYS[2], ARGV[1])
end
if to == 'applied' then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return held
`)

// listScript answers every unsettled entry, oldest first, in one flat
// list: its RefID, then its fields (see entryFields). It reads hashes it
// was not given as keys: they share the set's {shop} hash tag, so Redis
// Cluster serves them from the same slot.
//
//	KEYS[2]  the shop's unsettled set     ARGV[1]  the prefix of RefID hashes
var listScript = redis.NewScript(`
local out = {}
for _, ref in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  table.insert(out, ref)
  for _, v in ipairs(redis.call('HMGET', ARGV[1] .. ref, 'state', 'claimed', 'profile', 'op', 'value', 'reason')) do
    table.insert(out, v or '')
  end
end
return out
`)
