package kiwi_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/kiwi"
)

func utc(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.UTC)
}

// profileFromTestdata serves a testdata answer and returns what
// GetAccountProfile made of it.
func profileFromTestdata(t *testing.T, name string) (*kiwi.AccountProfile, error) {
	t.Helper()
	rec := newRecorder(t, answer{status: 200, body: string(readTestdata(t, name))})
	return recorderClient(t, rec).GetAccountProfile(context.Background())
}

func TestDecodeProfileAll(t *testing.T) {
	t.Parallel()
	p, err := profileFromTestdata(t, "profile_all.json")
	require.NoError(t, err)

	assert.Equal(t, "100042", p.AccountInfo.AccountID, "numeric id becomes text")
	assert.Equal(t, "br-main", p.AccountInfo.IdentityPool)
	assert.Equal(t, utc(2024, 2, 10, 9, 30), p.AccountInfo.SignUpAt)
	assert.Equal(t, utc(2025, 5, 30, 9, 30), p.AccountInfo.LastContextUpdateAt, "milliseconds")
	assert.Equal(t, map[string]json.RawMessage{"country": json.RawMessage(`"BR"`)}, p.AccountInfo.Extra)

	assert.Equal(t, map[string]bool{"email": true, "phone": false}, p.CredentialsInfo.Confirmed)
	assert.Equal(t, map[string]json.RawMessage{"email": json.RawMessage(`"a***@example.com"`)}, p.CredentialsInfo.Extra)
	assert.Equal(t, []string{"email", "phone"}, p.CredentialsInfo.Kinds())

	require.Len(t, p.Subscriptions, 4)
	want := []kiwi.Subscription{
		{
			ID: "5001", Platform: kiwi.PlatformGooglePlay, Type: kiwi.AutoRenewable, Status: kiwi.SubscriptionActive,
			SKU: "premium_monthly", CurrencyCode: "USD", Price: 999, ExternalTransactionID: "GPA.3372-4410-9921-55012",
			ActivatedAt: utc(2025, 1, 15, 9, 30), ExpiresAt: utc(2025, 6, 15, 9, 30), LastRenewAt: utc(2025, 5, 15, 9, 30),
			ExtraData: map[string]any{"order_id": "GPA.3372-4410-9921-55012..4", "purchase_token_id": json.Number("90071992547409931")},
		},
		{
			ID: "5002", Platform: kiwi.PlatformAppStore, Type: kiwi.AutoRenewable, Status: kiwi.SubscriptionTrial,
			SKU: "premium_yearly", CurrencyCode: "USD", Price: 4999, ExternalTransactionID: "270001234567890",
			CreatedAsTrial: true, TrialDurationInDays: 7,
			ActivatedAt: time.Date(2025, 5, 29, 9, 30, 0, 0, time.FixedZone("", -3*3600)),
			ExpiresAt:   time.Date(2025, 6, 5, 9, 30, 0, 0, time.FixedZone("", -3*3600)),
			ExtraData:   map[string]any{},
		},
		{
			ID: "4007", Platform: kiwi.PlatformStripe, Type: kiwi.AutoRenewable, Status: kiwi.SubscriptionCancelled,
			CancelReason: "2", SKU: "premium_monthly_eur", CurrencyCode: "EUR", Price: 899,
			ExternalTransactionID: "sub_1KiwiTestStripe01",
			ActivatedAt:           utc(2024, 3, 1, 9, 30), ExpiresAt: utc(2024, 9, 1, 9, 30),
			ExtraData: map[string]any{"customer_id": "cus_KiwiTest0001"},
		},
		{
			ID: "3999", Platform: kiwi.PlatformSBS, Type: kiwi.NonRenewing, Status: kiwi.SubscriptionExpired,
			SKU: "weekly_pass", CurrencyCode: "BRL", Price: 490, ExternalTransactionID: "sbs-778812",
			ActivatedAt: utc(2024, 10, 1, 9, 30),
			ExtraData:   map[string]any{"phone_number": "+5511900000000"},
		},
	}
	for i := range want {
		assertSubscription(t, want[i], p.Subscriptions[i])
	}
	assert.Equal(t, map[string]any{
		"favorite_team": "Kiwis FC", "onboarding_done": true, "launch_count": json.Number("42"), "tags": []any{"a", "b"},
	}, p.Context)

	at := utc(2025, 6, 1, 0, 0)
	assert.True(t, p.HasActiveSubscription(at))
	active := p.ActiveSubscriptions(at)
	require.Len(t, active, 2)
	assert.Equal(t, []string{"5001", "5002"}, []string{active[0].ID, active[1].ID})
	assert.Equal(t, "9.99 USD", active[0].PriceString())
}

