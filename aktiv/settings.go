package aktiv

import (
	"context"
	"errors"
	"net/http"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// SettingsUpdate is the body of PutSettings. It is sent as {"lang": N};
// GetProfile reports the same value as Settings.Language.
type SettingsUpdate struct {
	// Language is the vendor's language number. 0 is valid (the vendor's
	// own example user has it); negative numbers are refused.
	Language int `json:"lang"`
}

// PutSettings replaces the signed-in user's settings. Any role may call it.
//
// PUT /v1.0/profile/settings with {"lang": N}. Idempotent (it replaces
// state): retried on connection errors, 429, 502, 503 and 504.
//
// Vendor doc: the "Profile" page of the Guardant API v1.0 documentation at
// https://dev.guardant.ru.
func (c *Client) PutSettings(ctx context.Context, s SettingsUpdate, opts ...CallOption) error {
	if s.Language < 0 {
		return errors.New("aktiv: PutSettings: Language must not be negative")
	}
	_, err := c.core().Do(ctx, &rest.Call{Operation: "PutSettings", Method: http.MethodPut, Route: "/v1.0/profile/settings", Body: s, Safety: rest.Idempotent}, opts...)
	return err
}
