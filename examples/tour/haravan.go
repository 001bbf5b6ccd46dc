package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/haravan/haravantest"
)

func init() { register("haravan", runHaravan) }

// runHaravan makes every call of the haravan package against its fake.
func runHaravan(ctx context.Context, w io.Writer) error {
	srv := haravantest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient()
	if err != nil {
		return err
	}
	page, err := c.ListProfiles(ctx, &haravan.ListProfilesOptions{Limit: 3})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "ListProfiles: %d profiles on the first page of 3, first id %d\n", len(page), page[0].ID)

	n := 0
	for _, err := range c.Profiles(ctx, nil) {
		if err != nil {
			return err
		}
		n++
	}
	fmt.Fprintf(w, "Profiles: %d profiles in %d pages of up to %d\n", n, (n+haravan.MaxPageSize-1)/haravan.MaxPageSize, haravan.MaxPageSize)

	p, err := c.GetProfile(ctx, haravantest.JohnTerryID)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "GetProfile: %s %s, %s, %s, %d points\n", p.FirstName, p.LastName, p.Gender, p.ProvinceName, p.PointAvailable)

	tags, err := c.GetProfileTags(ctx, haravantest.TestID)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "GetProfileTags: %q\n", tags)

	attrs, err := c.GetProfileAttributes(ctx, haravantest.TestID)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "GetProfileAttributes: %d, first %s=%s\n", len(attrs), attrs[0].Key, attrs[0].Value)

	p, err = c.AddPoints(ctx, haravantest.JohnTerryID, haravan.PointChange{Value: 10, Reason: "Mini game quay số 11/11", RefID: "tour-add"})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "AddPoints: +10 → %d available\n", p.PointAvailable)

	p, err = c.SubtractPoints(ctx, haravantest.JohnTerryID, haravan.PointChange{Value: 10, Reason: "Dùng điểm ở KOV mã ĐH #001234", RefID: "tour-sub"})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "SubtractPoints: -10 → %d available, %d used\n", p.PointAvailable, p.PointUsed)

	_, err = c.SubtractPoints(ctx, haravantest.JohnTerryID, haravan.PointChange{Value: 1000, RefID: "tour-too-much"})
	var apiErr *haravan.APIError
	if !errors.As(err, &apiErr) {
		return fmt.Errorf("subtracting too much: want an APIError, got %v", err)
	}
	fmt.Fprintf(w, "SubtractPoints too much: %d %s\n", apiErr.StatusCode, apiErr.Message)

	if cl, ok := c.CallLimit(); ok {
		fmt.Fprintf(w, "CallLimit: %s\n", cl)
	}
	return nil
}