// assertSubscription compares field by field, times with Equal, so that a
// failure names the field.
func assertSubscription(t *testing.T, want, got kiwi.Subscription) {
	t.Helper()
	for name, pair := range map[string][2]time.Time{
		"ActivatedAt": {want.ActivatedAt, got.ActivatedAt},
		"ExpiresAt":   {want.ExpiresAt, got.ExpiresAt},
		"LastRenewAt": {want.LastRenewAt, got.LastRenewAt},
	} {
		assert.True(t, pair[0].Equal(pair[1]), "%s %s: want %v, got %v", want.ID, name, pair[0], pair[1])
	}
	want.ActivatedAt, want.ExpiresAt, want.LastRenewAt = time.Time{}, time.Time{}, time.Time{}
	got.ActivatedAt, got.ExpiresAt, got.LastRenewAt = time.Time{}, time.Time{}, time.Time{}
	assert.Equal(t, want, got)
}

func TestDecodeProfileSubscriptionsOnly(t *testing.T) {
	t.Parallel()
	p, err := profileFromTestdata(t, "profile_subscriptions.json")
	require.NoError(t, err)
	assert.Equal(t, kiwi.AccountInfo{AccountID: "100077", IdentityPool: "br-main", SignUpAt: utc(2025, 5, 2, 9, 30)}, p.AccountInfo)
	assert.Equal(t, map[string]bool{"email": false}, p.CredentialsInfo.Confirmed)
	assert.JSONEq(t, `{"confirmed": false, "value": "b***@example.com"}`, string(p.CredentialsInfo.Extra["email"]))
	confirmed, known := p.CredentialsInfo.IsConfirmed("email")
	assert.False(t, confirmed)
	assert.True(t, known)
	_, known = p.CredentialsInfo.IsConfirmed("phone")
	assert.False(t, known)
	assert.NotNil(t, p.Subscriptions)
	assert.Empty(t, p.Subscriptions)
	assert.Nil(t, p.Context)
}

func TestDecodeProfileContextOnly(t *testing.T) {
	t.Parallel()
	p, err := profileFromTestdata(t, "profile_context.json")
	require.NoError(t, err)
	assert.Equal(t, kiwi.AccountInfo{AccountID: "100077"}, p.AccountInfo)
	assert.Equal(t, kiwi.CredentialsInfo{}, p.CredentialsInfo)
	assert.Nil(t, p.Subscriptions)
	assert.Equal(t, map[string]any{
		"locale": "pt-BR", "score": json.Number("12.5"), "big": json.Number("12345678901234567890"),
	}, p.Context)
}

func TestDecodeInvalidToken(t *testing.T) {
	t.Parallel()
	p, err := profileFromTestdata(t, "invalid_token.json")
	assert.Nil(t, p)
	require.ErrorIs(t, err, kiwi.ErrInvalidToken)
	var apiErr *profiles.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 200, apiErr.StatusCode)
	assert.Equal(t, "1", apiErr.Code)
	assert.Equal(t, "ERROR_INVALID_TOKEN: the authentication token is either missing or invalid", apiErr.Message)
}

func TestDecodeUnknownEnums(t *testing.T) {
	t.Parallel()
	p, err := profileFromTestdata(t, "unknown_enums.json")
	require.NoError(t, err)
	require.Len(t, p.Subscriptions, 1)
	s := p.Subscriptions[0]
	assert.Equal(t, kiwi.Subscription{
		ID: "9001", Platform: 42, Type: 3, Status: 7, SKU: "future_plan", Price: -50, ExternalTransactionID: "x-1",
	}, s)
	assert.Equal(t, "Platform(42)", s.Platform.String())
	assert.Equal(t, "SubscriptionType(3)", s.Type.String())
	assert.Equal(t, "SubscriptionStatus(7)", s.Status.String())
	assert.False(t, s.Platform.Known() || s.Type.Known() || s.Status.Known())
	assert.Equal(t, "-0.50", s.PriceString())
	assert.False(t, s.ActiveAt(time.Now()))
}

