package aktiv

import (
	"context"
	"encoding/json"
	"time"

	"github.com/profiles-sdk/profiles-go"
)

// GetBalance returns the vendor's balance. Only administrators may call it;
// others get an APIError matching ErrForbidden.
//
// GET /v1.0/profile/balance, a guess: the vendor's page repeats the
// access-codes URL for this call, a copy error. The answer is
// {"balance": {...}}. Idempotent: retried on
// connection errors, 429, 502, 503 and 504. Vendor doc: the "Profile" page
// at https://dev.guardant.ru.
func (c *Client) GetBalance(ctx context.Context, opts ...profiles.CallOption) (*Balance, error) {
	var out struct {
		Balance *Balance `json:"balance"`
	}
	if err := c.get(ctx, "GetBalance", "/v1.0/profile/balance", &out, "balance", func() bool { return out.Balance != nil }, opts); err != nil {
		return nil, err
	}
	return out.Balance, nil
}

// Balance is the vendor's licence balance and company record.
//
// The counters are passed through as the vendor sends them: its own example
// shows -842150451 (0xCDCDCDCD, uninitialised memory on its side), so a
// negative value means "not set" rather than a debt.
type Balance struct {
	ID                   int64  `json:"_id"`
	ActivationsCount     int64  `json:"activationscount"`
	ActivationsLimit     int64  `json:"activationslimit"`
	CompanyName          string `json:"companyname"`
	CountryID            int    `json:"countryid"`
	IsPostpaid           bool   `json:"ispostpaid"`
	LocalLicensesBalance int64  `json:"locallicensesbalance"`
	NetLicensesBalance   int64  `json:"netlicensesbalance"`
	Phone                string `json:"phone"`
	// Status is a number here, unlike User.Status.
	Status int `json:"status"`
	// SubscriptionBegin and SubscriptionEnd are nil when the vendor sends 0
	// (no subscription).
	SubscriptionBegin *time.Time `json:"subscriptionbegindate"`
	SubscriptionEnd   *time.Time `json:"subscriptionenddate"`
}

// UnmarshalJSON reads the subscription dates as Unix seconds.
func (b *Balance) UnmarshalJSON(data []byte) error {
	type plain Balance
	aux := struct {
		*plain
		SubscriptionBegin unixSeconds `json:"subscriptionbegindate"`
		SubscriptionEnd   unixSeconds `json:"subscriptionenddate"`
	}{plain: (*plain)(b)}
	if err := json.Unmarshal(data, &aux); err != nil {
		return err
	}
	b.SubscriptionBegin = aux.SubscriptionBegin.time()
	b.SubscriptionEnd = aux.SubscriptionEnd.time()
	return nil
}

// MarshalJSON writes the vendor's format back, dates as Unix seconds.
func (b Balance) MarshalJSON() ([]byte, error) {
	type plain Balance
	return json.Marshal(struct {
		plain
		SubscriptionBegin unixSeconds `json:"subscriptionbegindate"`
		SubscriptionEnd   unixSeconds `json:"subscriptionenddate"`
	}{plain: plain(b), SubscriptionBegin: toUnix(b.SubscriptionBegin), SubscriptionEnd: toUnix(b.SubscriptionEnd)})
}
