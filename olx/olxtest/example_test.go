package olxtest_test

//lint:file-ignore SA1019 the olx package is deprecated upstream and still tested.

import (
	"context"
	"fmt"
	"net/http"

	"github.com/jarcoal/httpmock"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/olx"
	"github.com/profiles-sdk/profiles-go/olx/olxtest"
)

// A test that mocks its client with httpmock gets the fake's behaviour in
// one line.
func ExampleServer_Responder() {
	srv := olxtest.NewServer()
	defer srv.Close()
	hc := &http.Client{}
	httpmock.ActivateNonDefault(hc)
	defer httpmock.DeactivateNonDefault(hc)
	httpmock.RegisterNoResponder(srv.Responder()) // every request: the fake, in process

	c, _ := olx.NewClient(srv.Credentials(), profiles.WithHTTPClient(hc)) // the real base URL
	_, err := c.GetPackages(context.Background())
	fmt.Println(err, srv.Requests()[0].Path)
	// Output: <nil> /profile/v1/packages
}
