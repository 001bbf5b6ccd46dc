package haravantest

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/profiles-sdk/profiles-go/haravan"
	"github.com/profiles-sdk/profiles-go/internal/fake"
)

// list serves GET /loy/profiles.json: ascending ids, filtered by since_id,
// phone and updated_at_min/max, paged by page and limit (capped at 50 as
// Haravan does), trimmed to fields.
func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, field, msg := parseFilter(q)
	if field != "" {
		writeFieldErrors(w, field, msg)
		return
	}
	var page []haravan.Profile
	s.st.With(func(st *state) {
		skip := (f.page - 1) * f.limit
		for _, id := range st.sortedIDs() {
			p := st.profiles[id]
			if !f.match(p) {
				continue
			}
			if skip > 0 {
				skip--
				continue
			}
			if len(page) == f.limit {
				break
			}
			page = append(page, copyProfile(p))
		}
	})
	out := make([]any, 0, len(page))
	for _, p := range page {
		out = append(out, project(p, f.fields))
	}
	fake.WriteJSON(w, http.StatusOK, map[string]any{"profiles": out})
}

type filter struct {
	sinceID  int64
	phone    string
	min, max time.Time
	limit    int
	page     int
	fields   []string
}

func (f *filter) match(p *haravan.Profile) bool {
	switch {
	case p.ID <= f.sinceID:
		return false
	case f.phone != "" && p.Phone != f.phone:
		return false
	case !f.min.IsZero() && p.UpdatedAt.Before(f.min):
		return false
	case !f.max.IsZero() && p.UpdatedAt.After(f.max):
		return false
	}
	return true
}

// parseFilter reads the list parameters; on a bad one it returns the
// parameter's name and a message for a 422.
func parseFilter(q url.Values) (f filter, field, msg string) {
	f = filter{limit: haravan.MaxPageSize, page: 1, phone: q.Get("phone")}
	var err error
	if v := q.Get("since_id"); v != "" {
		if f.sinceID, err = strconv.ParseInt(v, 10, 64); err != nil {
			return f, "since_id", "is not a number"
		}
	}
	if v := q.Get("limit"); v != "" {
		if f.limit, err = strconv.Atoi(v); err != nil || f.limit < 1 {
			return f, "limit", "must be a positive number"
		}
		f.limit = min(f.limit, haravan.MaxPageSize)
	}
	if v := q.Get("page"); v != "" {
		if f.page, err = strconv.Atoi(v); err != nil || f.page < 1 {
			return f, "page", "must be a positive number"
		}
	}
	for _, name := range []string{"updated_at_min", "updated_at_max"} {
		v := q.Get(name)
		if v == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return f, name, "is not a date like 2008-12-31T02:01:27.483Z"
		}
		if name == "updated_at_min" {
			f.min = t
		} else {
			f.max = t
		}
	}
	if v := q.Get("fields"); v != "" {
		for name := range strings.SplitSeq(v, ",") {
			if name = strings.TrimSpace(name); name != "" {
				f.fields = append(f.fields, name)
			}
		}
	}
	return f, "", ""
}

// project keeps only the named JSON fields of p; none named keeps all.
func project(p haravan.Profile, fields []string) any {
	if len(fields) == 0 {
		return p
	}
	b, _ := json.Marshal(p)
	var all map[string]json.RawMessage
	_ = json.Unmarshal(b, &all)
	out := make(map[string]json.RawMessage, len(fields))
	for _, name := range fields {
		if v, ok := all[name]; ok {
			out[name] = v
		}
	}
	return out
}

// lookup finds the profile of the request's {id}, answering 404 itself when
// there is none.
func (s *Server) lookup(w http.ResponseWriter, r *http.Request) (haravan.Profile, string, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	var p haravan.Profile
	var tags string
	var ok bool
	if err == nil {
		s.st.With(func(st *state) {
			if stored, found := st.profiles[id]; found {
				p, tags, ok = copyProfile(stored), st.tags[id], true
			}
		})
	}
	if !ok {
		writeError(w, r, http.StatusNotFound, "Not Found")
	}
	return p, tags, ok
}

func (s *Server) get(w http.ResponseWriter, r *http.Request) {
	if p, _, ok := s.lookup(w, r); ok {
		fake.WriteJSON(w, http.StatusOK, map[string]any{"profile": p})
	}
}

func (s *Server) getTags(w http.ResponseWriter, r *http.Request) {
	if _, tags, ok := s.lookup(w, r); ok {
		fake.WriteJSON(w, http.StatusOK, map[string]any{"profile": map[string]string{"tags": tags}})
	}
}

func (s *Server) getAttributes(w http.ResponseWriter, r *http.Request) {
	if p, _, ok := s.lookup(w, r); ok {
		attrs := p.Attributes
		if attrs == nil {
			attrs = []haravan.Attribute{}
		}
		fake.WriteJSON(w, http.StatusOK, map[string]any{"profile": map[string]any{"attributes": attrs}})
	}
}

