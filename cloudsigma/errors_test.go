package cloudsigma_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/cloudsigma"
	"github.com/profiles-sdk/profiles-go/cloudsigma/cloudsigmatest"
	"github.com/profiles-sdk/profiles-go/internal/rest/errortest"
)

func TestDocErrorExampleDecodes(t *testing.T) {
	t.Parallel()
	details, ok := cloudsigma.ParseErrors(readTestdata(t, "error_validation.json"))
	want := cloudsigma.ErrorDetail{Type: "validation", Message: "This field is required", Point: "resource"}
	if !ok || len(details) != 1 || details[0] != want {
		t.Errorf("ParseErrors = %+v, %v", details, ok)
	}
}

func TestVendorErrorBecomesAPIError(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	srv.InjectFault(1, cloudsigmatest.Fault{
		Status: http.StatusBadRequest,
		Header: http.Header{"X-Request-Id": {"req-42"}, "Content-Type": {"application/json"}},
		Body:   string(readTestdata(t, "error_validation.json")),
	})
	_, err := c.GetProfile(context.Background())
	var apiErr *profiles.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err %T %v", err, err)
	}
	if apiErr.StatusCode != 400 || apiErr.Message != "This field is required" || apiErr.Code != "validation" ||
		apiErr.Field != "resource" || apiErr.RequestID != "req-42" || apiErr.Attempts != 1 {
		t.Errorf("APIError %+v", apiErr)
	}
	if !errors.Is(err, cloudsigma.ErrValidation) || errors.Is(err, cloudsigma.ErrPermission) {
		t.Error("sentinel not matched")
	}
	if !strings.Contains(err.Error(), "This field is required") || !strings.Contains(err.Error(), "req-42") {
		t.Errorf("Error() = %q", err)
	}
	if d := cloudsigma.ErrorDetails(err); len(d) != 1 || d[0].Point != "resource" {
		t.Errorf("ErrorDetails = %+v", d)
	}
}

func TestSeveralVendorErrorsAreJoined(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	srv.InjectFault(1, cloudsigmatest.Fault{Status: 400, Body: `[{"error_type":"validation","error_message":"Too long","error_point":"address"},` +
		`{"error_type":"validation","error_message":"Bad choice","error_point":"clone_naming"},{"error_type":"validation","error_message":"Odd","error_point":null}]`})
	_, err := c.GetProfile(context.Background())
	var apiErr *profiles.APIError
	if !errors.As(err, &apiErr) {
		t.Fatal(err)
	}
	if apiErr.Message != "address: Too long; clone_naming: Bad choice; Odd" || apiErr.Field != "address" || apiErr.Code != "validation" {
		t.Errorf("APIError %+v", apiErr)
	}
	if d := cloudsigma.ErrorDetails(err); len(d) != 3 || d[2].Point != "" {
		t.Errorf("ErrorDetails = %+v", d)
	}
}

func TestFakeValidationErrorReachesCaller(t *testing.T) {
	t.Parallel()
	_, c := newFake(t)
	// The client accepts any clone naming (new strategies must not need an
	// SDK release); the vendor, like the fake, refuses unknown ones.
	_, err := c.PutProfile(context.Background(), &cloudsigma.Profile{CloneNaming: "UUID"})
	var apiErr *profiles.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Field != "clone_naming" || !errors.Is(err, cloudsigma.ErrValidation) {
		t.Fatalf("err %v", err)
	}
	if !strings.HasPrefix(apiErr.RequestID, "fake-") {
		t.Errorf("RequestID %q", apiErr.RequestID)
	}
}

func TestErrorTypeSentinels(t *testing.T) {
	t.Parallel()
	sentinels := map[string]error{
		"validation": cloudsigma.ErrValidation, "notexist": cloudsigma.ErrNotExist, "backend": cloudsigma.ErrBackend,
		"permission": cloudsigma.ErrPermission, "database": cloudsigma.ErrDatabase, "concurrency": cloudsigma.ErrConcurrency,
		"billing": cloudsigma.ErrBilling, "payment": cloudsigma.ErrPayment,
	}
	for typ, sentinel := range sentinels {
		srv, c := newFake(t, profiles.WithRetryPolicy(profiles.RetryPolicy{}))
		srv.InjectFault(1, cloudsigmatest.Fault{Status: 400, Body: cloudsigmatest.ErrorBody(typ, "msg "+typ, "")})
		_, err := c.GetProfile(context.Background())
		if !errors.Is(err, sentinel) {
			t.Errorf("%s: %v does not match its sentinel", typ, err)
		}
		for other, s := range sentinels {
			if other != typ && errors.Is(err, s) {
				t.Errorf("%s also matches %s", typ, other)
			}
		}
	}
}

