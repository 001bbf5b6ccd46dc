package haravan

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"iter"
	"net/http"
	"strings"
	"time"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// MaxPageSize is the largest list page Haravan answers; it silently caps a
// larger limit.
const MaxPageSize = 50

// ListProfilesOptions filters and pages ListProfiles and Profiles. The zero
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
	// after / before these times. They are sent in UTC with milliseconds,
	// as Haravan documents (2008-12-31T02:01:27.483Z).
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
// times in UTC so that they are written with a "Z".
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
//
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
		page[i] = profileOf(w) // a null element stays a nil *Profile
	}
	return page, nil
}

// Profiles walks every page of the list that opts select, one page in
// memory at a time. It asks for MaxPageSize profiles per page unless
// opts.Limit says otherwise, starts at opts.Page (or the first page), and
// stops after a short page. opts is never modified.
//
// Breaking out of the loop stops fetching. An error is yielded once, with a
// nil profile, and ends the walk:
//
//	for p, err := range c.Profiles(ctx, nil) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(p.ID)
//	}
//
// A full page identical to an earlier one ends the walk with an error
// wrapping ErrUnexpectedResponse, since a server that ignores "page" would
// otherwise make it endless. When opts.Fields leaves out "id", two pages of
// different profiles can look identical (say, fifty empty phone numbers);
// name "id" among the fields to walk such a list.
//
// Each page is an idempotent GET (see ListProfiles).
func (c *Client) Profiles(ctx context.Context, opts *ListProfilesOptions, callOpts ...CallOption) iter.Seq2[*Profile, error] {
	return func(yield func(*Profile, error) bool) {
		q := ListProfilesOptions{}
		if opts != nil {
			q = *opts
			q.Fields = append([]string(nil), opts.Fields...)
		}
		if q.Limit == 0 {
			q.Limit = MaxPageSize
		}
		if q.Page == 0 {
			q.Page = 1
		}
		seen := newPageDigests()
		for {
			page, err := c.ListProfiles(ctx, &q, callOpts...)
			if err != nil {
				yield(nil, err)
				return
			}
			// A server (or proxy) that ignores "page" would make the walk
			// endless. A full page identical to any earlier one ends it:
			// comparing contents works when the selected fields hold no
			// id, and comparing with every earlier page catches cycles.
			if len(page) >= q.Limit {
				if first, repeated := seen.add(q.Page, page); repeated {
					yield(nil, fmt.Errorf("haravan: %w: page %d repeats page %d; the server seems to ignore the page parameter", ErrUnexpectedResponse, q.Page, first))
					return
				}
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

// pageDigests remembers a digest of every full page a walk has seen, and
// the page number where it first came. A digest is a hash of the page's
// profiles as decoded, so it does not depend on which fields came back.
type pageDigests struct {
	seed  maphash.Seed
	pages map[uint64]int
}

func newPageDigests() *pageDigests {
	return &pageDigests{seed: maphash.MakeSeed(), pages: map[uint64]int{}}
}

// add records the page numbered n and reports the number of an earlier page
// with the same contents, if any.
func (d *pageDigests) add(n int, page []*Profile) (first int, repeated bool) {
	encoded, err := json.Marshal(page)
	if err != nil {
		return 0, false // unreachable for decoded profiles; never end a walk on it
	}
	sum := maphash.Bytes(d.seed, encoded)
	if first, repeated = d.pages[sum]; repeated {
		return first, true
	}
	d.pages[sum] = n
	return 0, false
}

// GetProfile returns one profile (GET /loy/profiles/{id}.json).
//
// Idempotent: retried on connection errors, 429, 502, 503 and 504.
//
// Haravan docs: https://docs.haravan.com/docs/loyalty-apis/profiles/
func (c *Client) GetProfile(ctx context.Context, id int64, opts ...CallOption) (*Profile, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	var out struct {
		Profile *profileWire `json:"profile"`
	}
	call := &rest.Call{Operation: "GetProfile", Method: http.MethodGet, Route: "/loy/profiles/{id}.json", Args: []any{id}, Safety: rest.Idempotent, Out: &out}
	resp, err := c.core().Do(ctx, call, opts...)
	if err != nil {
		return nil, err
	}
	if out.Profile == nil {
		return nil, missingMember(call, resp, "profile")
	}
	return profileOf(out.Profile), nil
}

// GetProfileTags returns a profile's tags (GET
// /loy/profiles/{id}/tags.json). Haravan sends them as one comma-separated
// text; they come back split and trimmed, an empty slice when there are
// none.
//
// Idempotent: retried on connection errors, 429, 502, 503 and 504.
//
// Haravan docs: https://docs.haravan.com/docs/loyalty-apis/profiles/
func (c *Client) GetProfileTags(ctx context.Context, id int64, opts ...CallOption) ([]string, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	var out struct {
		Profile *struct {
			Tags tagList `json:"tags"`
		} `json:"profile"`
	}
	call := &rest.Call{Operation: "GetProfileTags", Method: http.MethodGet, Route: "/loy/profiles/{id}/tags.json", Args: []any{id}, Safety: rest.Idempotent, Out: &out}
	resp, err := c.core().Do(ctx, call, opts...)
	if err != nil {
		return nil, err
	}
	if out.Profile == nil {
		return nil, missingMember(call, resp, "profile")
	}
	if out.Profile.Tags == nil {
		return []string{}, nil
	}
	return out.Profile.Tags, nil
}

// GetProfileAttributes returns a profile's attributes (GET
// /loy/profiles/{id}/attributes.json), an empty slice when there are none.
//
// Idempotent: retried on connection errors, 429, 502, 503 and 504.
//
// Haravan docs: https://docs.haravan.com/docs/loyalty-apis/profiles/
func (c *Client) GetProfileAttributes(ctx context.Context, id int64, opts ...CallOption) ([]Attribute, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	var out struct {
		Profile *struct {
			Attributes []Attribute `json:"attributes"`
		} `json:"profile"`
	}
	call := &rest.Call{Operation: "GetProfileAttributes", Method: http.MethodGet, Route: "/loy/profiles/{id}/attributes.json", Args: []any{id}, Safety: rest.Idempotent, Out: &out}
	resp, err := c.core().Do(ctx, call, opts...)
	if err != nil {
		return nil, err
	}
	if out.Profile == nil {
		return nil, missingMember(call, resp, "profile")
	}
	if out.Profile.Attributes == nil {
		return []Attribute{}, nil
	}
	return out.Profile.Attributes, nil
}

// tagList decodes Haravan's "A,B,C" text (or a JSON list) into tags.
type tagList []string

func (t *tagList) UnmarshalJSON(b []byte) error {
	var list []flexString
	if json.Unmarshal(b, &list) == nil {
		*t = tagList{}
		for _, s := range list {
			*t = appendTags(*t, string(s))
		}
		return nil
	}
	var text flexString
	if err := json.Unmarshal(b, &text); err != nil {
		return err
	}
	*t = appendTags(tagList{}, string(text))
	return nil
}

// SplitTags splits Haravan's comma-separated tag text, trimming spaces and
// dropping empty entries. It never returns nil.
func SplitTags(text string) []string {
	return appendTags([]string{}, text)
}

func appendTags(dst []string, text string) []string {
	for tag := range strings.SplitSeq(text, ",") {
		if tag = strings.TrimSpace(tag); tag != "" {
			dst = append(dst, tag)
		}
	}
	return dst
}

func checkID(id int64) error {
	if id <= 0 {
		return invalid("profile id %d is not positive", id)
	}
	return nil
}

// missingMember is the *DecodeError of a success answer without the member
// name; it matches ErrUnexpectedResponse too.
func missingMember(call *rest.Call, resp *rest.Response, name string) error {
	return rest.MissingMember("haravan", call, resp, name, ErrUnexpectedResponse)
}
