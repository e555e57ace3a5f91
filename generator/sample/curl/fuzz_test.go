package curl

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics, that every error is an *Error
// positioned inside the code, and that every request it returns is usable.
// Seeds: testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add("curl -sS -X POST \"$BUILDKITE_AGENT_ENDPOINT/register\" -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\" --json @- <<'EOF'\n{\"name\":\"a\"}\nEOF\n")
	f.Add("echo '{}' | curl -d @- https://x.test/")
	f.Fuzz(func(t *testing.T, code string) {
		reqs, err := Parse(code, lookup)
		lines := strings.Split(strings.ReplaceAll(code, "\r\n", "\n"), "\n")
		if err != nil {
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error is %T, want *curl.Error: %v", err, err)
			}
			if ce.Line < 1 || ce.Line > len(lines) {
				t.Fatalf("error line %d outside 1..%d: %v", ce.Line, len(lines), err)
			}
			if ce.Col < 1 || ce.Col > len(lines[ce.Line-1])+1 {
				t.Fatalf("error column %d outside 1..%d of line %d: %v", ce.Col, len(lines[ce.Line-1])+1, ce.Line, err)
			}
			if reqs != nil {
				t.Fatalf("requests returned with an error")
			}
			return
		}
		for _, r := range reqs {
			if r.Line < 1 || r.Line > len(lines) {
				t.Fatalf("request line %d outside 1..%d", r.Line, len(lines))
			}
			if r.Method == "" || r.Header == nil {
				t.Fatalf("incomplete request %+v", r)
			}
			u, err := url.Parse(r.URL)
			if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
				t.Fatalf("request URL %q is not an http(s) URL with a host (%v)", r.URL, err)
			}
		}
	})
}