func TestUnauthorized(t *testing.T) {
	t.Parallel()
	srv := cloudsigmatest.NewServer()
	t.Cleanup(srv.Close)
	for _, creds := range []cloudsigma.Credentials{{Username: "x@example.com", Password: "wrong"}, {Token: "wrong"}} {
		c, err := cloudsigma.NewClient(creds, profiles.WithBaseURL(srv.URL), fastRetries)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.GetProfile(context.Background())
		var apiErr *profiles.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 || apiErr.Attempts != 1 || !errors.Is(err, cloudsigma.ErrPermission) {
			t.Errorf("err %v", err)
		}
	}
}

func TestBareUnauthorizedMatchesPermission(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	srv.InjectFault(1, cloudsigmatest.Fault{Status: 403})
	_, err := c.GetProfile(context.Background())
	if !errors.Is(err, cloudsigma.ErrPermission) {
		t.Errorf("403 without a body: %v", err)
	}
}

func TestHTMLErrorPageKeepsStatus(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	page := "<html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>"
	srv.InjectFault(3, cloudsigmatest.Fault{Status: 502, Header: http.Header{"Content-Type": {"text/html"}}, Body: page})
	_, err := c.GetProfile(context.Background())
	var apiErr *profiles.APIError
	if !errors.As(err, &apiErr) {
		t.Fatal(err)
	}
	if apiErr.StatusCode != 502 || apiErr.Message != "502 Bad Gateway" || apiErr.Code != "" || apiErr.Attempts != 3 || string(apiErr.Body) != page {
		t.Errorf("APIError %+v", apiErr)
	}
	if n := srv.RequestCount(); n != 3 {
		t.Errorf("%d requests, want 3 (1 + 2 retries)", n)
	}
	if cloudsigma.ErrorDetails(err) != nil {
		t.Error("an HTML page has no error details")
	}
}

func TestConcurrencyErrorIsRetried(t *testing.T) {
	t.Parallel()
	for name, call := range map[string]func(*cloudsigma.Client) error{
		"get": func(c *cloudsigma.Client) error { _, err := c.GetProfile(context.Background()); return err },
		"put": func(c *cloudsigma.Client) error {
			_, err := c.PutProfile(context.Background(), &cloudsigma.Profile{Company: "Retried"})
			return err
		},
		"schema": func(c *cloudsigma.Client) error { _, err := c.GetProfileSchema(context.Background()); return err },
	} {
		srv, c := newFake(t)
		srv.InjectFault(2, cloudsigmatest.Fault{Status: 503, Body: cloudsigmatest.ErrorBody("concurrency", "Conflicting operation", "")})
		if err := call(c); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if n := srv.RequestCount(); n != 3 {
			t.Errorf("%s: %d requests, want 3", name, n)
		}
	}
}

func TestConcurrencyErrorAfterRetriesKeepsFinalBody(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	srv.InjectFault(2, cloudsigmatest.Fault{Status: 503, Body: cloudsigmatest.ErrorBody("concurrency", "first", "")})
	srv.InjectFault(1, cloudsigmatest.Fault{Status: 503, Body: cloudsigmatest.ErrorBody("concurrency", "last", ""), Header: http.Header{"X-Request-Id": {"r-3"}}})
	_, err := c.GetProfile(context.Background())
	var apiErr *profiles.APIError
	if !errors.As(err, &apiErr) || apiErr.Message != "last" || apiErr.Attempts != 3 || apiErr.RequestID != "r-3" || !errors.Is(err, cloudsigma.ErrConcurrency) {
		t.Errorf("err %+v", apiErr)
	}
	if !apiErr.Temporary() {
		t.Error("a 503 should be temporary")
	}
}