func TestEnumNames(t *testing.T) {
	t.Parallel()
	platforms := []string{"", "App Store (iTunes)", "Google Play", "Mozca", "SBS (carrier billing)", "Mozca - Fortumo",
		"Mozca - Boku", "Smartcoin", "Pagar.me", "Stripe", "Gift card", "Vindi", "Nexxera"}
	for n := 1; n <= 12; n++ {
		assert.Equal(t, platforms[n], kiwi.Platform(n).String())
		assert.True(t, kiwi.Platform(n).Known())
	}
	assert.Equal(t, "Platform(0)", kiwi.Platform(0).String())
	assert.Equal(t, "Platform(13)", kiwi.Platform(13).String())
	assert.Equal(t, "AUTO_RENEWABLE", kiwi.AutoRenewable.String())
	assert.Equal(t, "NON_RENEWING", kiwi.NonRenewing.String())
	statuses := []string{"", "ACTIVE", "EXPIRED", "CANCELLED", "TRIAL", "UNKNOWN", "WAITING_RENEW"}
	for n := 1; n <= 6; n++ {
		assert.Equal(t, statuses[n], kiwi.SubscriptionStatus(n).String())
	}
	assert.Equal(t, "SubscriptionStatus(-1)", kiwi.SubscriptionStatus(-1).String())
	assert.Equal(t, "SUCCESS", kiwi.OperationSuccess.String())
	assert.Equal(t, "ERROR_INVALID_TOKEN", kiwi.OperationInvalidToken.String())
}

func TestEnumDecoding(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want kiwi.Platform
		ok   bool
	}{
		{`9`, kiwi.PlatformStripe, true},
		{`"9"`, kiwi.PlatformStripe, true},
		{`9.0`, kiwi.PlatformStripe, true},
		{`"Stripe"`, kiwi.PlatformStripe, true},
		{`"google play"`, kiwi.PlatformGooglePlay, true},
		{`1000`, 1000, true},
		{`null`, 0, true},
		{`9.5`, 0, false},
		{`"Bitcoin"`, 0, false},
		{`true`, 0, false},
		{`{}`, 0, false},
	}
	for _, tt := range tests {
		var p kiwi.Platform
		err := json.Unmarshal([]byte(tt.in), &p)
		if tt.ok {
			assert.NoError(t, err, tt.in)
			assert.Equal(t, tt.want, p, tt.in)
		} else {
			assert.Error(t, err, tt.in)
		}
	}
	var st kiwi.SubscriptionStatus
	require.NoError(t, json.Unmarshal([]byte(`"WAITING_RENEW"`), &st))
	assert.Equal(t, kiwi.SubscriptionWaitingRenew, st)
	var ty kiwi.SubscriptionType
	require.NoError(t, json.Unmarshal([]byte(`"2"`), &ty))
	assert.Equal(t, kiwi.NonRenewing, ty)
}

func TestDateDecoding(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{`"2025-06-15T09:30:00Z"`, utc(2025, 6, 15, 9, 30), true},
		{`"2025-06-15T09:30:00.123456789Z"`, time.Date(2025, 6, 15, 9, 30, 0, 123456789, time.UTC), true},
		{`"2025-06-15T06:30:00-03:00"`, utc(2025, 6, 15, 9, 30), true},
		{`"2025-06-15T06:30:00.000-0300"`, utc(2025, 6, 15, 9, 30), true},
		{`"2025-06-15 09:30:00"`, utc(2025, 6, 15, 9, 30), true},
		{`"2025-06-15"`, utc(2025, 6, 15, 0, 0), true},
		{`1749979800`, utc(2025, 6, 15, 9, 30), true},
		{`"1749979800"`, utc(2025, 6, 15, 9, 30), true},
		{`1749979800000`, utc(2025, 6, 15, 9, 30), true},
		{`1749979800123`, time.Date(2025, 6, 15, 9, 30, 0, 123e6, time.UTC), true},
		{`1749979800000000`, utc(2025, 6, 15, 9, 30), true},
		{`1749979800.5`, time.Date(2025, 6, 15, 9, 30, 0, 5e8, time.UTC), true},
		{`1.7499798e9`, utc(2025, 6, 15, 9, 30), true},
		{`86400`, utc(1970, 1, 2, 0, 0), true},
		{`-86400`, utc(1969, 12, 31, 0, 0), true},
		{`99999999999`, time.Unix(99999999999, 0).UTC(), true},
		{`100000000000`, time.UnixMilli(100000000000).UTC(), true},
		{`null`, time.Time{}, true},
		{`0`, time.Time{}, true},
		{`"0"`, time.Time{}, true},
		{`""`, time.Time{}, true},
		{`"  "`, time.Time{}, true},
		{`1e30`, time.Time{}, false},
		{`"NaN"`, time.Time{}, false},
		{`"tomorrow"`, time.Time{}, false},
		{`true`, time.Time{}, false},
		{`[]`, time.Time{}, false},
	}
	for _, tt := range tests {
		var s kiwi.Subscription
		err := json.Unmarshal([]byte(`{"expires_at":`+tt.in+`}`), &s)
		if !tt.ok {
			assert.Error(t, err, tt.in)
			continue
		}
		if assert.NoError(t, err, tt.in) {
			assert.True(t, tt.want.Equal(s.ExpiresAt), "%s: want %v, got %v", tt.in, tt.want, s.ExpiresAt)
			assert.Equal(t, tt.want.IsZero(), s.ExpiresAt.IsZero(), tt.in)
		}
	}
}

