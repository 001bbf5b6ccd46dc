package errortest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"runtime"
	"testing"

	"github.com/profiles-sdk/profiles-go"
	"github.com/profiles-sdk/profiles-go/internal/rest"
)

// recorder is a testing.TB whose Fatalf records the failure and ends the
// goroutine, as the real one does.
type recorder struct {
	testing.TB
	failure string
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(format string, args ...any) {
	r.failure = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// failure runs check against a recorder and returns its failure, if any.
func failure(t *testing.T, check func(testing.TB)) string {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		check(r)
	}()
	<-done
	return r.failure
}

// naive is the parser shape issue 13 reported: one struct, so an "error"
// that is an object fails the whole decode and the message is lost.
func naive(e *profiles.APIError, _ http.Header, body []byte) {
	var b struct {
		Message string `json:"message"`
		Error   string `json:"error"`
	}
	if json.Unmarshal(body, &b) == nil {
		e.Message = b.Message
	}
}

func member(e *profiles.APIError, _ http.Header, body []byte) {
	e.Message = rest.FirstMessage(rest.Members(body), "message")
}

func TestBesideCatchesAMemberThatHidesTheMessage(t *testing.T) {
	t.Parallel()
	value := []byte(`{"status":400,"title":"Invalid request"}`)
	if f := failure(t, func(tb testing.TB) { Beside(tb, naive, `{"message":"kept"}`, "kept", []string{"error"}, value) }); f == "" {
		t.Error("Beside passed a parser that loses the message beside an error object")
	}
	if f := failure(t, func(tb testing.TB) { Beside(tb, member, `{"message":"kept"}`, "kept", []string{"error"}, value) }); f != "" {
		t.Errorf("Beside failed a parser that reads members one by one: %s", f)
	}
}

func TestCheckCatchesLostFields(t *testing.T) {
	t.Parallel()
	parsers := map[string]rest.ErrorParser{
		"drops the request id": func(e *profiles.APIError, _ http.Header, _ []byte) {
			e.RequestID = ""
		},
		"changes the status": func(e *profiles.APIError, _ http.Header, _ []byte) {
			e.StatusCode = 200
		},
		"blank message": func(e *profiles.APIError, _ http.Header, _ []byte) {
			e.Message = "  "
		},
	}
	for name, parse := range parsers {
		if f := failure(t, func(tb testing.TB) { Check(tb, parse, []byte(`{"message":"m"}`)) }); f == "" {
			t.Errorf("Check passed a parser that %s", name)
		}
	}
	if f := failure(t, func(tb testing.TB) { Check(tb, member, []byte(`{"message":"m"}`)) }); f != "" {
		t.Errorf("Check failed a sound parser: %s", f)
	}
}
