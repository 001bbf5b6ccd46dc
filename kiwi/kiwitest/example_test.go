package kiwitest_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/jarcoal/httpmock"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/kiwi"
	"github.com/profiles-sdk/profiles-go/kiwi/kiwitest"
)

// A test that mocks its client with httpmock gets the fake's behaviour in
// one line.
func ExampleServer_Responder() {
	srv := kiwitest.NewServer()
	defer srv.Close()
	hc := &http.Client{}
	httpmock.ActivateNonDefault(hc)
	defer httpmock.DeactivateNonDefault(hc)
	httpmock.RegisterNoResponder(srv.Responder()) // every request: the fake, in process

	c, _ := kiwi.NewClient(srv.Credentials(), profiles.WithHTTPClient(hc)) // the real base URL
	p, err := c.GetAccountProfile(context.Background())
	fmt.Println(p.AccountInfo.AccountID, len(p.Subscriptions), err)
	// Output: 100042 4 <nil>
}
