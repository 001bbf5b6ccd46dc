package kiwitest

import (
	"encoding/json"
	"time"

	"github.com/profiles-sdk/profiles-go/kiwi"
)

// SeedTime is the moment SubscriberProfile and FreeProfile describe: at
// SeedTime the subscriber's Google Play subscription is active and its App
// Store one in trial. A Server's accounts describe its clock's time instead
// (see SetClock).
var SeedTime = time.Date(2025, time.June, 1, 12, 0, 0, 0, time.UTC)

// seed returns the two seeded accounts, dated by now.
func seed(now func() time.Time) state {
	at := now()
	return state{
		creds: kiwi.Credentials{AppKey: defaultAppKey, UserToken: TokenSubscriber},
		accounts: map[string]kiwi.AccountProfile{
			TokenSubscriber: SubscriberProfileAt(at),
			TokenFree:       FreeProfileAt(at),
		},
		now: now,
	}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 30, 0, 0, time.UTC) }

// SubscriberProfileAt is the TokenSubscriber account as a Server whose
// clock reads t seeds it: SubscriberProfile with every date moved by whole
// days, so that t falls on the day SeedTime falls on. At t its Google Play
// subscription is active and its App Store one in trial.
func SubscriberProfileAt(t time.Time) kiwi.AccountProfile {
	p := SubscriberProfile()
	d := daysFromSeed(t)
	p.AccountInfo.SignUpAt = p.AccountInfo.SignUpAt.Add(d)
	p.AccountInfo.LastContextUpdateAt = p.AccountInfo.LastContextUpdateAt.Add(d)
	for i := range p.Subscriptions {
		s := &p.Subscriptions[i]
		for _, at := range []*time.Time{&s.ActivatedAt, &s.ExpiresAt, &s.LastRenewAt} {
			if !at.IsZero() {
				*at = at.Add(d)
			}
		}
	}
	return p
}

// FreeProfileAt is the TokenFree account as a Server whose clock reads t
// seeds it (see SubscriberProfileAt).
func FreeProfileAt(t time.Time) kiwi.AccountProfile {
	p := FreeProfile()
	p.AccountInfo.SignUpAt = p.AccountInfo.SignUpAt.Add(daysFromSeed(t))
	return p
}

