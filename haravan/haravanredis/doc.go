// Package haravanredis shares a Haravan shop's call-limit bucket (Limiter)
// and its ledger of point changes (Ledger, see haravan.WithLedger) among
// the replicas of a service, through Redis.
//
// A client paced in its own process (haravan.WithPacing) knows only its own
// calls, so N replicas burst N times over the shop's bucket. A Limiter keeps
// the bucket in Redis instead, one per shop, and every replica books its
// calls there:
//
//	rdb := redis.NewClient(&redis.Options{Addr: "redis:6379", ContextTimeoutEnabled: true})
//	limiter, err := haravanredis.NewLimiter(rdb, "shop-1234")
//	if err != nil {
//		return err
//	}
//	c, err := haravan.NewClient(creds, haravan.WithLimiter(limiter))
//
// A Limiter not built by NewLimiter (a nil pointer, a zero value) is
// refused with ErrInvalidArgument: by WithLimiter at NewClient, or by its
// own methods.
//
// The bucket is a Redis hash under Key, updated atomically by one Lua
// script that drains it by the time passed, then books a call, gives a
// booking back or folds in the shop's reported level. The script reads the
// clock with Redis's TIME, so replicas whose clocks disagree still agree on
// the bucket; that needs Redis 5 or later. The key expires once the bucket
// has drained. Booking ahead (a call learns how long to sleep and holds its
// place) keeps callers in order and matches haravan.Pacer.
//
// Every Redis call is bounded by WithTimeout and by the call's context,
// even when the go-redis client does not honour context deadlines (set
// ContextTimeoutEnabled so that it also frees the connection). When Redis
// does not answer, the Limiter logs one warning and paces this process's
// calls with its fallback (see WithFallback and WithoutFallback), tries
// Redis again at most once a second, and logs when Redis answers again.
package haravanredis
