package kiwi

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// FuzzDecodeAnswer feeds arbitrary bodies to every decoder of an answer:
// the error-body parser, and the call's own decoding (the wire tree, then
// the envelope check). None
// may panic, and a profile that decodes must encode and decode again.
// It is an internal test because the envelope check and the error parser
// are unexported.
func FuzzDecodeAnswer(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"operation_status":"ERROR_INVALID_TOKEN","error":{"code":7,"message":"m"}}`))
	f.Add([]byte(`{"operation_status":0,"account_profile":{"subscriptions":[{"expires_at":-99999999999}]}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		call := &rest.Call{Method: http.MethodGet, Path: profilePath}
		resp := &rest.Response{StatusCode: 200, Header: http.Header{}, Attempts: 1}
		var e APIError
		parseError(&e, http.Header{}, body)

		var ans answer
		if json.Unmarshal(body, &ans) != nil || ans.failure(call, resp) != nil {
			return
		}
		p := ans.wire.AccountProfile.profile()
		at := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
		for _, s := range p.ActiveSubscriptions(at) {
			_ = s.PriceString() + s.Platform.String() + s.Type.String() + s.Status.String()
		}
		again, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("decoded profile does not encode: %v", err)
		}
		var q AccountProfile
		if err := json.Unmarshal(again, &q); err != nil {
			t.Fatalf("encoded profile does not decode: %v\n%s", err, again)
		}
		if len(q.Subscriptions) != len(p.Subscriptions) {
			t.Fatalf("round trip changed the subscriptions: %d, then %d", len(p.Subscriptions), len(q.Subscriptions))
		}
	})
}
