package kiwi

import (
	"encoding/json"
	"testing"
)

// FuzzDecodeFields: the enums and the free-form objects never panic (the
// scalars have their own fuzz test in internal/flex).
func FuzzDecodeFields(f *testing.F) {
	for _, s := range []string{
		`"2025-06-01T09:30:00Z"`, `"2025-06-01 09:30:00"`, `"2025-06-01"`, `1748770200`, `1748770200123`,
		`"1748770200.5"`, `-99999999999999`, `1e400`, `null`, `""`, `"ANDROID"`, `2`, `"2"`, `true`, `"false"`, `{}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var p Platform
		if json.Unmarshal(b, &p) == nil {
			_ = p.String()
		}
		var st SubscriptionType
		if json.Unmarshal(b, &st) == nil {
			_ = st.String()
		}
		var ss SubscriptionStatus
		if json.Unmarshal(b, &ss) == nil {
			_ = ss.String()
		}
		var os OperationStatus
		if json.Unmarshal(b, &os) == nil {
			_ = os.String()
		}
		var o jsonObject
		_ = o.UnmarshalJSON(b)
	})
}
