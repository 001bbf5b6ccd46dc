package kiwitest

import (
	"net/http"
	"strings"

	"github.com/profiles-sdk/profiles-go/internal/fake"
	"github.com/profiles-sdk/profiles-go/kiwi"
)

// getProfile serves GET /api/1.0/account/profile: the account of the
// X-Auth-Token, or Kiwi's invalid-token answer (operation_status 1, HTTP 200).
func (s *Server) getProfile(w http.ResponseWriter, r *http.Request) {
	subs, ctx, bad := parseQuery(r.URL.Query().Get("q"))
	if bad != "" {
		writeError(w, r, http.StatusBadRequest, "Unknown profile field "+bad+"; accepted values: SUBSCRIPTIONS, CONTEXT, ALL.")
		return
	}
	var p kiwi.AccountProfile
	var ok bool
	token := r.Header.Get(kiwi.UserTokenHeader)
	s.state.With(func(st *state) { p, ok = st.accounts[token] })
	if token == "" || !ok {
		fake.WriteJSON(w, http.StatusOK, map[string]int{"operation_status": 1, "authentication_integration_status": 1})
		return
	}
	fake.WriteJSON(w, http.StatusOK, map[string]any{
		"operation_status":                  0,
		"authentication_integration_status": 0,
		"account_profile":                   wireProfile(p, subs, ctx),
	})
}

// parseQuery reads q: empty means ALL. It returns the first unknown value.
func parseQuery(q string) (subs, ctx bool, bad string) {
	if strings.TrimSpace(q) == "" {
		return true, true, ""
	}
	for _, part := range strings.Split(q, ",") {
		switch kiwi.Part(strings.TrimSpace(part)) {
		case kiwi.PartAll:
			subs, ctx = true, true
		case kiwi.PartSubscriptions:
			subs = true
		case kiwi.PartContext:
			ctx = true
		default:
			return false, false, part
		}
	}
	return subs, ctx, ""
}

// wireProfile is the account_profile object with only the asked-for parts,
// present (possibly empty) when asked for.
func wireProfile(p kiwi.AccountProfile, subs, ctx bool) map[string]any {
	out := map[string]any{"account_info": p.AccountInfo, "credentials_info": p.CredentialsInfo}
	if subs {
		list := p.Subscriptions
		if list == nil {
			list = []kiwi.Subscription{}
		}
		out["subscriptions"] = list
	}
	if ctx {
		kv := p.Context
		if kv == nil {
			kv = map[string]any{}
		}
		out["context"] = kv
	}
	return out
}