func TestBillingErrorIsNotRetried(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	srv.InjectFault(3, cloudsigmatest.Fault{Status: 402, Body: cloudsigmatest.ErrorBody("billing", "Insufficient funds", "")})
	_, err := c.PutProfile(context.Background(), &cloudsigma.Profile{})
	if !errors.Is(err, cloudsigma.ErrBilling) {
		t.Fatalf("err %v", err)
	}
	if n := srv.RequestCount(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestDroppedConnectionIsRetried(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	srv.InjectFault(1, cloudsigmatest.Fault{DropAfterApply: true})
	p, err := c.PutProfile(context.Background(), &cloudsigma.Profile{Company: "Twice is fine"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Company != "Twice is fine" || srv.RequestCount() != 2 {
		t.Errorf("company %q after %d requests", p.Company, srv.RequestCount())
	}
}

func TestNoAnswerIsRequestError(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	srv.InjectFault(3, cloudsigmatest.Fault{Drop: true})
	_, err := c.GetProfile(context.Background())
	var reqErr *profiles.RequestError
	if !errors.As(err, &reqErr) || reqErr.Attempts != 3 {
		t.Errorf("err %T %v", err, err)
	}
}

func TestContextDeadline(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	srv.InjectFault(1, cloudsigmatest.Fault{Delay: 2 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.GetProfile(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err %v", err)
	}
	if time.Since(start) > time.Second {
		t.Error("the call outlived its context")
	}
}

func TestTruncatedAnswer(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, profiles.WithRetryPolicy(profiles.RetryPolicy{}))
	srv.InjectFault(1, cloudsigmatest.Fault{Truncate: true})
	if _, err := c.GetProfile(context.Background()); err == nil {
		t.Error("a truncated answer decoded")
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		body string
		want []cloudsigma.ErrorDetail
	}{
		{`[{"error_type":"permission","error_message":"No","error_point":null}]`, []cloudsigma.ErrorDetail{{Type: "permission", Message: "No"}}},
		{`{"error_type":"backend","error_message":"Down","error_point":"x"}`, []cloudsigma.ErrorDetail{{Type: "backend", Message: "Down", Point: "x"}}},
		{`[{"error_type":"validation","error_message":"m","error_point":["a",1]}]`, []cloudsigma.ErrorDetail{{Type: "validation", Message: "m", Point: `["a",1]`}}},
		{`[{"error_type":"validation","error_message":"m","error_point":7}]`, []cloudsigma.ErrorDetail{{Type: "validation", Message: "m", Point: "7"}}},
		{`[{},{"error_type":"database"}]`, []cloudsigma.ErrorDetail{{Type: "database"}}},
		{`[]`, nil}, {`{}`, nil}, {``, nil}, {`<html></html>`, nil}, {`[1]`, nil}, {`"x"`, nil}, {`null`, nil},
	}
	for _, tt := range tests {
		got, ok := cloudsigma.ParseErrors([]byte(tt.body))
		if ok != (tt.want != nil) || len(got) != len(tt.want) {
			t.Errorf("ParseErrors(%s) = %+v, %v", tt.body, got, ok)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("ParseErrors(%s)[%d] = %+v, want %+v", tt.body, i, got[i], tt.want[i])
			}
		}
	}
	if cloudsigma.ErrorDetails(errors.New("plain")) != nil {
		t.Error("ErrorDetails of a plain error")
	}
}

// TestErrorShapes: whatever the shape of the error body, the status, the
// message, the request id and the sentinels survive; ErrNotExist matches
// ErrNotFound, and ErrPermission comes with ErrUnauthorized on a 401 and
// ErrForbidden on a 403.
func TestErrorShapes(t *testing.T) {
	t.Parallel()
	family := []error{profiles.ErrUnauthorized, profiles.ErrForbidden, profiles.ErrNotFound, profiles.ErrRateLimited,
		cloudsigma.ErrValidation, cloudsigma.ErrNotExist, cloudsigma.ErrPermission, cloudsigma.ErrBilling}
	tests := []struct {
		name string
		body string
		want errortest.Want
	}{
		{"entry of odd types beside a good one", `[{"error_type":7,"error_message":{"message":"odd"},"error_point":{"x":1}},"junk",{"error_type":"validation","error_message":"bad"}]`,
			errortest.Want{Status: 400, Message: `{"x":1}: odd; bad`, Code: "7"}},
		{"notexist", `[{"error_type":"notexist","error_message":"Object with uuid x does not exist","error_point":null}]`,
			errortest.Want{Status: 404, Message: "Object with uuid x does not exist", Code: "notexist", Is: []error{cloudsigma.ErrNotExist, profiles.ErrNotFound}}},
		{"permission on 401", `{"error_type":"permission","error_message":["Invalid credentials"]}`,
			errortest.Want{Status: 401, Message: "Invalid credentials", Code: "permission", Is: []error{cloudsigma.ErrPermission, profiles.ErrUnauthorized}}},
		{"proxy problem object on 403", `{"error":{"status":403,"title":"Forbidden","detail":"Blocked by policy"}}`,
			errortest.Want{Status: 403, Message: "Blocked by policy", Is: []error{cloudsigma.ErrPermission, profiles.ErrForbidden}}},
		{"billing on 429", `[{"error_type":"billing","error_message":"Too many requests for this plan"}]`,
			errortest.Want{Status: 429, Message: "Too many requests for this plan", Code: "billing", Is: []error{cloudsigma.ErrBilling, profiles.ErrRateLimited}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, c := newFake(t, profiles.WithRetryPolicy(profiles.RetryPolicy{}))
			srv.InjectFault(1, cloudsigmatest.Fault{Status: tt.want.Status, Body: tt.body,
				Header: http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"req-cs"}}})
			_, err := c.GetProfile(context.Background())
			tt.want.RequestID, tt.want.Family = "req-cs", family
			errortest.Assert(t, err, tt.want)
		})
	}
}
