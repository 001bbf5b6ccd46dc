package kiwi

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go/internal/rest/errortest"
)

// FuzzDecodeAnswer feeds arbitrary bodies to every decoder of an answer:
// the error-body parser, and the call's own decoding (the wire tree, then
// the envelope check). None may panic, and a profile that decodes must
// encode and decode again. The error parser keeps the status, the request
// id and a message (its own or the client's fallback), matches the shared
// sentinel of the status, and a member of any value beside "message" never
// hides it.
// It is an internal test because the answer's decoder and the error parser
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
	f.Add([]byte(`{"error":{"status":400,"title":"Invalid request","detail":"Data validation error occurred","validation":[]}}`))
	f.Add([]byte(`{"operation_status":{"x":1},"message":["a",{"b":2}],"request_id":99}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		errortest.Check(t, parseError, body)
		errortest.Beside(t, parseError, `{"message":"kept"}`, "kept",
			[]string{"error", "code", "error_code", "operation_status", "request_id"}, body)

		var ans answerWire
		if json.Unmarshal(body, &ans) != nil || ans.failure(200) != nil {
			return
		}
		p := ans.AccountProfile.profile()
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
