package rest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
)

// decode reads a 2xx body whole, up to the size cap, and unmarshals it into
// out. Reading first tells a body that broke off (a read error, worth
// another attempt) from one that is not the expected JSON (a DecodeError,
// not retried) without guessing.
func (c *Client) decode(ctx context.Context, resp *http.Response, out any) error {
	data, err := readCapped(resp.Body, c.maxBody, resp.ContentLength)
	if err != nil {
		var tooLarge *ResponseTooLargeError
		if errors.As(err, &tooLarge) {
			return &DecodeError{StatusCode: resp.StatusCode, Err: tooLarge}
		}
		return err
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) {
		return &DecodeError{StatusCode: resp.StatusCode, Err: errEmptyAnswer}
	}
	if err := json.Unmarshal(data, out); err != nil {
		return &DecodeError{StatusCode: resp.StatusCode, Err: err}
	}
	return nil
}

var errEmptyAnswer = errors.New("the answer has no body (empty or null) where a JSON value was expected")

// readCapped reads r whole, failing with ResponseTooLargeError past limit
// bytes. A body whose length the server announced is read into a buffer
// of that size at once, instead of one grown (and copied) as it fills.
func readCapped(r io.Reader, limit, announced int64) ([]byte, error) {
	var buf bytes.Buffer
	if announced > 0 && announced <= limit {
		buf.Grow(int(announced) + bytes.MinRead) // MinRead: room to read the EOF
	}
	if _, err := buf.ReadFrom(io.LimitReader(r, limit+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > limit {
		return nil, &ResponseTooLargeError{Limit: limit}
	}
	return buf.Bytes(), nil
}

// drainAndClose reads what is left of a body (up to 64 KiB) so that the
// connection can be reused, then closes it.
func drainAndClose(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, 64<<10))
	_ = body.Close()
}

// apiError reads an error answer (its first 8 KiB) into an APIError: the
// vendor's parser fills in what its format says, the rest gets a generic
// value, and every secret the call sent is masked before anyone sees it.
func (c *Client) apiError(ctx context.Context, s *callState, resp *http.Response) *APIError {
	limit := min(int64(maxErrorBody), c.maxBody)
	body, _ := io.ReadAll(io.LimitReader(resp.Body, limit))
	secrets := slices.Concat(*c.secrets, s.call.Secrets)
	body = maskBytes(body, secrets)
	e := &APIError{
		Vendor:     c.vendor,
		Method:     s.call.Method,
		Path:       s.path,
		StatusCode: resp.StatusCode,
		Body:       body,
	}
	if c.requestIDHdr != "" {
		e.RequestID = resp.Header.Get(c.requestIDHdr)
	}
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		e.Message = "redirect to another origin not followed (credentials stay with the configured host)"
		if loc, err := resp.Location(); err == nil {
			e.Message = "redirect to " + loc.Scheme + "://" + loc.Host + " not followed (credentials stay with the configured host)"
		}
		return e
	}
	if c.parseError != nil {
		c.parseError(e, resp.Header, body)
	}
	if e.Message == "" {
		e.Message = fallbackMessage(resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	e.Message = maskString(e.Message, secrets)
	e.Code = maskString(e.Code, secrets)
	e.Field = maskString(e.Field, secrets)
	e.RequestID = maskString(e.RequestID, secrets)
	return e
}
