// Package haravanredis shares a Haravan shop's call-limit bucket among the
// replicas of a service, through Redis.
//
// Haravan meters each shop with a leaky bucket of 80 calls that drains 4
// calls per second, and answers 429 once it is full. A client paced in its
// own process (haravan.WithPacing) knows only its own calls, so N replicas
// burst N times over. A Limiter keeps the bucket in Redis instead, one per
// shop, and every replica books its calls there:
//
//	rdb := redis.NewClient(&redis.Options{Addr: "redis:6379", ContextTimeoutEnabled: true})
//	limiter, err := haravanredis.NewLimiter(rdb, "shop-1234")
//	...
//	c, err := haravan.NewClient(creds, haravan.WithLimiter(limiter))
//
// # The bucket
//
// The bucket is a Redis hash under Key ("haravan:bucket:{shop-1234}")
// holding the level (calls) and the time of the last update. One Lua
// script updates it atomically: it drains the level by the time passed,
// then either books a call (level + 1; the caller sleeps until the level
// is back under the size), gives a booking back (a caller whose context
// ended first), or folds in a reading of X-Haravan-Api-Call-Limit (the
// level becomes at least the share of the bucket the shop reports, since
// the shop's other apps fill the same bucket). The script reads the clock
// with Redis's TIME, so replicas whose clocks disagree still agree on the
// bucket; that needs Redis 5 or later. The key expires once the bucket has
// drained, so idle shops leave nothing behind.
//
// Booking ahead (a call learns how long to sleep and holds its place)
// costs one round trip per call, keeps callers in order, and matches the
// in-process haravan.Pacer exactly. A GCRA limiter such as the one in
// go-redis/redis_rate computes the same admissions for a bucket of our own,
// but it only answers "allowed or retry after", has no way to fold in the
// vendor's reading of the shop's level, and would add a dependency; the
// script is some forty lines.
//
// # When Redis fails
//
// Every Redis call is bounded by WithTimeout (250ms by default) and by the
// call's context, even when the go-redis client does not honour context
// deadlines (set ContextTimeoutEnabled so that it also frees the
// connection). When Redis does not answer, the Limiter logs one warning
// and paces the calls of this process with an in-process haravan.Pacer for
// the same bucket (WithFallback chooses another Limiter, WithoutFallback
// makes Wait fail instead). It tries Redis again at most once a second and
// logs when Redis answers again.
package haravanredis
