package haravanredis_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/redis/go-redis/v9"

	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/haravan/haravanredis"
)

// Every replica of a service builds the same Limiter for the shop; the
// bucket lives in Redis under one key per shop.
func ExampleNewLimiter() {
	rdb := redis.NewClient(&redis.Options{Addr: "redis:6379", ContextTimeoutEnabled: true})
	defer rdb.Close()
	limiter, err := haravanredis.NewLimiter(rdb, "my-shop.myharavan.com")
	if err != nil {
		log.Fatal(err)
	}
	c, err := haravan.NewClient(haravan.Credentials{AccessToken: os.Getenv("HARAVAN_ACCESS_TOKEN")},
		haravan.WithLimiter(limiter))
	if err != nil {
		log.Fatal(err)
	}
	p, err := c.GetProfile(context.Background(), 632910392)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.FirstName)
}
