package haravanredis_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/profiles-sdk/profiles-go"
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

// Every replica builds the same Ledger for the shop and credits each order
// webhook with the order's number as RefID: however often the webhook is
// delivered, and to whichever replicas, the order is sent at most once.
// README.md's "Crediting an order exactly once" shows these lines.
func ExampleNewLedger() {
	rdb := redis.NewClient(&redis.Options{Addr: "redis:6379", ContextTimeoutEnabled: true})
	defer rdb.Close()
	creds := haravan.Credentials{AccessToken: os.Getenv("HARAVAN_ACCESS_TOKEN")}
	ctx, profileID := context.Background(), int64(632910392)

	ledger, err := haravanredis.NewLedger(rdb, "shop-1234", 7*24*time.Hour) // outlast webhook redeliveries
	if err != nil {
		log.Fatal(err)
	}
	c, err := haravan.NewClient(creds, haravan.WithLedger(ledger)) // or haravan.NewMemoryLedger()
	if err != nil {
		log.Fatal(err)
	}
	_, err = c.AddPoints(ctx, profileID, haravan.PointChange{Value: 50, Reason: "Order #1001", RefID: "order-1001"})
	switch {
	case errors.Is(err, haravan.ErrDuplicateRefID): // claimed before, here or by another replica: nothing sent
	case errors.Is(err, profiles.ErrOutcomeUnknown): // may have been applied: ledger.Unsettled lists it until resolved
	case err != nil:
		log.Print(err) // refused by Haravan (4xx) or never sent: the RefID may be sent again
	}
}
