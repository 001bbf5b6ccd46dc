package cloudsigmatest

import (
	_ "embed"
	"encoding/json"

	"github.com/profiles-sdk/profiles-go/cloudsigma"
)

//go:embed schema.json
var schemaJSON []byte

//go:embed profile.json
var seedProfileJSON []byte

var schema = mustSchema()

func mustSchema() cloudsigma.Schema {
	var s cloudsigma.Schema
	if err := json.Unmarshal(schemaJSON, &s); err != nil {
		panic("cloudsigmatest: embedded schema: " + err.Error())
	}
	return s
}

func seed() state {
	return state{
		profile: seedProfile(),
		creds:   cloudsigma.Credentials{Username: defaultUsername, Password: defaultPassword},
	}
}

func seedProfile() map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(seedProfileJSON, &m); err != nil {
		panic("cloudsigmatest: embedded profile: " + err.Error())
	}
	return m
}

// Profile returns the stored profile (the account's only one, hence no
// key), decoded, and whether the cloudsigma package could decode it: after
// SetField stored a value it cannot read, ok is false (ProfileJSON shows
// what is stored).
func (s *Server) Profile() (cloudsigma.Profile, bool) {
	var p cloudsigma.Profile
	if err := json.Unmarshal(s.ProfileJSON(), &p); err != nil {
		return cloudsigma.Profile{}, false
	}
	return p, true
}

// ProfileJSON returns the stored profile as the fake answers it.
func (s *Server) ProfileJSON() []byte {
	var b []byte
	s.state.With(func(st *state) { b, _ = json.Marshal(st.profile) })
	return b
}

// SetProfile replaces the stored profile with p, read-only fields
// included (set State, TaxRate, Email, ... here, not through PUT).
func (s *Server) SetProfile(p cloudsigma.Profile) {
	b, err := json.Marshal(p)
	if err != nil {
		panic("cloudsigmatest: SetProfile: " + err.Error())
	}
	var m map[string]json.RawMessage
	_ = json.Unmarshal(b, &m)
	if !p.SignupTime.IsZero() {
		m["signup_time"], _ = json.Marshal(p.SignupTime.Format("2006-01-02T15:04:05.999999-07:00"))
	}
	s.state.With(func(st *state) { st.profile = m })
}

// SetField stores one field of the profile as the JSON of value,
// read-only or not: for answers a test wants to see, such as a null, a
// tax rate or a state.
func (s *Server) SetField(name string, value any) {
	b, err := json.Marshal(value)
	if err != nil {
		panic("cloudsigmatest: SetField: " + err.Error())
	}
	s.state.With(func(st *state) { st.profile[name] = b })
}

type state struct {
	profile map[string]json.RawMessage
	creds   cloudsigma.Credentials // accepted: Basic, and Bearer if Token is set
}
