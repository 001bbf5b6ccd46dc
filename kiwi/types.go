package kiwi

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/profiles-sdk/profiles-go/internal/flex"
)

// Platform is the monetization platform a subscription was bought on
// (subscription_platform). Numbers the manual does not list decode without
// error and print as "Platform(N)".
type Platform int

// The platforms the manual lists.
const (
	PlatformAppStore     Platform = 1  // App Store (iTunes)
	PlatformGooglePlay   Platform = 2  // Google Play
	PlatformMozca        Platform = 3  // Mozca
	PlatformSBS          Platform = 4  // SBS (carrier billing)
	PlatformMozcaFortumo Platform = 5  // Mozca - Fortumo
	PlatformMozcaBoku    Platform = 6  // Mozca - Boku
	PlatformSmartcoin    Platform = 7  // Smartcoin
	PlatformPagarMe      Platform = 8  // Pagar.me
	PlatformStripe       Platform = 9  // Stripe
	PlatformGiftCard     Platform = 10 // Gift card
	PlatformVindi        Platform = 11 // Vindi
	PlatformNexxera      Platform = 12 // Nexxera
)

var platformNames = map[Platform]string{
	PlatformAppStore:     "App Store (iTunes)",
	PlatformGooglePlay:   "Google Play",
	PlatformMozca:        "Mozca",
	PlatformSBS:          "SBS (carrier billing)",
	PlatformMozcaFortumo: "Mozca - Fortumo",
	PlatformMozcaBoku:    "Mozca - Boku",
	PlatformSmartcoin:    "Smartcoin",
	PlatformPagarMe:      "Pagar.me",
	PlatformStripe:       "Stripe",
	PlatformGiftCard:     "Gift card",
	PlatformVindi:        "Vindi",
	PlatformNexxera:      "Nexxera",
}

// String returns the manual's name, or "Platform(N)" for an unlisted number.
func (p Platform) String() string { return enumName(platformNames, p, "Platform") }

// Known reports whether the manual lists p.
func (p Platform) Known() bool { _, ok := platformNames[p]; return ok }

// UnmarshalJSON accepts the number, the number as text, or the name.
func (p *Platform) UnmarshalJSON(b []byte) error { return decodeEnum(b, platformNames, p, "platform") }

// SubscriptionType says whether a subscription renews by itself
// (subscription_type).
type SubscriptionType int

// The subscription types the manual lists.
const (
	AutoRenewable SubscriptionType = 1 // AUTO_RENEWABLE
	NonRenewing   SubscriptionType = 2 // NON_RENEWING
)

var typeNames = map[SubscriptionType]string{
	AutoRenewable: "AUTO_RENEWABLE",
	NonRenewing:   "NON_RENEWING",
}

// String returns the manual's name, or "SubscriptionType(N)".
func (t SubscriptionType) String() string { return enumName(typeNames, t, "SubscriptionType") }

// Known reports whether the manual lists t.
func (t SubscriptionType) Known() bool { _, ok := typeNames[t]; return ok }

// UnmarshalJSON accepts the number, the number as text, or the name.
func (t *SubscriptionType) UnmarshalJSON(b []byte) error {
	return decodeEnum(b, typeNames, t, "subscription type")
}

// SubscriptionStatus is the state of a subscription (subscription_status).
type SubscriptionStatus int

// The subscription statuses the manual lists.
const (
	SubscriptionActive       SubscriptionStatus = 1 // ACTIVE
	SubscriptionExpired      SubscriptionStatus = 2 // EXPIRED
	SubscriptionCancelled    SubscriptionStatus = 3 // CANCELLED
	SubscriptionTrial        SubscriptionStatus = 4 // TRIAL
	SubscriptionUnknown      SubscriptionStatus = 5 // UNKNOWN
	SubscriptionWaitingRenew SubscriptionStatus = 6 // WAITING_RENEW
)

var statusNames = map[SubscriptionStatus]string{
	SubscriptionActive:       "ACTIVE",
	SubscriptionExpired:      "EXPIRED",
	SubscriptionCancelled:    "CANCELLED",
	SubscriptionTrial:        "TRIAL",
	SubscriptionUnknown:      "UNKNOWN",
	SubscriptionWaitingRenew: "WAITING_RENEW",
}

// String returns the manual's name, or "SubscriptionStatus(N)".
func (s SubscriptionStatus) String() string { return enumName(statusNames, s, "SubscriptionStatus") }

// Known reports whether the manual lists s.
func (s SubscriptionStatus) Known() bool { _, ok := statusNames[s]; return ok }

// UnmarshalJSON accepts the number, the number as text, or the name.
func (s *SubscriptionStatus) UnmarshalJSON(b []byte) error {
	return decodeEnum(b, statusNames, s, "subscription status")
}

// OperationStatus is the operation_status every Kiwi answer carries.
type OperationStatus int

// The operation statuses the manual lists.
const (
	OperationSuccess      OperationStatus = 0 // SUCCESS
	OperationInvalidToken OperationStatus = 1 // ERROR_INVALID_TOKEN
)

var operationNames = map[OperationStatus]string{
	OperationSuccess:      "SUCCESS",
	OperationInvalidToken: "ERROR_INVALID_TOKEN",
}

// String returns the manual's name, or "OperationStatus(N)".
func (s OperationStatus) String() string { return enumName(operationNames, s, "OperationStatus") }

// UnmarshalJSON accepts the number, the number as text, or the name.
func (s *OperationStatus) UnmarshalJSON(b []byte) error {
	return decodeEnum(b, operationNames, s, "operation_status")
}

func enumName[E ~int](names map[E]string, v E, typeName string) string {
	if name, ok := names[v]; ok {
		return name
	}
	return typeName + "(" + strconv.Itoa(int(v)) + ")"
}

// decodeEnum reads a number (unknown ones included, so that a platform Kiwi
// adds tomorrow does not break decoding), the number as text, or one of the
// manual's names in any case. null is the zero value.
func decodeEnum[E ~int](b []byte, names map[E]string, dst *E, what string) error {
	b = bytes.TrimSpace(b)
	if n, ok := flex.Integer(b); ok { // how nearly every enum arrives
		*dst = E(n)
		return nil
	}
	text := string(b)
	switch {
	case text == "null":
		*dst = 0
		return nil
	case len(b) > 0 && b[0] == '"':
		var err error
		if text, err = flex.Text(b); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		text = strings.TrimSpace(text)
		for value, name := range names {
			if strings.EqualFold(name, text) {
				*dst = value
				return nil
			}
		}
	}
	n, err := flex.ParseWholeNumber(text)
	if err != nil {
		return fmt.Errorf("%s %.40q is neither a number nor a known name", what, text)
	}
	*dst = E(n)
	return nil
}