func TestSubscriptionScalarSpellings(t *testing.T) {
	t.Parallel()
	var s kiwi.Subscription
	require.NoError(t, json.Unmarshal([]byte(`{"id":12345678901234567890,"price":"499","created_as_trial":1,
		"trial_duration_in_days":"14","cancel_reason":"USER","sku":null,"currency_code":" usd ",
		"extra_data":"{\"customer_id\":\"cus_1\"}"}`), &s))
	assert.Equal(t, kiwi.Subscription{
		ID: "12345678901234567890", Price: 499, CreatedAsTrial: true, TrialDurationInDays: 14, CancelReason: "USER",
		CurrencyCode: "usd", ExtraData: map[string]any{"customer_id": "cus_1"},
	}, s)
	assert.Equal(t, "4.99 USD", s.PriceString())

	for _, bad := range []string{`{"price":4.99}`, `{"price":"cheap"}`, `{"created_as_trial":"maybe"}`,
		`{"id":true}`, `{"extra_data":[1]}`, `{"extra_data":"not json"}`, `[]`} {
		assert.Error(t, json.Unmarshal([]byte(bad), &s), bad)
	}
}

func TestFormatPrice(t *testing.T) {
	t.Parallel()
	tests := []struct {
		cents    int64
		currency string
		want     string
	}{
		{499, "USD", "4.99 USD"},
		{999, "usd", "9.99 USD"},
		{0, "EUR", "0.00 EUR"},
		{5, "BRL", "0.05 BRL"},
		{100, "BRL", "1.00 BRL"},
		{-50, "EUR", "-0.50 EUR"},
		{-12345, "GBP", "-123.45 GBP"},
		{1000, "", "10.00"},
		{1000, "  ", "10.00"},
		{250, "XTS", "2.50 XTS"},
		{-9223372036854775808, "USD", "-92233720368547758.08 USD"},
		{9223372036854775807, "USD", "92233720368547758.07 USD"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, kiwi.FormatPrice(tt.cents, tt.currency), "%d %q", tt.cents, tt.currency)
	}
}

func TestActiveAt(t *testing.T) {
	t.Parallel()
	expires := utc(2025, 6, 15, 9, 30)
	tests := []struct {
		name string
		sub  kiwi.Subscription
		at   time.Time
		want bool
	}{
		{"active before expiry", kiwi.Subscription{Status: kiwi.SubscriptionActive, ExpiresAt: expires}, expires.Add(-time.Second), true},
		{"active at expiry", kiwi.Subscription{Status: kiwi.SubscriptionActive, ExpiresAt: expires}, expires, false},
		{"active after expiry", kiwi.Subscription{Status: kiwi.SubscriptionActive, ExpiresAt: expires}, expires.Add(time.Hour), false},
		{"trial before expiry", kiwi.Subscription{Status: kiwi.SubscriptionTrial, ExpiresAt: expires}, expires.Add(-time.Hour), true},
		{"active without expiry", kiwi.Subscription{Status: kiwi.SubscriptionActive}, expires, true},
		{"cancelled before expiry", kiwi.Subscription{Status: kiwi.SubscriptionCancelled, ExpiresAt: expires}, expires.Add(-time.Hour), false},
		{"expired", kiwi.Subscription{Status: kiwi.SubscriptionExpired, ExpiresAt: expires}, expires.Add(-time.Hour), false},
		{"waiting renew", kiwi.Subscription{Status: kiwi.SubscriptionWaitingRenew, ExpiresAt: expires}, expires.Add(-time.Hour), false},
		{"unknown", kiwi.Subscription{Status: kiwi.SubscriptionUnknown}, expires, false},
		{"unlisted status", kiwi.Subscription{Status: 9}, expires, false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.sub.ActiveAt(tt.at), tt.name)
	}
	p := kiwi.AccountProfile{}
	assert.Nil(t, p.ActiveSubscriptions(expires))
	assert.False(t, p.HasActiveSubscription(expires))
}

