package haravanredis

import "github.com/redis/go-redis/v9"

// The bucket script's operations.
const (
	opTake = "take" // book one call; answers the wait in microseconds
	opGive = "give" // give a booked call back
	opFold = "fold" // raise the level to a reading's share of the bucket
)

// bucketScript updates one shop's leaky bucket atomically.
//
//	KEYS[1]  the bucket: a hash of level (calls) and at (Redis time, µs)
//	ARGV[1]  size (calls)     ARGV[2]  rate (calls per second)
//	ARGV[3]  operation        ARGV[4]  share of a full bucket (fold only)
//	ARGV[5]  headroom (calls a take leaves free)
//
// It answers the wait in whole microseconds, rounded up; 0 but for take.
// A take waits until the level, its own call included, is at most size
// minus headroom.
// The wait is capped at the bucket's drain time (size / rate): past it the
// bucket is empty whatever happened, and a longer queue is better answered
// by the vendor's 429 than by sleeping.
var bucketScript = redis.NewScript(`
local size = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local op = ARGV[3]
local room = size - tonumber(ARGV[5])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local level = tonumber(redis.call('HGET', KEYS[1], 'level')) or 0
local at = tonumber(redis.call('HGET', KEYS[1], 'at')) or now
if now > at then
  level = math.max(level - (now - at) / 1000000 * rate, 0)
end
local wait = 0
if op == 'take' then
  level = level + 1
  wait = math.max(math.min(level - room, size), 0) / rate
elseif op == 'give' then
  level = math.max(level - 1, 0)
elseif op == 'fold' then
  local share = math.min(math.max(tonumber(ARGV[4]), 0), 1)
  level = math.max(level, share * size)
else
  return redis.error_reply('unknown bucket operation ' .. op)
end
redis.call('HSET', KEYS[1], 'level', string.format('%.17g', level), 'at', string.format('%.0f', now))
redis.call('PEXPIRE', KEYS[1], math.ceil(level / rate * 1000) + 1000)
return math.ceil(wait * 1000000)
`)
