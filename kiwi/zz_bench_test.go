package kiwi

import (
	"encoding/json"
	"os"
	"testing"
)

func BenchmarkZZDecode(b *testing.B) {
	d, _ := os.ReadFile("testdata/profile_all.json")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var a answer
		if err := json.Unmarshal(d, &a); err != nil {
			b.Fatal(err)
		}
		_ = a.wire.AccountProfile.profile()
	}
}

func BenchmarkZZPlain(b *testing.B) {
	d, _ := os.ReadFile("testdata/profile_all.json")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var a answerWire
		if err := json.Unmarshal(d, &a); err != nil {
			b.Fatal(err)
		}
	}
}

type zzSubs struct {
	P struct {
		S []subscriptionWire `json:"subscriptions"`
	} `json:"account_profile"`
}
type zzInfo struct {
	P struct {
		A jsonMembers `json:"account_info"`
		C jsonMembers `json:"credentials_info"`
	} `json:"account_profile"`
}
type zzCtx struct {
	P struct {
		C jsonObject `json:"context"`
	} `json:"account_profile"`
}
type zzNone struct {
	P struct {
	} `json:"account_profile"`
}

func zz[T any](b *testing.B) {
	d, _ := os.ReadFile("testdata/profile_all.json")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var a T
		if err := json.Unmarshal(d, &a); err != nil {
			b.Fatal(err)
		}
	}
}
func BenchmarkZZSubs(b *testing.B) { zz[zzSubs](b) }
func BenchmarkZZInfo(b *testing.B) { zz[zzInfo](b) }
func BenchmarkZZCtx(b *testing.B)  { zz[zzCtx](b) }
func BenchmarkZZNone(b *testing.B) { zz[zzNone](b) }
