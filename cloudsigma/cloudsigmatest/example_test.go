package cloudsigmatest_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/jarcoal/httpmock"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/cloudsigma"
	"github.com/profiles-sdk/profiles-go/cloudsigma/cloudsigmatest"
)

// A test that mocks its client with httpmock gets the fake's behaviour in
// one line.
func ExampleServer_Responder() {
	srv := cloudsigmatest.NewServer()
	defer srv.Close()
	hc := &http.Client{}
	httpmock.ActivateNonDefault(hc)
	defer httpmock.DeactivateNonDefault(hc)
	httpmock.RegisterNoResponder(srv.Responder()) // every request: the fake, in process

	c, _ := cloudsigma.NewClient(srv.Credentials(), profiles.WithHTTPClient(hc)) // the real base URL
	srv.SetField("company", "Example Ltd")
	p, err := c.GetProfile(context.Background())
	fmt.Println(p.Company, err)
	// Output: Example Ltd <nil>
}