// daysFromSeed is the whole number of days from SeedTime's day to t's,
// keeping the seeded dates' time of day.
func daysFromSeed(t time.Time) time.Duration {
	day := func(t time.Time) time.Time {
		y, m, d := t.UTC().Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	return day(t).Sub(day(SeedTime)).Round(24 * time.Hour)
}

// SubscriberProfile is the TokenSubscriber account dated for SeedTime: then
// its Google Play subscription is ACTIVE and its App Store one in TRIAL;
// the Stripe one was CANCELLED and the carrier-billing one EXPIRED.
func SubscriberProfile() kiwi.AccountProfile {
	return kiwi.AccountProfile{
		AccountInfo: kiwi.AccountInfo{
			AccountID:           "100042",
			IdentityPool:        "kiwitest-pool",
			SignUpAt:            day(2024, time.February, 10),
			LastContextUpdateAt: day(2025, time.May, 30),
		},
		CredentialsInfo: kiwi.CredentialsInfo{Confirmed: map[string]bool{"email": true, "phone": false}},
		Subscriptions: []kiwi.Subscription{
			{
				ID: "5001", Platform: kiwi.PlatformGooglePlay, Type: kiwi.AutoRenewable, Status: kiwi.SubscriptionActive,
				SKU: "premium_monthly", CurrencyCode: "USD", Price: 999,
				ExternalTransactionID: "GPA.3372-4410-9921-55012",
				ActivatedAt:           day(2025, time.January, 15), ExpiresAt: day(2025, time.June, 15), LastRenewAt: day(2025, time.May, 15),
				ExtraData: map[string]any{"order_id": "GPA.3372-4410-9921-55012..4", "auto_renewing": true},
			},
			{
				ID: "5002", Platform: kiwi.PlatformAppStore, Type: kiwi.AutoRenewable, Status: kiwi.SubscriptionTrial,
				SKU: "premium_yearly", CurrencyCode: "USD", Price: 4999,
				ExternalTransactionID: "270001234567890", CreatedAsTrial: true, TrialDurationInDays: 7,
				ActivatedAt: day(2025, time.May, 29), ExpiresAt: day(2025, time.June, 5),
			},
			{
				ID: "4007", Platform: kiwi.PlatformStripe, Type: kiwi.AutoRenewable, Status: kiwi.SubscriptionCancelled,
				CancelReason: "2", SKU: "premium_monthly_eur", CurrencyCode: "EUR", Price: 899,
				ExternalTransactionID: "sub_1KiwiTestStripe01",
				ActivatedAt:           day(2024, time.March, 1), ExpiresAt: day(2024, time.September, 1), LastRenewAt: day(2024, time.August, 1),
				ExtraData: map[string]any{"customer_id": "cus_KiwiTest0001"},
			},
			{
				ID: "3999", Platform: kiwi.PlatformSBS, Type: kiwi.NonRenewing, Status: kiwi.SubscriptionExpired,
				SKU: "weekly_pass", CurrencyCode: "BRL", Price: 490,
				ExternalTransactionID: "sbs-778812",
				ActivatedAt:           day(2024, time.October, 1), ExpiresAt: day(2024, time.October, 8),
				ExtraData: map[string]any{"phone_number": "+5511900000000", "carrier": "vivo"},
			},
		},
		Context: map[string]any{"favorite_team": "Kiwis FC", "onboarding_done": true, "launch_count": 42},
	}
}

// FreeProfile is the TokenFree account dated for SeedTime: no
// subscriptions, an empty context, an unconfirmed email.
func FreeProfile() kiwi.AccountProfile {
	return kiwi.AccountProfile{
		AccountInfo: kiwi.AccountInfo{
			AccountID:    "100077",
			IdentityPool: "kiwitest-pool",
			SignUpAt:     day(2025, time.May, 2),
		},
		CredentialsInfo: kiwi.CredentialsInfo{Confirmed: map[string]bool{"email": false}},
		Subscriptions:   []kiwi.Subscription{},
		Context:         map[string]any{},
	}
}

// SetClock sets the clock the seeded accounts are dated by (time.Now by
// default) and dates them again, as SubscriberProfileAt(now()) and
// FreeProfileAt(now()): changes made to those two accounts are lost, other
// accounts are kept. With the clock at SeedTime they are SubscriberProfile()
// and FreeProfile(), whatever the day the test runs.
func (s *Server) SetClock(now func() time.Time) {
	s.state.With(func(st *state) {
		st.now = now
		at := now()
		for token, p := range map[string]kiwi.AccountProfile{TokenSubscriber: SubscriberProfileAt(at), TokenFree: FreeProfileAt(at)} {
			if token == TokenSubscriber && st.creds.UserToken != TokenSubscriber {
				token = st.creds.UserToken // SetCredentials moved the subscriber
			}
			if token != "" {
				st.accounts[token] = p
			}
		}
	})
}

// SetAccount adds or replaces the account token belongs to. An empty
// token is never accepted.
func (s *Server) SetAccount(token string, p kiwi.AccountProfile) {
	p = clone(p)
	s.state.With(func(st *state) { st.accounts[token] = p })
}

// Account returns a copy of the account token belongs to, and whether
// there is one.
func (s *Server) Account(token string) (kiwi.AccountProfile, bool) {
	var p kiwi.AccountProfile
	var ok bool
	s.state.With(func(st *state) { p, ok = st.accounts[token] })
	if !ok {
		return kiwi.AccountProfile{}, false
	}
	return clone(p), true
}

// RemoveAccount removes token's account: the token becomes invalid.
func (s *Server) RemoveAccount(token string) {
	s.state.With(func(st *state) { delete(st.accounts, token) })
}

// clone deep-copies a profile through its wire format, as the client would
// see it.
func clone(p kiwi.AccountProfile) kiwi.AccountProfile {
	b, err := json.Marshal(wireProfile(p, true, true))
	if err != nil {
		panic("kiwitest: profile cannot be encoded: " + err.Error())
	}
	var out kiwi.AccountProfile
	if err := json.Unmarshal(b, &out); err != nil {
		panic("kiwitest: profile cannot be decoded: " + err.Error())
	}
	if p.Subscriptions == nil {
		out.Subscriptions = nil
	}
	if p.Context == nil {
		out.Context = nil
	}
	return out
}
