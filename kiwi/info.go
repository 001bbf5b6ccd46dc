package kiwi

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
	"time"

	"github.com/profiles-sdk/profiles-go/internal/flex"
)

// AccountInfo is the account_info object. The manual names no members
// ("account id, identity pool, sign up dates and last context update"), so
// the fields are read under guessed names (a few spellings each); a member
// that matches none, or whose value has an unexpected type, is kept in
// Extra as sent.
type AccountInfo struct {
	AccountID           string    // account_id, as text even when sent as a number
	IdentityPool        string    // identity_pool
	SignUpAt            time.Time // sign_up_date
	LastContextUpdateAt time.Time // last_context_update
	// Extra holds every other member as sent.
	Extra map[string]json.RawMessage
}

// The member names tried for each AccountInfo field; MarshalJSON writes
// the first.
var (
	accountIDNames      = []string{"account_id", "accountId", "id"}
	identityPoolNames   = []string{"identity_pool", "identity_pool_id", "identityPool"}
	signUpNames         = []string{"sign_up_date", "signup_date", "sign_up_at", "signed_up_at", "signUpDate"}
	contextUpdatedNames = []string{"last_context_update", "last_context_update_at", "context_updated_at", "lastContextUpdate"}
)

// UnmarshalJSON decodes the members it recognises and keeps the rest.
func (a *AccountInfo) UnmarshalJSON(b []byte) error {
	var members jsonMembers
	if err := json.Unmarshal(b, &members); err != nil {
		return err
	}
	*a = accountInfoOf(members)
	return nil
}

// accountInfoOf reads account_info from members, which it takes over.
func accountInfoOf(members jsonMembers) AccountInfo {
	var id, pool flex.String
	var signUp, ctxUpdate flex.Time
	takeMember(members, accountIDNames, &id)
	takeMember(members, identityPoolNames, &pool)
	takeMember(members, signUpNames, &signUp)
	takeMember(members, contextUpdatedNames, &ctxUpdate)
	return AccountInfo{
		AccountID:           string(id),
		IdentityPool:        string(pool),
		SignUpAt:            time.Time(signUp),
		LastContextUpdateAt: time.Time(ctxUpdate),
		Extra:               nilIfEmpty(members),
	}
}

// MarshalJSON writes Extra and the set fields under their first names.
func (a AccountInfo) MarshalJSON() ([]byte, error) {
	out := map[string]any{}
	for k, v := range a.Extra {
		out[k] = v
	}
	putIf(out, accountIDNames[0], a.AccountID, a.AccountID != "")
	putIf(out, identityPoolNames[0], a.IdentityPool, a.IdentityPool != "")
	putIf(out, signUpNames[0], a.SignUpAt, !a.SignUpAt.IsZero())
	putIf(out, contextUpdatedNames[0], a.LastContextUpdateAt, !a.LastContextUpdateAt.IsZero())
	return json.Marshal(out)
}

// CredentialsInfo is the credentials_info object, "the confirmation status
// of the credentials associated to this account", whose members the manual
// does not name. "email_confirmed": true (or is_email_confirmed,
// email_verified, a bare "email": true) and "email": {"confirmed": true}
// all give Confirmed["email"] = true.
type CredentialsInfo struct {
	// Confirmed maps a credential kind ("email", "phone", ...) to whether
	// it is confirmed.
	Confirmed map[string]bool
	// Extra holds every member that is not a plain boolean, as sent
	// (objects too, after their flag was read).
	Extra map[string]json.RawMessage
}

// IsConfirmed reports whether the credential kind is confirmed, and whether
// the answer said anything about it.
func (c CredentialsInfo) IsConfirmed(kind string) (confirmed, known bool) {
	confirmed, known = c.Confirmed[kind]
	return confirmed, known
}

// Kinds returns the credential kinds Confirmed knows, sorted.
func (c CredentialsInfo) Kinds() []string {
	kinds := make([]string, 0, len(c.Confirmed))
	for k := range c.Confirmed {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	return kinds
}

// UnmarshalJSON reads confirmation flags and keeps every other member.
func (c *CredentialsInfo) UnmarshalJSON(b []byte) error {
	var members jsonMembers
	if err := json.Unmarshal(b, &members); err != nil {
		return err
	}
	*c = credentialsInfoOf(members)
	return nil
}

// credentialsInfoOf reads credentials_info from members, which it takes over.
func credentialsInfoOf(members jsonMembers) CredentialsInfo {
	confirmed := map[string]bool{}
	for name, raw := range members {
		switch v := bytes.TrimSpace(raw); {
		case string(v) == "true" || string(v) == "false":
			confirmed[credentialKind(name)] = string(v) == "true"
			delete(members, name)
		case len(v) > 0 && v[0] == '{':
			if flag, ok := nestedConfirmation(v); ok {
				confirmed[name] = flag
			}
		}
	}
	return CredentialsInfo{Confirmed: nilIfEmpty(confirmed), Extra: nilIfEmpty(members)}
}

// MarshalJSON writes Extra, then each flag as "<kind>_confirmed".
func (c CredentialsInfo) MarshalJSON() ([]byte, error) {
	out := map[string]any{}
	for k, v := range c.Extra {
		out[k] = v
	}
	for kind, flag := range c.Confirmed {
		if _, taken := c.Extra[kind+"_confirmed"]; !taken {
			out[kind+"_confirmed"] = flag
		}
	}
	return json.Marshal(out)
}

// nestedConfirmation reads the flag of "email": {"confirmed": true, ...}.
func nestedConfirmation(obj []byte) (flag, ok bool) {
	var w struct {
		Confirmed   *bool `json:"confirmed"`
		IsConfirmed *bool `json:"is_confirmed"`
		Verified    *bool `json:"verified"`
	}
	if json.Unmarshal(obj, &w) != nil {
		return false, false
	}
	for _, f := range []*bool{w.Confirmed, w.IsConfirmed, w.Verified} {
		if f != nil {
			return *f, true
		}
	}
	return false, false
}

// credentialKind turns "is_email_confirmed" or "email_verified" into "email".
func credentialKind(name string) string {
	kind := strings.TrimPrefix(name, "is_")
	for _, suffix := range []string{"_confirmed", "_verified"} {
		if k := strings.TrimSuffix(kind, suffix); k != "" {
			kind = k
		}
	}
	return kind
}

// jsonMembers is an object whose members are read one by one.
type jsonMembers = map[string]json.RawMessage

// takeMember decodes the first of names present in members into dst and
// removes it; a value dst cannot hold stays, for Extra, rather than fail
// the answer over a guessed name.
func takeMember(members jsonMembers, names []string, dst json.Unmarshaler) {
	for _, name := range names {
		raw, ok := members[name]
		if !ok {
			continue
		}
		if dst.UnmarshalJSON(raw) == nil {
			delete(members, name)
		}
		return
	}
}

func putIf(m map[string]any, key string, v any, ok bool) {
	if ok {
		m[key] = v
	}
}

func nilIfEmpty[M ~map[string]V, V any](m M) M {
	if len(m) == 0 {
		return nil
	}
	return m
}
