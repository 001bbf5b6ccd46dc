package haravan

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"iter"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/profiles-sdk/profiles-go/internal/flex"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// MaxPageSize is the largest list page Haravan answers; it silently caps a
// larger limit.
const MaxPageSize = 50

// ListProfilesOptions filters and pages ListProfiles and Profiles; the zero
// value asks for the first page of every profile.
type ListProfilesOptions struct {
	// SinceID restricts the list to profiles with a larger id.
	SinceID int64 `url:"since_id,omitempty"`
	// Fields names the JSON fields to fill ("id", "phone", ...); none means
	// all. Profile fields not named stay empty.
	Fields []string `url:"fields,comma,omitempty"`
	// Phone restricts the list to the profiles with this phone number.
	Phone string `url:"phone,omitempty"`
	// UpdatedAtMin and UpdatedAtMax restrict the list to profiles updated
	// after / before these times, sent in UTC as 2008-12-31T02:01:27.483Z.
	UpdatedAtMin time.Time `url:"updated_at_min,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
	UpdatedAtMax time.Time `url:"updated_at_max,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
	// Limit is the page size, at most MaxPageSize. When it is zero,
	// ListProfiles leaves the size to Haravan (documented as 50 on one page
	// and 20 on another) and Profiles asks for MaxPageSize.
	Limit int `url:"limit,omitempty"`
	// Page is the 1-based page number; zero means the first.
	Page int `url:"page,omitempty"`
}

// validate checks the options and returns the copy that is sent, with the
// times in UTC.
func (o *ListProfilesOptions) validate() (*ListProfilesOptions, error) {
	if o == nil {
		return &ListProfilesOptions{}, nil
	}
	q := *o
	switch {
	case q.SinceID < 0:
		return nil, invalid("ListProfilesOptions.SinceID %d is negative", q.SinceID)
	case q.Limit < 0 || q.Limit > MaxPageSize:
		return nil, invalid("ListProfilesOptions.Limit %d is outside 1..%d (Haravan silently caps larger pages)", q.Limit, MaxPageSize)
	case q.Page < 0:
		return nil, invalid("ListProfilesOptions.Page %d is negative", q.Page)
	case !q.UpdatedAtMin.IsZero() && !q.UpdatedAtMax.IsZero() && q.UpdatedAtMax.Before(q.UpdatedAtMin):
		return nil, invalid("ListProfilesOptions.UpdatedAtMax is before UpdatedAtMin")
	}
	for _, f := range q.Fields {
		if strings.TrimSpace(f) == "" || strings.Contains(f, ",") {
			return nil, invalid("ListProfilesOptions.Fields holds an empty name or one with a comma: %q", f)
		}
	}
	q.UpdatedAtMin = q.UpdatedAtMin.UTC()
	q.UpdatedAtMax = q.UpdatedAtMax.UTC()
	return &q, nil
}

// ListProfiles returns one page of profiles (GET /loy/profiles.json).
// opts may be nil. Use Profiles to walk every page.
//
// Idempotent: retried on connection errors, 429, 502, 503 and 504.
// Haravan docs: https://docs.haravan.com/docs/loyalty-apis/profiles/
func (c *Client) ListProfiles(ctx context.Context, opts *ListProfilesOptions, callOpts ...CallOption) ([]*Profile, error) {
	q, err := opts.validate()
	if err != nil {
		return nil, err
	}
	var out struct {
		Profiles []*profileWire `json:"profiles"`
	}
	_, err = c.core().Do(ctx, &rest.Call{Operation: "ListProfiles", Method: http.MethodGet, Route: "/loy/profiles.json", Query: q, Safety: rest.Idempotent, Out: &out}, callOpts...)
	if err != nil {
		return nil, err
	}
	page := make([]*Profile, len(out.Profiles))
	for i, w := range out.Profiles {
		if w != nil { // a null element stays a nil *Profile
			page[i] = w.profile()
		}
	}
	return page, nil
}

// Profiles walks every page of the list that opts select, one page in
// memory at a time: MaxPageSize profiles per page unless opts.Limit says
// otherwise, from opts.Page (or the first page) to the first short page.
// opts is never modified. Breaking out of the loop stops fetching. An error
// is yielded once, with a nil profile, and ends the walk.
//
// A full page identical to an earlier one ends the walk with an error
// wrapping ErrUnexpectedResponse, since a server that ignores "page" would
// otherwise make it endless. When opts.Fields leaves out "id", pages of
// different profiles can look identical (say, fifty empty phone numbers):
// name "id" among the fields to walk such a list.
//
// Each page is an idempotent GET (see ListProfiles).
func (c *Client) Profiles(ctx context.Context, opts *ListProfilesOptions, callOpts ...CallOption) iter.Seq2[*Profile, error] {
	return func(yield func(*Profile, error) bool) {
		q := ListProfilesOptions{}
		if opts != nil {
			q = *opts
			q.Fields = slices.Clone(opts.Fields)
		}
		if q.Limit == 0 {
			q.Limit = MaxPageSize
		}
		if q.Page == 0 {
			q.Page = 1
		}
		// A digest of every full page's decoded profiles → its number.
		seed := maphash.MakeSeed()
		seen := map[uint64]int{}
		for {
			page, err := c.ListProfiles(ctx, &q, callOpts...)
			if err != nil {
				yield(nil, err)
				return
			}
			if len(page) >= q.Limit {
				encoded, err := json.Marshal(page)
				if err != nil {
					yield(nil, err) // unreachable: decoded profiles encode
					return
				}
				sum := maphash.Bytes(seed, encoded)
				if first, ok := seen[sum]; ok {
					yield(nil, fmt.Errorf("haravan: %w: page %d repeats page %d; the server seems to ignore the page parameter", ErrUnexpectedResponse, q.Page, first))
					return
				}
				seen[sum] = q.Page
			}
			for _, p := range page {
				if !yield(p, nil) {
					return
				}
			}
			if len(page) < q.Limit {
				return
			}
			q.Page++
		}
	}
}

