package aktiv

import (
	"context"
)

// GetAccessCodes returns the vendor's access codes; they are the same for
// every user of a vendor. AccessCode.Private is nil unless the user has the
// Administrator or Developer role.
//
// GET /v1.0/profile/accesscodes. Idempotent: retried on connection errors,
// 429, 502, 503 and 504.
//
// Vendor doc: the "Profile" page of the Guardant API v1.0 documentation at
// https://dev.guardant.ru.
func (c *Client) GetAccessCodes(ctx context.Context, opts ...CallOption) ([]AccessCode, error) {
	var out struct {
		// nil when absent or null; [] decodes to an empty, non-nil slice.
		AccessCodes []AccessCode `json:"accesscodes"`
	}
	if err := c.get(ctx, "GetAccessCodes", "/v1.0/profile/accesscodes", &out, "accesscodes", func() bool { return out.AccessCodes != nil }, opts); err != nil {
		return nil, err
	}
	return out.AccessCodes, nil
}
