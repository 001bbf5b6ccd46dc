package haravantest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/jarcoal/httpmock"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/haravan/haravantest"
)

// A test that mocks its client with httpmock gets the fake's behaviour in
// one line; a fault scoped to a route fails only that route.
func ExampleServer_Responder() {
	srv := haravantest.NewServer()
	defer srv.Close()
	hc := &http.Client{}
	httpmock.ActivateNonDefault(hc)
	defer httpmock.DeactivateNonDefault(hc)
	httpmock.RegisterNoResponder(srv.Responder()) // every request: the fake, in process

	c, _ := haravan.NewClient(srv.Credentials(), profiles.WithHTTPClient(hc)) // the real base URL
	srv.InjectFault(1, haravantest.Fault{Method: "PUT", Path: "/loy/profiles/632910392/points/add.json", DropAfterApply: true})

	ctx := context.Background()
	p, _ := c.GetProfile(ctx, haravantest.JohnTerryID)
	_, err := c.AddPoints(ctx, haravantest.JohnTerryID, haravan.PointChange{Value: 10, Reason: "order 1001", RefID: "order-1001"})
	after, _ := srv.Profile(haravantest.JohnTerryID)
	fmt.Println(p.FirstName, errors.Is(err, profiles.ErrOutcomeUnknown), after.PointAvailable-p.PointAvailable)
	// Output: John true 10
}
