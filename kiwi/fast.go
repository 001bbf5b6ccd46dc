package kiwi

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// The single-pass decoder of an account profile answer.
//
// GetAccountProfile hands an *answer to the foundation as the call's Out.
// json.Unmarshal checks that the body is one valid JSON value and passes its
// bytes to answer.UnmarshalJSON, which reads the envelope, the profile, its
// subscriptions and their maps in one walk over those bytes, calling the
// same member decoders (flexString, flexTime, decodeEnum, ...) as the
// UnmarshalJSON methods of the public types, with the same bytes. It only
// handles answers it can decode exactly as the general path would: at the
// first thing it does not handle (an error of any kind, a failed operation,
// a member of an unexpected type) it gives up and keeps a copy of the body,
// which GetAccountProfile then decodes the general way (checkEnvelope and
// AccountProfile.UnmarshalJSON), so results and errors stay those of the
// general path. TestFastDecoderMatches and FuzzFastDecoder hold the two
// paths to the same results.

// answer is the Out of GetAccountProfile.
type answer struct {
	// ok is true when profile holds the decoded answer.
	ok      bool
	profile AccountProfile
	// body is a copy of the answer when the fast path gave up; nil when
	// UnmarshalJSON was never called (an empty body).
	body []byte
}

// UnmarshalJSON never fails: an answer the fast path does not handle is
// kept for the general path, which reports its errors with the status and
// the body (an error returned here would reach the foundation's retry loop
// as a broken body instead).
func (a *answer) UnmarshalJSON(b []byte) error {
	*a = answer{}
	d := fastDecoder{data: b}
	if d.envelope(&a.profile) {
		a.ok = true
		return nil
	}
	a.profile = AccountProfile{}
	a.body = append(make([]byte, 0, len(b)), b...)
	return nil
}

// fastDecode decodes a whole answer with the fast path; ok is false when
// the general path has to decode it.
func fastDecode(b []byte) (p AccountProfile, ok bool) {
	d := fastDecoder{data: b}
	if !d.envelope(&p) {
		return AccountProfile{}, false
	}
	return p, true
}

// fastDecoder walks JSON text that json.Unmarshal has already validated. It
// still checks what it reads as it goes and gives up (ok false) on
// anything unexpected rather than trusting the input.
type fastDecoder struct {
	data []byte
	off  int
}

func (d *fastDecoder) skipSpace() {
	for d.off < len(d.data) {
		switch d.data[d.off] {
		case ' ', '\t', '\n', '\r':
			d.off++
		default:
			return
		}
	}
}

// peek returns the next byte that is not space, or 0 at the end.
func (d *fastDecoder) peek() byte {
	d.skipSpace()
	if d.off < len(d.data) {
		return d.data[d.off]
	}
	return 0
}

// stringLiteral reads a string literal, quotes included.
func (d *fastDecoder) stringLiteral() ([]byte, bool) {
	lit, _, ok := d.stringText()
	return lit, ok
}

// stringText reads a string literal, quotes included; text is its text
// when it is plain ASCII without escapes (what json.Unmarshal gives for
// it), else nil.
func (d *fastDecoder) stringText() (lit, text []byte, ok bool) {
	if d.peek() != '"' {
		return nil, nil, false
	}
	start := d.off
	plain := true
	for i := start + 1; i < len(d.data); i++ {
		switch c := d.data[i]; {
		case c == '\\':
			plain = false
			i++
		case c == '"':
			d.off = i + 1
			lit = d.data[start:d.off]
			if plain {
				text = lit[1 : len(lit)-1]
			}
			return lit, text, true
		case c < 0x20 || c >= 0x80:
			plain = false
		}
	}
	return nil, nil, false
}

// unquote gives the text of a string literal as json.Unmarshal does.
func unquote(lit, text []byte) ([]byte, bool) {
	if text != nil {
		return text, true
	}
	if inner, ok := rest.SimpleQuoted(lit); ok {
		return inner, true
	}
	var s string
	if json.Unmarshal(lit, &s) != nil {
		return nil, false
	}
	return []byte(s), true
}

// value reads one value and returns its text.
func (d *fastDecoder) value() ([]byte, bool) {
	switch c := d.peek(); c {
	case '"':
		return d.stringLiteral()
	case '{', '[':
		start := d.off
		depth := 0
		for d.off < len(d.data) {
			switch d.data[d.off] {
			case '"':
				if _, ok := d.stringLiteral(); !ok {
					return nil, false
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					d.off++
					return d.data[start:d.off], true
				}
			}
			d.off++
		}
		return nil, false
	case 0:
		return nil, false
	default:
		start := d.off
		for d.off < len(d.data) && isLiteralByte(d.data[d.off]) {
			d.off++
		}
		if d.off == start {
			return nil, false
		}
		return d.data[start:d.off], true
	}
}

func isLiteralByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c == '-' || c == '+' || c == '.' || c == 'E'
}

// consume reads the byte c, after space.
func (d *fastDecoder) consume(c byte) bool {
	if d.peek() != c {
		return false
	}
	d.off++
	return true
}

// member reads the name of the next member of an object whose '{' was
// read, and the colon after it; done is true at the closing brace.
// first tells whether a member was read already (a comma comes first).
func (d *fastDecoder) member(first bool) (name []byte, done, ok bool) {
	switch d.peek() {
	case '}':
		d.off++
		return nil, true, true
	case ',':
		if first {
			return nil, false, false
		}
		d.off++
	default:
		if !first {
			return nil, false, false
		}
	}
	lit, text, ok := d.stringText()
	if !ok || !d.consume(':') {
		return nil, false, false
	}
	name, ok = unquote(lit, text)
	return name, false, ok
}

// element reports whether an array whose '[' was read has another element.
func (d *fastDecoder) element(first bool) (more, ok bool) {
	switch d.peek() {
	case ']':
		d.off++
		return false, true
	case ',':
		if first {
			return false, false
		}
		d.off++
		return true, true
	default:
		return first, first
	}
}

// isNull reads null if it comes next.
func (d *fastDecoder) isNull() bool {
	if d.peek() == 'n' && bytes.HasPrefix(d.data[d.off:], []byte("null")) {
		d.off += 4
		return true
	}
	return false
}

// field returns the index of the struct field name matches the way
// encoding/json matches it (exactly, else case-insensitively), or -1.
func field(name []byte, names []string) int {
	for i, n := range names {
		if string(name) == n {
			return i
		}
	}
	for i, n := range names {
		if bytes.EqualFold(name, []byte(n)) {
			return i
		}
	}
	return -1
}

var envelopeFields = []string{"operation_status", "account_profile"}

// envelope decodes a successful answer into p.
func (d *fastDecoder) envelope(p *AccountProfile) bool {
	if !d.consume('{') {
		return false
	}
	var status *OperationStatus
	var st OperationStatus
	haveProfile := false
	for first := true; ; first = false {
		name, done, ok := d.member(first)
		if !ok {
			return false
		}
		if done {
			break
		}
		switch field(name, envelopeFields) {
		case 0:
			v, ok := d.value()
			if !ok {
				return false
			}
			if string(v) == "null" {
				status = nil
				continue
			}
			if st.UnmarshalJSON(v) != nil {
				return false
			}
			status = &st
		case 1:
			switch d.peek() {
			case '{':
				if !d.profile(p) {
					return false
				}
				haveProfile = true
			case 'n':
				if !d.isNull() {
					return false
				}
				haveProfile = false
			default:
				return false // the general path's error
			}
		default:
			if _, ok := d.value(); !ok {
				return false
			}
		}
	}
	d.skipSpace()
	return d.off == len(d.data) && status != nil && *status == OperationSuccess && haveProfile
}

var profileFields = []string{"account_info", "credentials_info", "subscriptions", "context"}

// profile decodes an account_profile object, as AccountProfile.UnmarshalJSON.
func (d *fastDecoder) profile(p *AccountProfile) bool {
	*p = AccountProfile{}
	if !d.consume('{') {
		return false
	}
	for first := true; ; first = false {
		name, done, ok := d.member(first)
		if !ok {
			return false
		}
		if done {
			return true
		}
		switch field(name, profileFields) {
		case 0:
			ok = d.accountInfo(&p.AccountInfo)
		case 1:
			ok = d.credentialsInfo(&p.CredentialsInfo)
		case 2:
			ok = d.subscriptions(&p.Subscriptions)
		case 3:
			p.Context, ok = d.object(true)
		default:
			_, ok = d.value()
		}
		if !ok {
			return false
		}
	}
}

// rawMember is a member of an object read as raw members.
type rawMember struct {
	name, value []byte
	taken       bool
}