func TestAccountInfoGuessedNames(t *testing.T) {
	t.Parallel()
	var a kiwi.AccountInfo
	require.NoError(t, json.Unmarshal([]byte(`{"id":"acc-1","identity_pool_id":7,"signup_date":"2024-01-02T03:04:05Z",
		"context_updated_at":1700000000,"sign_up_source":"ios"}`), &a))
	assert.Equal(t, kiwi.AccountInfo{
		AccountID: "acc-1", IdentityPool: "7", SignUpAt: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
		LastContextUpdateAt: time.Unix(1700000000, 0).UTC(),
		Extra:               map[string]json.RawMessage{"sign_up_source": json.RawMessage(`"ios"`)},
	}, a)

	// A guessed member of an unexpected type stays in Extra instead of
	// failing the answer.
	require.NoError(t, json.Unmarshal([]byte(`{"account_id":"a","sign_up_date":{"email":1700000000}}`), &a))
	assert.Equal(t, "a", a.AccountID)
	assert.True(t, a.SignUpAt.IsZero())
	assert.JSONEq(t, `{"email":1700000000}`, string(a.Extra["sign_up_date"]))

	require.NoError(t, json.Unmarshal([]byte(`null`), &a))
	assert.Equal(t, kiwi.AccountInfo{}, a)
	assert.Error(t, json.Unmarshal([]byte(`[1]`), &a))
}

func TestCredentialsInfoShapes(t *testing.T) {
	t.Parallel()
	var c kiwi.CredentialsInfo
	require.NoError(t, json.Unmarshal([]byte(`{"is_email_confirmed":true,"phone_verified":false,"facebook":true,
		"google":{"is_confirmed":true},"apple":{"verified":false,"id":"x"},"email_confirmed_at":null,"sms":null}`), &c))
	assert.Equal(t, map[string]bool{"email": true, "phone": false, "facebook": true, "google": true, "apple": false}, c.Confirmed)
	assert.Len(t, c.Extra, 4, "objects and nulls are kept: %v", c.Extra)
	assert.Error(t, json.Unmarshal([]byte(`"x"`), &c))
}

func TestWireRoundTrip(t *testing.T) {
	t.Parallel()
	p, err := profileFromTestdata(t, "profile_all.json")
	require.NoError(t, err)
	b, err := json.Marshal(p)
	require.NoError(t, err)
	var again kiwi.AccountProfile
	require.NoError(t, json.Unmarshal(b, &again))
	assert.Equal(t, p.AccountInfo.AccountID, again.AccountInfo.AccountID)
	assert.True(t, p.AccountInfo.LastContextUpdateAt.Equal(again.AccountInfo.LastContextUpdateAt))
	assert.Equal(t, p.AccountInfo.Extra, again.AccountInfo.Extra)
	assert.Equal(t, p.CredentialsInfo.Confirmed, again.CredentialsInfo.Confirmed)
	assert.Equal(t, p.Context, again.Context)
	require.Len(t, again.Subscriptions, len(p.Subscriptions))
	for i := range p.Subscriptions {
		assertSubscription(t, p.Subscriptions[i], again.Subscriptions[i])
	}
	var raw map[string]any
	require.NoError(t, json.Unmarshal(b, &raw))
	last := raw["subscriptions"].([]any)[3].(map[string]any)
	assert.Nil(t, last["expires_at"], "zero dates are written as null")
	assert.InDelta(t, 2, last["subscription_type"], 0, "enums are written as numbers")
}
