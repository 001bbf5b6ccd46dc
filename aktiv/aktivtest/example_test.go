package aktivtest_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/jarcoal/httpmock"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/aktiv"
	"github.com/profiles-sdk/profiles-go/aktiv/aktivtest"
)

// A test that mocks its client with httpmock gets the fake's behaviour in
// one line.
func ExampleServer_Responder() {
	srv := aktivtest.NewServer()
	defer srv.Close()
	hc := &http.Client{}
	httpmock.ActivateNonDefault(hc)
	defer httpmock.DeactivateNonDefault(hc)
	httpmock.RegisterNoResponder(srv.Responder()) // every request: the fake, in process

	c, _ := aktiv.NewClient(srv.Credentials(), profiles.WithHTTPClient(hc)) // the real base URL
	_, err := c.GetProfile(context.Background())
	fmt.Println(err, srv.RequestCount())
	// Output: <nil> 1
}