// members reads an object into raw members, a later duplicate replacing
// an earlier one as in a map; null gives none. buf is room for them.
func (d *fastDecoder) members(buf []rawMember) ([]rawMember, bool) {
	if d.isNull() {
		return buf[:0], true
	}
	if !d.consume('{') {
		return nil, false
	}
	ms := buf[:0]
	for first := true; ; first = false {
		name, done, ok := d.member(first)
		if !ok {
			return nil, false
		}
		if done {
			return ms, true
		}
		v, ok := d.value()
		if !ok {
			return nil, false
		}
		replaced := false
		for i := range ms {
			if bytes.Equal(ms[i].name, name) {
				ms[i].value, replaced = v, true
				break
			}
		}
		if !replaced {
			ms = append(ms, rawMember{name: name, value: v})
		}
	}
}

// take is takeMember over raw members.
func take(ms []rawMember, names []string, dst json.Unmarshaler) {
	for _, name := range names {
		for i := range ms {
			if string(ms[i].name) == name {
				if dst.UnmarshalJSON(ms[i].value) == nil {
					ms[i].taken = true
				}
				return
			}
		}
	}
}

// extra gives the members not taken, as Extra.
func extra(ms []rawMember) map[string]json.RawMessage {
	var out map[string]json.RawMessage
	for _, m := range ms {
		if m.taken {
			continue
		}
		if out == nil {
			out = map[string]json.RawMessage{}
		}
		out[string(m.name)] = append(json.RawMessage(nil), m.value...)
	}
	return out
}

// accountInfo decodes account_info, as AccountInfo.UnmarshalJSON.
func (d *fastDecoder) accountInfo(a *AccountInfo) bool {
	var buf [8]rawMember
	ms, ok := d.members(buf[:])
	if !ok {
		return false
	}
	var id, pool flexString
	var signUp, ctxUpdate flexTime
	take(ms, accountIDNames, &id)
	take(ms, identityPoolNames, &pool)
	take(ms, signUpNames, &signUp)
	take(ms, contextUpdatedNames, &ctxUpdate)
	*a = AccountInfo{
		AccountID:           string(id),
		IdentityPool:        string(pool),
		SignUpAt:            time.Time(signUp),
		LastContextUpdateAt: time.Time(ctxUpdate),
		Extra:               extra(ms),
	}
	return true
}

// credentialsInfo decodes credentials_info, as CredentialsInfo.UnmarshalJSON.
func (d *fastDecoder) credentialsInfo(c *CredentialsInfo) bool {
	var buf [8]rawMember
	ms, ok := d.members(buf[:])
	if !ok {
		return false
	}
	var out CredentialsInfo
	for i := range ms {
		m := &ms[i]
		switch string(m.value) {
		case "true", "false":
			setConfirmed(&out, kindText(credentialKindBytes(m.name)), m.value[0] == 't')
			m.taken = true
			continue
		}
		if m.value[0] != '{' {
			// null, strings, numbers and arrays are neither a flag nor an
			// object with one.
			continue
		}
		var obj struct {
			Confirmed   *bool `json:"confirmed"`
			IsConfirmed *bool `json:"is_confirmed"`
			Verified    *bool `json:"verified"`
		}
		if json.Unmarshal(m.value, &obj) == nil {
			for _, f := range []*bool{obj.Confirmed, obj.IsConfirmed, obj.Verified} {
				if f != nil {
					setConfirmed(&out, string(m.name), *f)
					break
				}
			}
		}
	}
	out.Extra = extra(ms)
	*c = out
	return true
}

// credentialKindBytes is credentialKind without converting the name.
func credentialKindBytes(name []byte) []byte {
	kind := bytes.TrimPrefix(name, []byte("is_"))
	for _, suffix := range []string{"_confirmed", "_verified"} {
		if k := bytes.TrimSuffix(kind, []byte(suffix)); len(k) != 0 {
			kind = k
		}
	}
	return kind
}

// kindText converts a credential kind, the common ones without allocating.
func kindText(b []byte) string {
	switch string(b) {
	case "email":
		return "email"
	case "phone":
		return "phone"
	}
	return string(b)
}

// subscriptions decodes the subscriptions array.
func (d *fastDecoder) subscriptions(dst *[]Subscription) bool {
	if d.isNull() {
		*dst = nil
		return true
	}
	if !d.consume('[') {
		return false
	}
	var buf [8]Subscription
	subs := buf[:0]
	for first := true; ; first = false {
		more, ok := d.element(first)
		if !ok {
			return false
		}
		if !more {
			break
		}
		subs = append(subs, Subscription{})
		if !d.subscription(&subs[len(subs)-1]) {
			return false
		}
	}
	*dst = append(make([]Subscription, 0, len(subs)), subs...)
	return true
}

var subscriptionFields = []string{
	"id", "subscription_platform", "subscription_type", "subscription_status", "cancel_reason",
	"sku", "currency_code", "price", "external_transaction_id", "created_as_trial",
	"trial_duration_in_days", "activated_at", "expires_at", "last_renew_at", "extra_data",
}

