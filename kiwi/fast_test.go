package kiwi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// slowDecode is the general path of GetAccountProfile.
func slowDecode(body []byte) (AccountProfile, error) {
	call := &rest.Call{Method: http.MethodGet, Path: profilePath}
	resp := &rest.Response{StatusCode: 200, Header: http.Header{}, Attempts: 1}
	raw, err := checkEnvelope(call, resp, body)
	if err != nil {
		return AccountProfile{}, err
	}
	var p AccountProfile
	err = p.UnmarshalJSON(raw)
	return p, err
}

// decodeAnswer decodes body as the foundation does: json.Decoder into the
// call's Out. ok is false when the decoder rejects the body.
func decodeAnswer(t *testing.T, body []byte) (ans answer, raw json.RawMessage, ok bool) {
	t.Helper()
	if json.NewDecoder(bytes.NewReader(body)).Decode(&raw) != nil {
		return answer{}, nil, false
	}
	if err := json.NewDecoder(bytes.NewReader(body)).Decode(&ans); err != nil {
		t.Fatalf("answer.UnmarshalJSON failed: %v", err)
	}
	return ans, raw, true
}

// checkSamePaths fails when the fast path decodes body differently from
// the general path, or gives up without keeping the body exactly.
func checkSamePaths(t *testing.T, body []byte) (fast bool) {
	t.Helper()
	ans, raw, ok := decodeAnswer(t, body)
	if !ok {
		return false
	}
	if !ans.ok {
		if !bytes.Equal(ans.body, raw) || !reflect.DeepEqual(ans.profile, AccountProfile{}) {
			t.Fatalf("the fast path gave up without keeping the body:\n%s\nkept %q", raw, ans.body)
		}
		return false
	}
	want, err := slowDecode(raw)
	if err != nil {
		t.Fatalf("the fast path decoded an answer the general path rejects (%v):\n%s", err, raw)
	}
	got := ans.profile
	// Two members naming one credential kind (email_confirmed and
	// is_email_confirmed) leave the general path's flag to map order.
	for kind := range ambiguousKinds(raw) {
		if _, ok := want.CredentialsInfo.Confirmed[kind]; ok {
			want.CredentialsInfo.Confirmed[kind] = got.CredentialsInfo.Confirmed[kind]
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("the paths differ for\n%s\nfast:    %#v\ngeneral: %#v", raw, got, want)
	}
	return true
}

// ambiguousKinds returns the credential kinds more than one member of
// credentials_info sets.
func ambiguousKinds(body []byte) map[string]bool {
	var raw struct {
		AccountProfile *struct {
			CredentialsInfo json.RawMessage `json:"credentials_info"`
		} `json:"account_profile"`
	}
	if json.Unmarshal(body, &raw) != nil || raw.AccountProfile == nil {
		return nil
	}
	var members map[string]json.RawMessage
	if json.Unmarshal(raw.AccountProfile.CredentialsInfo, &members) != nil {
		return nil
	}
	count := map[string]int{}
	for name, v := range members {
		var flag bool
		if string(v) != "null" && json.Unmarshal(v, &flag) == nil {
			count[credentialKind(name)]++
			continue
		}
		count[name]++ // an object may set name itself
	}
	out := map[string]bool{}
	for k, n := range count {
		if n > 1 {
			out[k] = true
		}
	}
	return out
}

// fastCases are answers the fast path must decode as the general path
// does; handled says whether it decodes them itself rather than giving up.
var fastCases = []struct {
	body    string
	handled bool
}{
	{`{"operation_status":0,"account_profile":{}}`, true},
	{` {"operation_status" : "0" , "account_profile" : { "subscriptions" : [ ] } } `, true},
	{`{"operation_status":"SUCCESS","account_profile":{"subscriptions":null,"context":null}}`, true},
	{`{"Operation_Status":0,"ACCOUNT_PROFILE":{"Subscriptions":[{"ID":7,"Price":"1.0e2","SKU":"\u0073ku"}]}}`, true},
	{`{"operation_status":0,"account_profile":{"subſcriptions":[{"id":1}]}}`, true},
	{`{"operation_status":0,"account_profile":{"\u0073ubscriptions":[{"id":1},null]}}`, true},
	{`{"operation_status":0,"account_profile":{"subscriptions":[{"id":1}],"subscriptions":[{"id":2},{"id":3}]}}`, true},
	{`{"operation_status":0,"account_profile":{"subscriptions":[{"created_as_trial":true,"created_as_trial":null}]}}`, true},
	{`{"operation_status":0,"account_profile":{"subscriptions":[{"created_as_trial":"1","trial_duration_in_days":"7","cancel_reason":"x\"y"}]}}`, true},
	{`{"operation_status":0,"account_profile":{"subscriptions":[{"subscription_platform":"Stripe","subscription_type":"2","subscription_status":"trial"}]}}`, true},
	{`{"operation_status":0,"account_profile":{"subscriptions":[{"currency_code":" usd ","price":null,"activated_at":"1748770200.5","expires_at":1.7e9}]}}`, true},
	{`{"operation_status":0,"account_profile":{"subscriptions":[{"extra_data":"{\"a\":1}"},{"extra_data":"null"},{"extra_data":null},{"extra_data":{}}]}}`, true},
	{`{"operation_status":0,"account_profile":{"subscriptions":[{"extra_data":{"a":1,"a":{"b":[1,"x",null,true,false,[],{}]},"é\u00e9":"\ud83d\ude00","bad":"` + "\xff\xfe" + `","` + "\xff" + `":"\u0012"}}]}}`, true},
	{`{"operation_status":0,"account_profile":{"subscriptions":[{"extra_data":{"a":1},"extra_data":null}]}}`, true},
	{`{"operation_status":0,"account_profile":{"context":{}}}`, true},
	{`{"operation_status":0,"account_profile":{"context":"null"}}`, true},
	{`{"operation_status":0,"account_profile":{"context":"{\"n\":12345678901234567890}"}}`, true},
	{`{"operation_status":0,"account_profile":{"context":{"n":-1.5e-7,"big":123456789012345678901234567890}}}`, true},
	{`{"operation_status":0,"account_profile":{"account_info":null,"credentials_info":null}}`, true},
	{`{"operation_status":0,"account_profile":{"account_info":{"id":"x","account_id":5,"accountId":"y","sign_up_date":{"a":1},"signup_date":"2025-01-01","identity_pool":null,"last_context_update_at":"bad","x":[1],"x":2}}}`, true},
	{`{"operation_status":0,"account_profile":{"account_info":{"\u0061ccount_id":5,"Account_id":6}}}`, true},
	{`{"operation_status":0,"account_profile":{"credentials_info":{"email_confirmed":true,"is_phone_verified":false,"_confirmed":true,"is_":true,"email":{"confirmed":null,"verified":true},"sms":{"confirmed":"yes"},"x":null,"y":[true],"z":"true"}}}`, true},
	{`{"operation_status":0,"account_profile":{"credentials_info":{"email_confirmed":true,"email_confirmed":false}}}`, true},
	{`{"operation_status":0,"account_profile":{},"account_profile":{"context":{"a":1}}}`, true},
	{`{"operation_status":0,"operation_status":0,"account_profile":{},"other":[{"a":"}"}]}`, true},
	// Given up: the general path decides, with its own errors.
	{`{"operation_status":1,"account_profile":{}}`, false},
	{`{"operation_status":0}`, false},
	{`{"operation_status":0,"account_profile":null}`, false},
	{`{"operation_status":0,"account_profile":{},"account_profile":null}`, false},
	{`{"operation_status":null,"account_profile":{}}`, false},
	{`{"operation_status":0,"operation_status":null,"account_profile":{}}`, false},
	{`{"operation_status":"OK","account_profile":{}}`, false},
	{`{"operation_status":0,"account_profile":[]}`, false},
	{`{"operation_status":0,"account_profile":"{}"}`, false},
	{`{"operation_status":0,"account_profile":{"subscriptions":{}}}`, false},
	{`{"operation_status":0,"account_profile":{"subscriptions":[1]}}`, false},
	{`{"operation_status":0,"account_profile":{"subscriptions":[{"price":"x"}]}}`, false},
	{`{"operation_status":0,"account_profile":{"subscriptions":[{"extra_data":[]}]}}`, false},
	{`{"operation_status":0,"account_profile":{"context":1}}`, false},
	{`{"operation_status":0,"account_profile":{"account_info":[]}}`, false},
	{`{"operation_status":0,"account_profile":{"credentials_info":"x"}}`, false},
	{`[]`, false},
	{`null`, false},
	{`"x"`, false},
}

func TestFastDecoderMatches(t *testing.T) {
	for _, c := range fastCases {
		if fast := checkSamePaths(t, []byte(c.body)); fast != c.handled {
			t.Errorf("fast path handled %v, want %v:\n%s", fast, c.handled, c.body)
		}
	}
	// Every successful answer of testdata is decoded by the fast path.
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		_, slowErr := slowDecode(b)
		if fast := checkSamePaths(t, b); fast != (slowErr == nil) {
			t.Errorf("%s: fast path handled %v, general path error %v", name, fast, slowErr)
		}
	}
}

