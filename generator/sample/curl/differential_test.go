package curl

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seen is what a real request looked like on the wire.
type seen struct {
	Method, URI, Body string
	Header            http.Header
}

// TestAgainstBashAndCurl runs each sample with the real bash and curl
// against a 127.0.0.1 test server and checks that Parse predicts the request
// they send: method, path and query, body and the headers curl sets. This is
// a test-only use of a shell; docproof itself never starts one. scripts/test-deps.sh
// installs curl when it is missing.
func TestAgainstBashAndCurl(t *testing.T) {
	for _, tool := range []string{"bash", "curl"} {
		_, err := exec.LookPath(tool)
		require.NoError(t, err, "%s is needed for this test: run scripts/test-deps.sh", tool)
	}
	var mu sync.Mutex
	var last seen
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		last = seen{Method: r.Method, URI: r.URL.RequestURI(), Body: string(body), Header: r.Header.Clone()}
		mu.Unlock()
		_, _ = io.WriteString(w, "{}")
	}))
	defer srv.Close()
	vars := map[string]string{
		"BASE": srv.URL, "ORG": "acme", "BUILDKITE_AGENT_TOKEN": "agent-token", "JSON": `{"name":"x"}`,
		"SPACED": "a  b", "EMPTY": "", "HOSTPORT": strings.TrimPrefix(srv.URL, "http://"),
	}
	look := func(name string) (string, bool) { v, ok := vars[name]; return v, ok }
	// A UTF-8 locale, as writers have: bash's $'\u00e9' depends on it.
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "LANG=C.UTF-8", "LC_ALL=C.UTF-8"}
	for k, v := range vars {
		env = append(env, k+"="+v)
	}
	samples := []string{
		`curl -sS "$BASE/v3/ping"`,
		`curl -sS -X POST "$BASE/v3/register" -H "Authorization: Token $BUILDKITE_AGENT_TOKEN" -H 'Content-Type: application/json' -d '{"name": "a"}'`,
		"curl -sS \"$BASE/v3/register\" \\\n  -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\" \\\n  --data @- <<'JSON'\n{\"name\": \"$ORG\",\n \"tags\": [\"queue=default\"]}\nJSON",
		"curl -sS --data-binary @- \"$BASE/x\" <<EOF\n{\"org\": \"$ORG\", \"lit\": \"\\$x\"}\nEOF",
		"curl -sS -X PUT <<-EOF \\\n  --json @- \"$BASE/x\"\n\t{\"a\":1}\n\tEOF",
		`curl -sS --json '{"a":' --json '1}' "$BASE/x"`,
		`curl -sS -d a=1 --data b=2 --data-raw @c --data-ascii d=4 "$BASE/x"`,
		`curl -sS -G --data-urlencode 'q=a b&c' --data-urlencode '=x/y' -d n=1 "$BASE/s?p=1"`,
		`curl -sS --data-urlencode 'name@-' "$BASE/s" <<< 'two words'`,
		`curl -sS -u "$BUILDKITE_AGENT_TOKEN:" -A 'docs/1.0' -e https://r.test/ "$BASE/x"`,
		`curl -sS -H 'Accept:' -H 'X-Empty;' -H 'X-Two: 1' -H 'x-two: 2' "$BASE/x"`,
		`curl -sS -H "X: $SPACED" -H $'X-Tab: a\tb\x41' "$BASE/x"`,
		`curl -sSI "$BASE/head"`,
		`curl -sS -XDELETE "$BASE/x/$ORG/${MISSING:-dflt}/${EMPTY:-e}"`,
		`echo '{"a": 1}' | curl -sS -d @- "$BASE/x"`,
		`echo -n "x y" | curl -sS --data-binary @- "$BASE/x"`,
		`printf '{"name":"%s","n":%d}\n' "$ORG" 3 | curl -sS --data-binary @- "$BASE/x"`,
		`printf '%s,' a b c | curl -sS --data-binary @- "$BASE/x"`,
		"cat <<'JSON' | curl -sS --data-binary @- \"$BASE/x\"\n[1, \"$ORG\"]\nJSON",
		"ORG=other\nexport AGENT=\"my-agent\"\ncurl -sS \"$BASE/$ORG/$AGENT\"",
		`curl -sS -d '' "$BASE/x"`,
		`curl -sS "$BASE/a"\"b\$c`,
		`curl -sS "$BASE/\"q\"\\\$"`,
		`curl -sS -H 'Content-Type: text/plain' --data-binary "$JSON" "$BASE/x"`,
		`curl -sS -d a=1 --json '{}' "$BASE/mixed"`,
		`curl -sS --json '{}' -d a=1 "$BASE/mixed2"`,
		`curl -sS -H 'Content-Type: application/vnd.x+json' -H 'Accept: text/plain' --json '{}' "$BASE/x"`,
		`curl -sS -A one -H 'User-Agent: two' "$BASE/x"`,
		`curl -sS --data-urlencode 'n=a&b=c d' --data-urlencode 'plain text' --data-urlencode '@-' "$BASE/x" <<< 'é/ü'`,
		`curl -sS -X post -d '' "$BASE/x"`,
		`curl -sS -d @- "$BASE/x" <<< "$JSON"`,
		`printf '%b' 'a\nb\tc' | curl -sS --data-binary @- "$BASE/x"`,
		`echo -e 'x\ty' | curl -sS --data-binary @- "$BASE/x"`,
		`curl -sS -H $'X: caf\u00e9 \101' --url "$BASE/${ORG}/${MISSING-dflt}" $EMPTY`,
		`curl -sSIG -d q=1 "$BASE/headq"`,
		`curl -sS -G "$BASE/g?x=1" -d y=2 --data-urlencode 'z=a+b'`,
		`curl -sS -H 'X-Two: 1' -H 'X-Two:' "$BASE/x"`,
		"curl -sS \\\n  -X PATCH \\\n  \"$BASE/x\" # trailing comment\n",
		`curl -sS -d "a=$SPACED" -d x$EMPTY "$BASE/x"`,
		`curl -sS -H 'Accept: a' -H 'Accept:' -H 'X-Two;' "$BASE/x"`,
		`curl -sS -u 'user:pa:ss' "$BASE/x"`,
		`curl -sS "$HOSTPORT/no-scheme?a=1&b=2"`,
		`curl -sS "$BASE/a%2Fb/é/?q=é"`,
		`curl -sS "$BASE/x" -H "X: a\
b" --data-raw '@x' -d 'back\slash'`,
		`printf 'no newline' | curl -sS -d @- "$BASE/x"`,
		`curl -sS -g "$BASE/a{b}[c]?x[]=1"`,
		// Braces bash leaves alone: no comma or range, quoted, escaped, empty.
		`curl -sS -d {"a":1} "$BASE/x"`,
		`curl -sS -d '{"a":1,"b":2}' "$BASE/x"`,
		`curl -sS -d "{\"a\":1,\"b\":2}" "$BASE/x"`,
		`curl -sS -d \{a,b\} -d {} -d {a} -d a,b}{ -d {a..} "$BASE/x"`,
		`curl -sS -d "$ORG{x}" "$BASE/x"`,
		// Variables curl does not read.
		"NOT_A_PROXY=x curl -sS \"$BASE/x\"",
	}
	for _, code := range samples {
		t.Run(strings.SplitN(code, "\n", 2)[0], func(t *testing.T) {
			reqs, err := Parse(code, look)
			require.NoError(t, err)
			require.Len(t, reqs, 1)
			r := reqs[0]

			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			mu.Lock()
			last = seen{}
			mu.Unlock()
			cmd := exec.CommandContext(ctx, "bash", "-c", code)
			cmd.Env = env
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, "bash: %s", out)
			mu.Lock()
			got := last
			mu.Unlock()

			assert.Equal(t, got.Method, r.Method, "method")
			// Percent-encoding case varies between curl versions; servers decode both.
			assert.Equal(t, upperEscapes(srv.URL+got.URI), upperEscapes(r.URL), "URL")
			assert.Equal(t, got.Body, string(r.Body), "body")
			for _, h := range []string{"Accept", "Content-Type", "Authorization", "Referer", "X-Empty", "X-Two", "X", "X-Tab"} {
				assert.Equal(t, got.Header.Values(h), r.Header.Values(h), "header %s", h)
			}
			if ua := r.Header.Get("User-Agent"); ua != "" {
				assert.Equal(t, got.Header.Get("User-Agent"), ua, "User-Agent")
			}
		})
	}
}

// upperEscapes upper-cases the hex digits of every %XX in s.
func upperEscapes(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1], b[i+2] = upperHex(b[i+1]), upperHex(b[i+2])
		}
	}
	return string(b)
}

func upperHex(c byte) byte {
	if c >= 'a' && c <= 'f' {
		return c - 'a' + 'A'
	}
	return c
}