// points serves PUT .../points/add.json and .../points/subtract.json and
// answers the bare profile, as Haravan does.
func (s *Server) points(op string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Point *struct {
				Value  json.Number `json:"value"`
				Reason string      `json:"reason"`
				RefID  string      `json:"ref_id"`
			} `json:"point"`
		}
		if !fake.ReadJSON(r, &body) || body.Point == nil {
			writeError(w, r, http.StatusBadRequest, `the body must be {"point": {"value": N, "reason": "...", "ref_id": "..."}}`)
			return
		}
		value, err := body.Point.Value.Int64()
		if err != nil || value <= 0 {
			writeFieldErrors(w, "value", "must be a whole number greater than 0")
			return
		}
		rec := PointRecord{Op: op, Value: value, Reason: body.Point.Reason, RefID: body.Point.RefID}
		p, status, msg := s.apply(r.PathValue("id"), rec)
		if status != 0 {
			writeError(w, r, status, msg)
			return
		}
		fake.WriteJSON(w, http.StatusOK, p)
	}
}

// apply changes the balance and records the change, or refuses (422) to
// take more than is available or to push a balance past the largest number
// it can hold, leaving the profile as it was.
func (s *Server) apply(rawID string, rec PointRecord) (haravan.Profile, int, string) {
	id, _ := strconv.ParseInt(rawID, 10, 64)
	var out haravan.Profile
	var status int
	var msg string
	s.st.With(func(st *state) {
		p, ok := st.profiles[id]
		switch {
		case !ok:
			status, msg = http.StatusNotFound, "Not Found"
			return
		case rec.Op == "subtract" && rec.Value > p.PointAvailable:
			status = http.StatusUnprocessableEntity
			msg = "Not enough points: " + strconv.FormatInt(p.PointAvailable, 10) + " available, " + strconv.FormatInt(rec.Value, 10) + " requested"
			return
		case rec.Op == "add" && rec.Value > math.MaxInt64-p.PointAvailable,
			rec.Op == "subtract" && rec.Value > math.MaxInt64-p.PointUsed:
			status = http.StatusUnprocessableEntity
			msg = "Too many points: the balance would exceed " + strconv.FormatInt(math.MaxInt64, 10)
			return
		case rec.Op == "add":
			p.PointAvailable += rec.Value
		default:
			p.PointAvailable -= rec.Value
			p.PointUsed += rec.Value
		}
		now := st.now().UTC()
		p.UpdatedAt = now
		rec.ProfileID, rec.At = id, now
		st.history = append(st.history, rec)
		out = copyProfile(p)
	})
	return out, status, msg
}

// writeError answers in Haravan's format, {"errors": "message"}.
func writeError(w http.ResponseWriter, _ *http.Request, status int, message string) {
	if status == http.StatusTooManyRequests && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", "2.0")
	}
	fake.WriteJSON(w, status, map[string]any{"errors": message})
}

// writeFieldErrors answers 422 with {"errors": {"field": ["message"]}}.
func writeFieldErrors(w http.ResponseWriter, field, message string) {
	fake.WriteJSON(w, http.StatusUnprocessableEntity, map[string]any{"errors": map[string][]string{field: {message}}})
}

func (s *Server) authorize(r *http.Request) (int, string) {
	var status int
	var msg string
	s.st.With(func(st *state) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		switch {
		case !ok || strings.TrimSpace(token) == "":
			status, msg = http.StatusUnauthorized, "[API] Missing access token: send Authorization: Bearer <token>"
		case st.token == "" || token != st.token:
			status, msg = http.StatusUnauthorized, "[API] Invalid access token"
		case !st.granted(scopeFor(r.Method)):
			status, msg = http.StatusForbidden, "[API] This action requires the "+scopeFor(r.Method)+" scope"
		case throttled(r):
			status, msg = http.StatusTooManyRequests, fmt.Sprintf("Exceeded %d calls per shop, leaking %g per second", st.bucketSize, st.leakRate)
		}
	})
	return status, msg
}

func scopeFor(method string) string {
	if method == http.MethodGet {
		return ScopeReadProfiles
	}
	return ScopeWriteProfiles
}

func (st *state) granted(scope string) bool {
	if st.scopes == nil {
		return true
	}
	// Haravan's write scope includes reading.
	return st.scopes[scope] || (scope == ScopeReadProfiles && st.scopes[ScopeWriteProfiles])
}

// The shop's call-limit bucket.
const (
	bucketSize = 80
	leakRate   = 4
)

type throttledKey struct{}

func throttled(r *http.Request) bool {
	v, _ := r.Context().Value(throttledKey{}).(bool)
	return v
}

// meter pours every request into the shop's bucket and reports its level in
// X-Haravan-Api-Call-Limit; with enforcement on, a request that overflows
// it is marked for a 429.
func (s *Server) meter(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var used, size int
		var over bool
		s.st.With(func(st *state) {
			now := st.now()
			if !st.levelAt.IsZero() {
				st.level = max(st.level-now.Sub(st.levelAt).Seconds()*st.leakRate, 0)
			}
			st.levelAt = now
			if st.enforce && st.level+1 > float64(st.bucketSize) {
				over = true
			} else {
				st.level++
			}
			used, size = int(st.level+0.999), st.bucketSize
		})
		w.Header().Set(haravan.CallLimitHeader, fmt.Sprintf("%d/%d", used, size))
		if over {
			w.Header().Set("Retry-After", "2.0")
			r = r.WithContext(context.WithValue(r.Context(), throttledKey{}, true))
		}
		next.ServeHTTP(w, r)
	})
}