// An answer the fast path decodes owns its memory: nothing refers to the
// decoder's buffer, which json.Decoder reuses.
func TestFastDecoderCopies(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "profile_all.json"))
	if err != nil {
		t.Fatal(err)
	}
	p, ok := fastDecode(bytes.Clone(b))
	if !ok {
		t.Fatal("profile_all.json not decoded by the fast path")
	}
	buf := bytes.Clone(b)
	q, _ := fastDecode(buf)
	for i := range buf {
		buf[i] = ' '
	}
	if !reflect.DeepEqual(p, q) {
		t.Fatalf("the decoded profile changed with the buffer:\n%#v\n%#v", p, q)
	}
}

func TestFastDecoderAllocations(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "profile_all.json"))
	if err != nil {
		t.Fatal(err)
	}
	var raw json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	fast := testing.AllocsPerRun(50, func() { _, _ = fastDecode(raw) })
	slow := testing.AllocsPerRun(50, func() { _, _ = slowDecode(raw) })
	t.Logf("allocations per decode of profile_all.json: fast %.0f, general %.0f", fast, slow)
	if fast >= slow {
		t.Errorf("the fast path allocates %.0f times, the general path %.0f", fast, slow)
	}
}

// FuzzFastDecoder: for any body json.Decoder accepts, the fast path either
// decodes it exactly as the general path does or gives up and keeps it.
func FuzzFastDecoder(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, c := range fastCases {
		f.Add([]byte(c.body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		checkSamePaths(t, body)
	})
}

// BenchmarkDecodeAnswer compares, for profile_all.json, the decoding of
// GetAccountProfile (json.Unmarshal of the body into its Out, as the
// foundation does) with the general path. The comparison with a
// hand-written call is internal/bench's.
func BenchmarkDecodeAnswer(b *testing.B) {
	body, err := os.ReadFile(filepath.Join("testdata", "profile_all.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("impl=sdk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var ans answer
			if err := json.Unmarshal(body, &ans); err != nil || !ans.ok {
				b.Fatal("not decoded", err)
			}
		}
	})
	b.Run("impl=general", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := slowDecode(body); err != nil {
				b.Fatal(err)
			}
		}
	})
}
