package rest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/google/go-querystring/query"
)

// newRequest builds one attempt's request: a fresh one every time, so that
// the authenticator may refresh what it sends and no attempt sees another's
// headers.
//
// A value-moving call's request has no GetBody, so that no transport can
// replay it: Go's HTTP/2 transport resends a request on its own after some
// stream resets when it can rewind the body, and net/http's HTTP/1
// transport does the same for a request it considers replayable. Without
// GetBody neither can, whatever headers the request carries.
func (c *Client) newRequest(ctx context.Context, s *callState) (*http.Request, error) {
	target := c.baseURL + s.path
	if s.query != "" {
		target += "?" + s.query
	}
	var body io.Reader
	if s.body != nil {
		body = bytes.NewReader(s.body)
	}
	req, err := http.NewRequestWithContext(ctx, s.call.Method, target, body)
	if err != nil {
		return nil, fmt.Errorf("building the request: %w", err)
	}
	if s.call.Safety == MovesValue {
		req.GetBody = nil
	}
	for key, values := range s.settings.header {
		req.Header[key] = values
	}
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	if s.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.auth != nil {
		c.auth(req)
	}
	return req, nil
}

func encodeQuery(q any) (string, error) {
	switch v := q.(type) {
	case nil:
		return "", nil
	case url.Values:
		return v.Encode(), nil
	default:
		values, err := query.Values(v)
		if err != nil {
			return "", err
		}
		return values.Encode(), nil
	}
}

// EncodeJSON encodes v as compact JSON without HTML escaping, so that
// "<", ">" and "&" in user text reach the vendor as typed.
func EncodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
