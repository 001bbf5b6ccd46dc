package kiwi

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/profiles-sdk/profiles-go/internal/flex"
)

// Subscription is one of an account's subscriptions.
type Subscription struct {
	// ID is the subscription's id on Kiwi, as text even when sent as a number.
	ID string `json:"id"`
	// Platform is the monetization platform (subscription_platform).
	Platform Platform `json:"subscription_platform"`
	// Type says whether the subscription renews by itself.
	Type SubscriptionType `json:"subscription_type"`
	// Status is the subscription's state.
	Status SubscriptionStatus `json:"subscription_status"`
	// CancelReason is the code of the reason the subscription was
	// cancelled, as text; empty when Kiwi sent none.
	CancelReason string `json:"cancel_reason,omitempty"`
	// SKU is the product's SKU.
	SKU string `json:"sku"`
	// CurrencyCode is the currency the subscription is charged in ("USD").
	CurrencyCode string `json:"currency_code"`
	// Price is in cents of CurrencyCode: 499 with "USD" is 4.99 USD. See
	// PriceString.
	Price int64 `json:"price"`
	// ExternalTransactionID is the subscription's id on its platform.
	ExternalTransactionID string `json:"external_transaction_id"`
	// CreatedAsTrial says whether the subscription started as a trial.
	CreatedAsTrial bool `json:"created_as_trial"`
	// TrialDurationInDays is the trial's length; 0 when there was none or
	// Kiwi did not say.
	TrialDurationInDays int `json:"trial_duration_in_days,omitempty"`
	// ActivatedAt, ExpiresAt and LastRenewAt are zero when Kiwi sent null,
	// 0 or "".
	ActivatedAt time.Time `json:"activated_at"`
	ExpiresAt   time.Time `json:"expires_at"`
	LastRenewAt time.Time `json:"last_renew_at"`
	// ExtraData is what the platform adds (a phone number for carrier
	// billing, a customer id for Stripe, ...). Numbers are json.Number.
	ExtraData map[string]any `json:"extra_data"`
}

// UnmarshalJSON decodes the wire format (see subscriptionWire).
func (s *Subscription) UnmarshalJSON(b []byte) error {
	var w subscriptionWire
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("subscription: %w", err)
	}
	*s = w.subscription()
	return nil
}

// MarshalJSON writes the wire format, with zero dates as null.
func (s Subscription) MarshalJSON() ([]byte, error) {
	type plain Subscription // no methods: avoids recursion
	return json.Marshal(struct {
		plain
		ActivatedAt *time.Time `json:"activated_at"`
		ExpiresAt   *time.Time `json:"expires_at"`
		LastRenewAt *time.Time `json:"last_renew_at"`
	}{plain(s), flex.TimeOrNil(s.ActivatedAt), flex.TimeOrNil(s.ExpiresAt), flex.TimeOrNil(s.LastRenewAt)})
}

// ActiveAt reports whether the subscription grants access at t: its status
// is ACTIVE or TRIAL and it has not expired by then (a zero ExpiresAt
// never expires). WAITING_RENEW, a platform's grace state, does not count.
func (s Subscription) ActiveAt(t time.Time) bool {
	if s.Status != SubscriptionActive && s.Status != SubscriptionTrial {
		return false
	}
	return s.ExpiresAt.IsZero() || t.Before(s.ExpiresAt)
}

// PriceString is FormatPrice(s.Price, s.CurrencyCode): "4.99 USD".
func (s Subscription) PriceString() string { return FormatPrice(s.Price, s.CurrencyCode) }

// FormatPrice writes cents as a decimal with two places, followed by the
// currency code when there is one: FormatPrice(499, "USD") is "4.99 USD",
// FormatPrice(-50, "EUR") is "-0.50 EUR", FormatPrice(1000, "") is "10.00".
// The manual counts every price in cents, so every currency gets two
// places; the code is upper-cased and not checked, so an unknown one shows.
func FormatPrice(cents int64, currency string) string {
	sign, abs := "", uint64(cents)
	if cents < 0 {
		sign, abs = "-", uint64(-cents) // wraps to 1<<63 for math.MinInt64: exact
	}
	amount := fmt.Sprintf("%s%d.%02d", sign, abs/100, abs%100)
	if code := strings.ToUpper(strings.TrimSpace(currency)); code != "" {
		return amount + " " + code
	}
	return amount
}
