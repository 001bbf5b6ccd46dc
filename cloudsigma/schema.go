package cloudsigma

import (
	"context"
	"net/http"
	"sort"

	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// NoDefault is the text CloudSigma's schema puts in SchemaField.Default
// for a field without a default.
const NoDefault = "No default provided."

// Schema describes the profile resource: its methods and every field.
type Schema struct {
	AllowedDetailHTTPMethods []string               `json:"allowed_detail_http_methods"`
	AllowedListHTTPMethods   []string               `json:"allowed_list_http_methods"`
	DefaultFormat            string                 `json:"default_format"`
	DefaultLimit             int                    `json:"default_limit"`
	Fields                   map[string]SchemaField `json:"fields"`
}

// SchemaField describes one profile field.
type SchemaField struct {
	// Type is "string", "boolean", "decimal", "dict", "datetime", ...
	Type     string `json:"type"`
	ReadOnly bool   `json:"readonly"`
	Nullable bool   `json:"nullable"`
	Blank    bool   `json:"blank"`
	Unique   bool   `json:"unique"`
	HelpText string `json:"help_text"`
	// Default is the decoded JSON default: a string, bool, float64 (the
	// decimals' default is the number 0) or the text NoDefault.
	Default any `json:"default"`
}

// HasDefault reports whether the field has a default value.
func (f SchemaField) HasDefault() bool { return f.Default != NoDefault }

// ReadOnlyFields returns the names of the read-only fields, sorted.
func (s *Schema) ReadOnlyFields() []string { return s.fieldNames(true) }

// WritableFields returns the names of the writable fields, sorted.
func (s *Schema) WritableFields() []string { return s.fieldNames(false) }

func (s *Schema) fieldNames(readOnly bool) []string {
	var names []string
	for name, f := range s.Fields {
		if f.ReadOnly == readOnly {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// GetProfileSchema returns the schema of the profile resource: each field's
// type, whether it is read-only or nullable, and its default.
//
// Retry class: idempotent (retried on connection errors, 429, 502, 503, 504).
//
// See https://docs.cloudsigma.com/en/latest/profile.html#schema
func (c *Client) GetProfileSchema(ctx context.Context, opts ...CallOption) (*Schema, error) {
	s := new(Schema)
	if _, err := c.core().Do(ctx, &rest.Call{
		Operation: "GetProfileSchema", Method: http.MethodGet, Route: profilePath + "schema/", Safety: rest.Idempotent, Out: s,
	}, opts...); err != nil {
		return nil, err
	}
	return s, nil
}
