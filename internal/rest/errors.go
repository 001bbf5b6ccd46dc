package rest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/profiles-sdk/profiles-go"
)

// maxErrorBody is how much of an error answer's body APIError keeps.
const maxErrorBody = 8 << 10

// timeoutError is an attempt that ran out of WithTimeout's bound: no
// answer came, or its body did not.
type timeoutError struct {
	what string
	d    time.Duration
}

func (e *timeoutError) Error() string {
	return fmt.Sprintf("%s within %s (see WithTimeout)", e.what, e.d)
}

func (e *timeoutError) Is(target error) bool { return target == context.DeadlineExceeded }

// tooLargeError is a body larger than the client's cap.
type tooLargeError struct{ limit int64 }

func (e *tooLargeError) Error() string {
	return fmt.Sprintf("response body exceeds the limit of %d bytes (see WithMaxResponseBytes)", e.limit)
}

func (e *tooLargeError) Is(target error) bool { return target == profiles.ErrResponseTooLarge }

// fallbackMessage gives an error answer without a vendor message something
// readable: the <title> of an HTML page from a proxy, a short plain-text
// body, or the status text.
func fallbackMessage(status int, contentType string, body []byte) string {
	trimmed := bytes.TrimSpace(body)
	if title := htmlTitle(trimmed); title != "" {
		return title
	}
	isHTML := strings.Contains(contentType, "html") || bytes.HasPrefix(trimmed, []byte("<"))
	if !isHTML && strings.HasPrefix(contentType, "text/plain") && len(trimmed) > 0 && len(trimmed) <= 200 {
		return string(trimmed)
	}
	if text := http.StatusText(status); text != "" {
		return text
	}
	return "HTTP " + strconv.Itoa(status)
}

// titleElement finds an HTML page's <title>, in any letter case, across
// lines. Lowercasing the page to search it instead would shift byte offsets
// wherever a letter's lowercase is longer ("Ⱥ" becomes "ⱥ", 2 bytes to 3).
var titleElement = regexp.MustCompile(`(?is)<title>(.*?)</title>`)

func htmlTitle(body []byte) string {
	m := titleElement.FindSubmatch(body)
	if m == nil {
		return ""
	}
	return strings.Join(strings.Fields(html.UnescapeString(string(m[1]))), " ")
}

// unwrapURLError drops net/http's *url.Error wrapper, whose text repeats the
// full URL (query included), and keeps its cause.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
