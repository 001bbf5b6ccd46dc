package haravan_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/haravan/haravantest"
)

func ExampleClient_GetProfile() {
	srv := haravantest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient() // the fake's token and URL
	if err != nil {
		panic(err)
	}
	p, err := c.GetProfile(context.Background(), 632910392)
	if err != nil {
		panic(err)
	}
	fmt.Println(p.FirstName, p.LastName, p.Gender, p.Birthday.Format("2006-01-02"))
	fmt.Println(p.Address+",", p.WardName)
	fmt.Printf("%s: %d points available\n", p.LevelName, p.PointAvailable)
	// Output:
	// John Terry male 1901-01-01
	// Số 1 đường Nguyễn Huệ, Phường Bến Thành
	// Member: 100 points available
}

func ExampleClient_AddPoints() {
	srv := haravantest.NewServer()
	defer srv.Close()
	c, _ := srv.NewClient()
	ctx := context.Background()

	// Always pass a RefID you can look up: a change whose answer is lost is
	// not sent again, and the RefID tells you whether it was applied.
	p, err := c.AddPoints(ctx, 632910392, haravan.PointChange{Value: 10, Reason: "Mini game quay số 11/11", RefID: "game-1111"})
	if err != nil {
		panic(err)
	}
	fmt.Println("after add:", p.PointAvailable)

	_, err = c.SubtractPoints(ctx, 632910392, haravan.PointChange{Value: 500, Reason: "Đơn hàng #001234", RefID: "order-1234"})
	var apiErr *profiles.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Message)
	}
	// Output:
	// after add: 110
	// 422 Not enough points: 110 available, 500 requested
}

func ExampleClient_Profiles() {
	srv := haravantest.NewServer()
	defer srv.Close()
	c, _ := srv.NewClient()

	total, points := 0, int64(0)
	for p, err := range c.Profiles(context.Background(), &haravan.ListProfilesOptions{Fields: []string{"id", "point_available"}}) {
		if err != nil {
			panic(err)
		}
		total++
		points += p.PointAvailable
	}
	fmt.Println(total, "profiles,", points, "points available")
	fmt.Println(srv.RequestCount(), "requests")
	// Output:
	// 122 profiles, 53900 points available
	// 3 requests
}

func ExampleClient_GetProfileTags() {
	srv := haravantest.NewServer()
	defer srv.Close()
	c, _ := srv.NewClient()
	tags, err := c.GetProfileTags(context.Background(), 360455)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%q\n", tags)
	// Output: ["MUA_HANG_KM" "Online" "Facebook"]
}