// GetProfile returns one profile (GET /loy/profiles/{id}.json).
//
// Idempotent: retried on connection errors, 429, 502, 503 and 504.
// Haravan docs: https://docs.haravan.com/docs/loyalty-apis/profiles/
func (c *Client) GetProfile(ctx context.Context, id int64, opts ...CallOption) (*Profile, error) {
	w, err := getProfile[profileWire](ctx, c, "GetProfile", "/loy/profiles/{id}.json", id, opts)
	if err != nil {
		return nil, err
	}
	return w.profile(), nil
}

// GetProfileTags returns a profile's tags (GET
// /loy/profiles/{id}/tags.json), sent as one comma-separated text, split
// and trimmed; an empty slice when there are none.
//
// Idempotent: retried on connection errors, 429, 502, 503 and 504.
// Haravan docs: https://docs.haravan.com/docs/loyalty-apis/profiles/
func (c *Client) GetProfileTags(ctx context.Context, id int64, opts ...CallOption) ([]string, error) {
	p, err := getProfile[struct {
		Tags tagList `json:"tags"`
	}](ctx, c, "GetProfileTags", "/loy/profiles/{id}/tags.json", id, opts)
	if err != nil {
		return nil, err
	}
	return orEmpty(p.Tags), nil
}

// GetProfileAttributes returns a profile's attributes (GET
// /loy/profiles/{id}/attributes.json), an empty slice when there are none.
//
// Idempotent: retried on connection errors, 429, 502, 503 and 504.
// Haravan docs: https://docs.haravan.com/docs/loyalty-apis/profiles/
func (c *Client) GetProfileAttributes(ctx context.Context, id int64, opts ...CallOption) ([]Attribute, error) {
	p, err := getProfile[struct {
		Attributes []attributeWire `json:"attributes"`
	}](ctx, c, "GetProfileAttributes", "/loy/profiles/{id}/attributes.json", id, opts)
	if err != nil {
		return nil, err
	}
	return orEmpty(attributesOf(p.Attributes)), nil
}

// getProfile GETs a profile's route and decodes the answer's "profile"
// member into a T, failing when the member is absent or null.
func getProfile[T any](ctx context.Context, c *Client, op, route string, id int64, opts []CallOption) (*T, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	var out struct {
		Profile *T `json:"profile"`
	}
	call := &rest.Call{Operation: op, Method: http.MethodGet, Route: route, Args: []any{id}, Safety: rest.Idempotent, Out: &out}
	resp, err := c.core().Do(ctx, call, opts...)
	if err != nil {
		return nil, err
	}
	if out.Profile == nil {
		return nil, rest.MissingMember("haravan", call, resp, "profile", ErrUnexpectedResponse)
	}
	return out.Profile, nil
}

// orEmpty returns s, or an empty slice for nil.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// tagList decodes "A,B,C" text, or a JSON list of such texts, into tags.
type tagList []string

func (t *tagList) UnmarshalJSON(b []byte) error {
	var list []flex.String
	if b = bytes.TrimSpace(b); len(b) > 0 && b[0] == '[' {
		if err := json.Unmarshal(b, &list); err != nil {
			return err
		}
	} else {
		var text flex.String // the usual form, read without another scan
		if err := text.UnmarshalJSON(b); err != nil {
			return err
		}
		list = []flex.String{text}
	}
	*t = tagList{}
	for _, s := range list {
		*t = append(*t, SplitTags(string(s))...)
	}
	return nil
}

// SplitTags splits Haravan's comma-separated tag text, trimming spaces and
// dropping empty entries. It never returns nil.
func SplitTags(text string) []string {
	tags := []string{}
	for tag := range strings.SplitSeq(text, ",") {
		if tag = strings.TrimSpace(tag); tag != "" {
			tags = append(tags, tag)
		}
	}
	return tags
}

func checkID(id int64) error {
	if id <= 0 {
		return invalid("profile id %d is not positive", id)
	}
	return nil
}
