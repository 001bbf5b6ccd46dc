package rest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"slices"
	"sync/atomic"

	"github.com/google/go-querystring/query"
	"github.com/profiles-sdk/profiles-go"
)

// newRequest builds one attempt's request: a fresh one every time, so that
// the authenticator may refresh what it sends and no attempt sees another's
// headers. A value-moving call's request has no GetBody, so that no
// transport can replay it: net/http's HTTP/1 and HTTP/2 transports resend a
// request on their own, after some failures, when they can rewind its body.
func (c *Client) newRequest(ctx context.Context, s *callState) (*http.Request, error) {
	target := c.origin + s.path
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
	for key, values := range s.settings.Header {
		req.Header[key] = values
	}
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	if s.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.cfg.Auth != nil {
		c.cfg.Auth(req)
	}
	return req, nil
}

// wireTrace follows a value-moving attempt on the wire, so that a failure
// is called ErrOutcomeUnknown only when the request may have reached the
// vendor. net/http's transports (HTTP/1 and HTTP/2) report through
// httptrace when they look for a connection and when they have one. A
// request that never had a connection was not sent; once it has one, the
// SDK does not try to tell how far it got (HTTP/2 may still be writing the
// headers when RoundTrip returns), and a transport that reports nothing (a
// caller's mock) is taken to have sent it.
type wireTrace struct {
	askedConn, gotConn atomic.Bool
}

// movesValueKey marks the context of a value-moving request, for the
// redirect rule (sameOriginRedirects).
type movesValueKey struct{}

func (w *wireTrace) attach(ctx context.Context) context.Context {
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GetConn: func(string) { w.askedConn.Store(true) },
		GotConn: func(httptrace.GotConnInfo) { w.gotConn.Store(true) },
	})
	return context.WithValue(ctx, movesValueKey{}, true)
}

// unsent reports that the request certainly never left: the transport
// looked for a connection and got none (it could not connect, the TLS
// handshake failed, the context ended while it waited for a free one).
func (w *wireTrace) unsent() bool {
	return w != nil && w.askedConn.Load() && !w.gotConn.Load()
}

func encodeQuery(q any) (string, error) {
	switch v := q.(type) {
	case nil:
		return "", nil
	case url.Values:
		return v.Encode(), nil
	}
	values, err := query.Values(q) // a struct with `url` tags
	return values.Encode(), err
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

// decode reads a 2xx body whole, up to the size cap, and unmarshals it into
// out. Reading first tells a body that broke off (a read error, worth
// another attempt) from one that is not the expected JSON (a DecodeError,
// not retried) without guessing.
func (c *Client) decode(resp *http.Response, out any) error {
	limit := c.cfg.settings.MaxResponseBytes
	var data []byte
	var err error
	switch n := resp.ContentLength; {
	case n > limit:
	case n > 0: // the usual answer: exactly the announced bytes, in one buffer
		data = make([]byte, n)
		_, err = io.ReadFull(resp.Body, data)
	default: // unknown, or 0 from a hand-built response that may still have a body
		data, err = io.ReadAll(io.LimitReader(resp.Body, limit+1))
	}
	if err != nil {
		return err
	}
	var cause error
	switch trimmed := bytes.TrimSpace(data); {
	case resp.ContentLength > limit || int64(len(data)) > limit:
		cause = &tooLargeError{limit: limit}
	case len(trimmed) == 0 || string(trimmed) == "null":
		cause = errEmptyAnswer
	default:
		cause = json.Unmarshal(trimmed, out)
	}
	if cause != nil {
		return &profiles.DecodeError{StatusCode: resp.StatusCode, Err: cause}
	}
	return nil
}

var errEmptyAnswer = errors.New("the answer has no body (empty or null) where a JSON value was expected")

// drainAndClose reads what is left of a body (up to 64 KiB) so that the
// connection can be reused, then closes it.
func drainAndClose(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, 64<<10))
	_ = body.Close()
}

// apiError reads an error answer (its first 8 KiB) into an APIError, with
// the request id the vendor's header gave (if any): the vendor's parser
// fills in what its format says, the rest gets a generic value, and every
// secret the call sent is masked before anyone sees it.
func (c *Client) apiError(s *callState, resp *http.Response, requestID string) *profiles.APIError {
	limit := min(int64(maxErrorBody), c.cfg.settings.MaxResponseBytes)
	body, _ := io.ReadAll(io.LimitReader(resp.Body, limit))
	secrets := slices.Concat(c.cfg.Secrets, s.call.Secrets)
	if resp.Request != nil {
		secrets = append(secrets, s.sentSecrets(resp.Request)...)
	}
	body = []byte(maskString(string(body), secrets))
	e := &profiles.APIError{
		Vendor:     c.cfg.Vendor,
		Method:     s.call.Method,
		Path:       s.path,
		StatusCode: resp.StatusCode,
		Attempts:   s.attempt,
		Body:       body,
		RequestID:  requestID,
	}
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		to, why := "another origin", "credentials stay with the configured host"
		if loc, err := resp.Location(); err == nil {
			to = loc.Scheme + "://" + loc.Host
		}
		if s.call.Safety == MovesValue {
			why = "a call that moves value is never sent twice"
		}
		e.Message = "redirect to " + to + " not followed (" + why + ")"
		return e
	}
	if c.cfg.ParseError != nil {
		c.cfg.ParseError(e, resp.Header, body)
	}
	if e.Message == "" {
		e.Message = fallbackMessage(resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	for _, text := range []*string{&e.Message, &e.Code, &e.Field, &e.RequestID} {
		*text = maskString(*text, secrets)
	}
	return e
}