// subscription decodes one subscription, as Subscription.UnmarshalJSON.
func (d *fastDecoder) subscription(s *Subscription) bool {
	if d.isNull() {
		*s = Subscription{}
		return true
	}
	if !d.consume('{') {
		return false
	}
	var (
		id, cancel, sku, currency, txID flexString
		price, trialDays                flexInt
		trial                           flexBool
		activated, expires, renewed     flexTime
	)
	*s = Subscription{}
	for first := true; ; first = false {
		name, done, ok := d.member(first)
		if !ok {
			return false
		}
		if done {
			break
		}
		i := field(name, subscriptionFields)
		if i == 14 { // extra_data
			if s.ExtraData, ok = d.object(false); !ok {
				return false
			}
			continue
		}
		v, ok := d.value()
		if !ok {
			return false
		}
		var err error
		switch i {
		case 0:
			err = id.UnmarshalJSON(v)
		case 1:
			err = s.Platform.UnmarshalJSON(v)
		case 2:
			err = s.Type.UnmarshalJSON(v)
		case 3:
			err = s.Status.UnmarshalJSON(v)
		case 4:
			err = cancel.UnmarshalJSON(v)
		case 5:
			err = sku.UnmarshalJSON(v)
		case 6:
			err = currency.UnmarshalJSON(v)
		case 7:
			err = price.UnmarshalJSON(v)
		case 8:
			err = txID.UnmarshalJSON(v)
		case 9:
			err = trial.UnmarshalJSON(v)
		case 10:
			err = trialDays.UnmarshalJSON(v)
		case 11:
			err = activated.UnmarshalJSON(v)
		case 12:
			err = expires.UnmarshalJSON(v)
		case 13:
			err = renewed.UnmarshalJSON(v)
		}
		if err != nil {
			return false
		}
	}
	s.ID = string(id)
	s.CancelReason = string(cancel)
	s.SKU = string(sku)
	s.CurrencyCode = strings.TrimSpace(string(currency))
	s.Price = int64(price)
	s.ExternalTransactionID = string(txID)
	s.CreatedAsTrial = bool(trial)
	s.TrialDurationInDays = int(trialDays)
	s.ActivatedAt = time.Time(activated)
	s.ExpiresAt = time.Time(expires)
	s.LastRenewAt = time.Time(renewed)
	return true
}

// object decodes a member the way decodeObject decodes its raw text (null
// gives nil). promote makes a nil result of a value that is not null an
// empty map, as AccountProfile.UnmarshalJSON does for context.
func (d *fastDecoder) object(promote bool) (map[string]any, bool) {
	switch d.peek() {
	case '{':
		return d.anyObject()
	case 'n':
		return nil, d.isNull()
	}
	v, ok := d.value()
	if !ok {
		return nil, false
	}
	m, err := decodeObject(v)
	if err != nil {
		return nil, false
	}
	if m == nil && promote {
		m = map[string]any{}
	}
	return m, true
}

// anyObject decodes an object as json.Decoder with UseNumber decodes it
// into a map[string]any.
func (d *fastDecoder) anyObject() (map[string]any, bool) {
	if !d.consume('{') {
		return nil, false
	}
	m := map[string]any{}
	for first := true; ; first = false {
		name, done, ok := d.member(first)
		if !ok {
			return nil, false
		}
		if done {
			return m, true
		}
		v, ok := d.anyValue()
		if !ok {
			return nil, false
		}
		m[string(name)] = v
	}
}

// anyValue decodes a value as json.Decoder with UseNumber decodes it into
// an any.
func (d *fastDecoder) anyValue() (any, bool) {
	switch d.peek() {
	case '{':
		return d.anyObject()
	case '[':
		d.off++
		list := []any{}
		for first := true; ; first = false {
			more, ok := d.element(first)
			if !ok {
				return nil, false
			}
			if !more {
				return list, true
			}
			v, ok := d.anyValue()
			if !ok {
				return nil, false
			}
			list = append(list, v)
		}
	case '"':
		lit, text, ok := d.stringText()
		if !ok {
			return nil, false
		}
		s, ok := unquote(lit, text)
		return string(s), ok
	}
	lit, ok := d.value()
	if !ok {
		return nil, false
	}
	switch string(lit) {
	case "null":
		return nil, true
	case "true":
		return true, true
	case "false":
		return false, true
	}
	if c := lit[0]; c != '-' && (c < '0' || c > '9') {
		return nil, false
	}
	return json.Number(lit), true
}
