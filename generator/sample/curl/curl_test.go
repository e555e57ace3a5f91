package curl

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testEnv = map[string]string{
	"BUILDKITE_AGENT_TOKEN":    "agent-token",
	"BUILDKITE_AGENT_ENDPOINT": "https://agent.buildkite.com/v3",
	"ORG":                      "acme",
	"SPACED":                   "a  b",
	"EMPTY":                    "",
	"JSON":                     `{"name":"x"}`,
}

func lookup(name string) (string, bool) { v, ok := testEnv[name]; return v, ok }

const ep = "https://agent.buildkite.com/v3"

func hdr(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

func get(url string, kv ...string) *Request {
	return &Request{Line: 1, Method: "GET", URL: url, Header: hdr(append([]string{"Accept", "*/*"}, kv...)...)}
}

func post(url, body string, kv ...string) *Request {
	base := []string{"Accept", "*/*", "Content-Type", "application/x-www-form-urlencoded"}
	return &Request{Line: 1, Method: "POST", URL: url, Body: []byte(body), Header: hdr(append(base, kv...)...)}
}

func with(r *Request, f func(*Request)) *Request { f(r); return r }

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		code string
		want []*Request
	}{
		{"plain GET", "curl https://agent.buildkite.com/v3/ping", []*Request{get(ep + "/ping")}},
		{"scheme added", "curl agent.buildkite.com/v3/ping", []*Request{get("http://agent.buildkite.com/v3/ping")}},
		{"--url", "curl --url $BUILDKITE_AGENT_ENDPOINT/ping", []*Request{get(ep + "/ping")}},
		{"variables braces and default", `curl "${BUILDKITE_AGENT_ENDPOINT}/orgs/${ORG}/${MISSING:-dflt}/${EMPTY:-e}/${EMPTY-kept}x"`,
			[]*Request{get(ep + "/orgs/acme/dflt/e/x")}},
		{"default with quotes and vars", `curl "$BUILDKITE_AGENT_ENDPOINT/${NOPE:-"$ORG-q"}"`, []*Request{get(ep + "/acme-q")}},
		{"header with token", `curl -H "Authorization: Token $BUILDKITE_AGENT_TOKEN" $BUILDKITE_AGENT_ENDPOINT/ping`,
			[]*Request{get(ep+"/ping", "Authorization", "Token agent-token")}},
		{"continuations and comments", "# ping the API\ncurl \\\n  -sS \\\n  https://x.test/a # trailing comment\n",
			[]*Request{with(get("https://x.test/a"), func(r *Request) { r.Line = 2; r.Silent, r.ShowError = true, true })}},
		{"combined short flags", "curl -fsSL -i https://x.test/", []*Request{with(get("https://x.test/"), func(r *Request) {
			r.Fail, r.Silent, r.ShowError, r.FollowRedirects, r.Include = true, true, true, true, true
		})}},
		{"-XPOST attached", "curl -XPOST https://x.test/", []*Request{with(get("https://x.test/"), func(r *Request) { r.Method = "POST" })}},
		{"-sXPUT attached after booleans", "curl -sXPUT https://x.test/", []*Request{with(get("https://x.test/"), func(r *Request) { r.Method, r.Silent = "PUT", true })}},
		{"-X DELETE", "curl -X DELETE https://x.test/", []*Request{with(get("https://x.test/"), func(r *Request) { r.Method = "DELETE" })}},
		{"--request", "curl --request PATCH https://x.test/", []*Request{with(get("https://x.test/"), func(r *Request) { r.Method = "PATCH" })}},
		{"-d means POST form", `curl -d 'a=1' https://x.test/`, []*Request{post("https://x.test/", "a=1")}},
		{"data joined with &", `curl -d a=1 --data b=2 --data-raw @c --data-ascii d=4 https://x.test/`, []*Request{post("https://x.test/", "a=1&b=2&@c&d=4")}},
		{"custom content type replaces the default", `curl -H 'Content-Type: application/json' -d "$JSON" https://x.test/`,
			[]*Request{{Line: 1, Method: "POST", URL: "https://x.test/", Body: []byte(`{"name":"x"}`), Header: hdr("Accept", "*/*", "Content-Type", "application/json")}}},
		{"header removal and empty header", `curl -H 'Accept:' -H 'X-Empty;' -H 'X-Two: 1' -H 'x-two: 2' https://x.test/`,
			[]*Request{{Line: 1, Method: "GET", URL: "https://x.test/", Header: http.Header{"X-Empty": {""}, "X-Two": {"1", "2"}}}}},
		{"--json", `curl --json '{"a":1}' https://x.test/`, []*Request{{Line: 1, Method: "POST", URL: "https://x.test/", Body: []byte(`{"a":1}`),
			Header: hdr("Accept", "application/json", "Content-Type", "application/json")}}},
		{"--json pieces concatenate", `curl --json '{"a":' --json '1}' https://x.test/`, []*Request{{Line: 1, Method: "POST", URL: "https://x.test/", Body: []byte(`{"a":1}`),
			Header: hdr("Accept", "application/json", "Content-Type", "application/json")}}},
		{"-u basic auth", `curl -u "$BUILDKITE_AGENT_TOKEN:" https://x.test/`, []*Request{get("https://x.test/", "Authorization", "Basic YWdlbnQtdG9rZW46")}},
		{"user agent and referer", `curl -A 'docs/1.0' --referer https://r.test/ https://x.test/`,
			[]*Request{get("https://x.test/", "User-Agent", "docs/1.0", "Referer", "https://r.test/")}},
		{"-G with --data-urlencode", `curl -G --data-urlencode 'q=a b&c' --data-urlencode '=x/y' -d n=1 'https://x.test/s?p=1'`,
			[]*Request{get("https://x.test/s?p=1&q=a+b%26c&x%2Fy&n=1")}},
		{"-G without query", `curl --get --data-urlencode 'raw text' https://x.test/s`, []*Request{get("https://x.test/s?raw+text")}},
		{"-I is HEAD", "curl -I https://x.test/", []*Request{with(get("https://x.test/"), func(r *Request) { r.Method, r.Head = "HEAD", true })}},
		{"-I -G with data is HEAD with query", "curl -IG -d a=1 https://x.test/", []*Request{with(get("https://x.test/?a=1"), func(r *Request) { r.Method, r.Head = "HEAD", true })}},
		{"output, write-out, compressed and ignored flags", `curl -k -g --no-progress-meter -N --compressed -o /dev/null -w '%{http_code}' https://x.test/`,
			[]*Request{with(get("https://x.test/"), func(r *Request) { r.Output, r.WriteOut, r.Compressed = "/dev/null", "%{http_code}", true })}},
		{"--fail-with-body", "curl --fail-with-body https://x.test/", []*Request{with(get("https://x.test/"), func(r *Request) { r.Fail = true })}},
		{"here-doc quoted keeps $", "curl -d @- https://x.test/ <<'EOF'\n{\"a\": \"$ORG\",\n \"b\": 1}\nEOF\n",
			[]*Request{post("https://x.test/", `{"a": "$ORG", "b": 1}`)}},
		{"here-doc unquoted expands", "curl --data-binary @- https://x.test/ <<EOF\n{\"a\": \"$ORG\", \"c\": \"\\$x\"}\nEOF",
			[]*Request{post("https://x.test/", "{\"a\": \"acme\", \"c\": \"$x\"}\n")}},
		{"here-doc before arguments and continuation", "curl -X POST <<-EOF \\\n  --json @- https://x.test/\n\t{\"a\":1}\n\tEOF\n",
			[]*Request{{Line: 1, Method: "POST", URL: "https://x.test/", Body: []byte("{\"a\":1}\n"), Header: hdr("Accept", "application/json", "Content-Type", "application/json")}}},
		{"here-string", `curl --data-binary @- https://x.test/ <<< "$JSON"`, []*Request{post("https://x.test/", "{\"name\":\"x\"}\n")}},
		{"echo pipe", `echo '{"a": 1}' | curl -d @- https://x.test/`, []*Request{post("https://x.test/", `{"a": 1}`)}},
		{"echo -n pipe binary", `echo -n "x y" | curl --data-binary @- https://x.test/`, []*Request{post("https://x.test/", "x y")}},
		{"echo -e", `echo -e 'a\tb' | curl --data-binary @- https://x.test/`, []*Request{post("https://x.test/", "a\tb\n")}},
		{"printf pipe", `printf '{"name":"%s","n":%d}\n' "$ORG" 3 | curl --data-binary @- https://x.test/`,
			[]*Request{post("https://x.test/", "{\"name\":\"acme\",\"n\":3}\n")}},
		{"printf reuses its format", `printf '%s,' a b c | curl --data-binary @- https://x.test/`, []*Request{post("https://x.test/", "a,b,c,")}},
		{"cat here-doc pipe", "cat <<'JSON' | curl --data-binary @- https://x.test/\n[1]\nJSON\n", []*Request{post("https://x.test/", "[1]\n")}},
		{"pipe continues on the next line", "echo hi |\n  curl -d @- https://x.test/", []*Request{with(post("https://x.test/", "hi"), func(r *Request) { r.Line = 2 })}},
		{"stdin is read once", `echo hi | curl -d @- -d @- https://x.test/`, []*Request{post("https://x.test/", "hi&")}},
		{"data-urlencode from stdin", `echo 'a b' | curl --data-urlencode name@- https://x.test/`, []*Request{post("https://x.test/", "name=a+b%0A")}},
		{"assignments and export", "ORG=other\nexport AGENT=\"my agent\" B\ncurl \"https://x.test/$ORG\" -H \"X: $AGENT\"",
			[]*Request{with(get("https://x.test/other", "X", "my agent"), func(r *Request) { r.Line = 3 })}},
		{"prefix assignment does not change this command's expansion", "ORG=zzz curl https://x.test/$ORG", []*Request{get("https://x.test/acme")}},
		{"field splitting of unquoted variables", `curl -H $SPACED https://x.test/`, nil},
		{"quoted variable is not split", `curl -H "X: $SPACED" https://x.test/`, []*Request{get("https://x.test/", "X", "a  b")}},
		{"empty unquoted variable vanishes", `curl $EMPTY https://x.test/`, []*Request{get("https://x.test/")}},
		{"ANSI-C quoting", `curl -H $'X-Tab: a\tb\x41\u00e9\101' https://x.test/`, []*Request{get("https://x.test/", "X-Tab", "a\tbAéA")}},
		{"$\"...\" is a double quote", `curl $"https://x.test/$ORG"`, []*Request{get("https://x.test/acme")}},
		{"backslash escapes outside quotes", `curl https://x.test/a\"b\$c`, []*Request{get(`https://x.test/a%22b$c`)}},
		{"double-quote escapes", `curl "https://x.test/\"q\"\\\$\a"`, []*Request{get(`https://x.test/%22q%22%5C$%5Ca`)}},
		{"lone dollar is literal", `curl 'https://x.test/'$ -H 'X: $'`, []*Request{get("https://x.test/$", "X", "$")}},
		{"two commands with ; and &&", "curl https://x.test/1; curl https://x.test/2 && curl https://x.test/3\ncurl https://x.test/4",
			[]*Request{get("https://x.test/1"), get("https://x.test/2"), get("https://x.test/3"), with(get("https://x.test/4"), func(r *Request) { r.Line = 2 })}},
		{"set and echo are fine", "set -euo pipefail\necho 'registering'\ncurl https://x.test/", []*Request{with(get("https://x.test/"), func(r *Request) { r.Line = 3 })}},
		{"console transcript", "$ curl -s https://x.test/ \\\n>   -H 'X: 1'\n{\"ok\":true}\n$ curl https://x.test/2\n",
			[]*Request{with(get("https://x.test/", "X", "1"), func(r *Request) { r.Silent = true }), with(get("https://x.test/2"), func(r *Request) { r.Line = 4 })}},
		{"console transcript with quotes, pipe and here-doc", "# setup\n$ echo '{\"a\":\n> 1}' |\n> curl -d @- \"https://x.test/p\"\n$ curl --data-binary @- https://x.test/ <<EOF\n> body\n> EOF\nHTTP/1.1 200 OK\n",
			[]*Request{with(post("https://x.test/p", `{"a":1}`), func(r *Request) { r.Line = 4 }), with(post("https://x.test/", "body\n"), func(r *Request) { r.Line = 5 })}},
		{"CRLF line endings", "curl \\\r\n https://x.test/\r\n", []*Request{get("https://x.test/")}},
		{"no curl at all", "# nothing\nORG=x\n", nil},
		{"-g keeps braces and brackets", `curl -g 'https://[::1]:8080/a{b}?x[]=1'`, []*Request{get("https://[::1]:8080/a%7Bb%7D?x[]=1")}},
		{"-g path brackets are encoded", `curl -g 'https://x.test/a[1]'`, []*Request{get("https://x.test/a%5B1%5D")}},
		{"IPv6 host is not a glob", `curl 'http://[::1]/a'`, []*Request{get("http://[::1]/a")}},
		{"two here-documents on one line: curl's own wins", "cat <<A | curl --data-binary @- https://x.test/ <<'B'\nfrom a\nA\nfrom b\nB\n",
			[]*Request{post("https://x.test/", "from b\n")}},
		{"here-document line continuation and literal quotes", "curl --data-binary @- https://x.test/ <<EOF\n{\"a\": 'x', \\\n\"b\": \"$ORG\\\\\"}\nEOF\n",
			[]*Request{post("https://x.test/", "{\"a\": 'x', \"b\": \"acme\\\"}\n")}},
		{"ANSI-C quote escapes", `curl -H $'X: it\'s \101\x4a\cA' https://x.test/`, []*Request{get("https://x.test/", "X", "it's AJ\x01")}},
		{"empty double quotes make an empty argument", `curl -d "" https://x.test/`, []*Request{post("https://x.test/", "")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.code, lookup)
			if tt.name == "field splitting of unquoted variables" {
				// -H gets "a", and "b" becomes a second URL.
				var ce *Error
				require.ErrorAs(t, err, &ce)
				assert.Contains(t, ce.Msg, "not a header")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// errorCase is a block that must fail, where and with what message.
type errorCase struct {
	name      string
	code      string
	line, col int
	msg       string
}

func errorCases() []errorCase {
	return []errorCase{
		{"unsupported long flag", "curl \\\n  --retry 3 https://x.test/", 2, 3, `curl flag --retry is not supported by docproof; remove it or add skip="reason"`},
		{"-v is not supported", "curl -v https://x.test/", 1, 6, "curl flag -v is not supported"},
		{"unsupported short flag in a group", "curl -sSZ https://x.test/", 1, 6, "curl flag -Z is not supported"},
		{"--header= syntax", "curl --header=X:1 https://x.test/", 1, 6, "value after a space"},
		{"missing value", "curl https://x.test/ -H", 1, 22, "curl flag -H needs a value"},
		{"missing long value", "curl https://x.test/ --data", 1, 22, "--data needs a value"},
		{"unbalanced single quote", "curl 'https://x.test/", 1, 6, "unbalanced single quote"},
		{"unbalanced double quote", "curl \\\n \"https://x.test/", 2, 2, "unbalanced double quote"},
		{"unbalanced ansi quote", "curl $'abc", 1, 6, "unbalanced $' quote"},
		{"unterminated here-doc", "curl -d @- https://x.test/ <<EOF\n{}\n", 1, 28, "here-document <<EOF is not terminated"},
		{"here-doc without body", "curl -d @- https://x.test/ <<EOF", 1, 28, "has no body"},
		{"unset variable", "curl https://x.test/ \\\n  -H \"Authorization: Bearer $API_TOKEN\"", 2, 29, "variable $API_TOKEN is not set"},
		{"unset variable in here-doc", "curl -d @- https://x.test/ <<EOF\n{\"a\": \"$NOPE\"}\nEOF", 2, 8, "$NOPE is not set"},
		{"command substitution", `curl -H "X: $(date)" https://x.test/`, 1, 13, "command substitution $(...) is not supported"},
		{"backticks", "curl https://x.test/`id`", 1, 21, "backticks is not supported"},
		{"data from a file", "curl -d @body.json https://x.test/", 1, 9, "files are not read"},
		{"json from a file", "curl --json @body.json https://x.test/", 1, 13, "files are not read"},
		{"header file", "curl -H @headers.txt https://x.test/", 1, 9, "files are not read"},
		{"stdin with nothing connected", "curl -d @- https://x.test/", 1, 9, "nothing feeds it"},
		{"output redirection", "curl https://x.test/ > out.json", 1, 22, "output redirection"},
		{"stderr redirection", "curl https://x.test/ 2>/dev/null", 1, 22, "redirection 2>"},
		{"input redirection", "curl -d @- https://x.test/ < body.json", 1, 28, "input redirection"},
		{"pipe into jq", "curl https://x.test/ | jq .", 1, 24, "pipe (such as | jq) would not be applied"},
		{"other command", "ORG=x\nwget https://x.test/", 2, 1, `command "wget" is not supported`},
		{"or-list", "curl https://x.test/ || true", 1, 22, "'||' is not supported"},
		{"background", "curl https://x.test/ &", 1, 22, "background"},
		{"subshell", "(curl https://x.test/)", 1, 1, "subshells"},
		{"special parameter", "curl https://x.test/$1", 1, 21, "special parameter $1"},
		{"unsupported expansion", "curl https://x.test/${ORG/a/b}", 1, 21, "parameter expansion is not supported"},
		{"unterminated brace", "curl https://x.test/${ORG:-x", 1, 21, "unterminated ${"},
		{"no URL", "curl -s", 1, 1, "curl needs a URL"},
		{"two URLs", "curl https://x.test/1 https://x.test/2", 1, 23, "one URL per curl command"},
		{"bad scheme", "curl ftp://x.test/", 1, 6, "only http and https"},
		{"no host", "curl https:///path", 1, 6, "has no host"},
		{"blank in URL", `curl "https://x.test/a b"`, 1, 6, "holds a blank or control character, which curl refuses: write it as %20"},
		{"URL glob braces", `curl "https://x.test/v3/jobs/{id}/start"`, 1, 6, "pattern of several URLs"},
		{"URL glob brackets", `curl -s 'https://x.test/a?x[]=1'`, 1, 9, "add -g (--globoff)"},
		{"bad method", `curl -X "GET X" https://x.test/`, 1, 9, "is not an HTTP method"},
		{"malformed header", "curl -H NoColon https://x.test/", 1, 9, "is not a header"},
		{"bad header name", "curl -H 'Bad Name: x' https://x.test/", 1, 9, "not a valid header name"},
		{"user without password", "curl -u alice https://x.test/", 1, 9, "no password"},
		{"head with data", "curl -I -d a=1 https://x.test/", 1, 1, "cannot send data"},
		{"blank in -G data", "curl -G -d 'q=a b' https://x.test/", 1, 1, "write it as %20 or use --data-urlencode"},
		{"write-out file", "curl -w @fmt.txt https://x.test/", 1, 9, "files are not read"},
		{"dangling pipe", "curl https://x.test/ |", 1, 22, "'|' needs a command after it"},
		{"leading pipe", "| curl https://x.test/", 1, 1, "'|' needs a command before it"},
		{"dangling and", "curl https://x.test/ &&", 1, 22, "'&&' needs a command after it"},
		{"here-doc without command", "<<EOF\nx\nEOF\n", 1, 1, "needs a command to read it"},
		{"cat of a file", "cat body.json | curl -d @- https://x.test/", 1, 5, "files are not read"},
		{"printf bad conversion", "printf '%x' 3 | curl -d @- https://x.test/", 1, 8, "conversion %x is not supported"},
		{"printf not a number", "printf '%d' abc | curl -d @- https://x.test/", 1, 13, "is not a number"},
		{"set option", "set -f\ncurl https://x.test/", 1, 5, "set -f is not supported"},
		{"export flag", "export -p", 1, 8, "expected NAME"},
		{"double semicolon", "curl https://x.test/;;", 1, 21, "';;'"},
		{"blank after the continuation backslash", "curl https://x.test/ \\ \n  -H 'X: 1'", 1, 22, "a backslash followed by a space"},
		{"missing continuation backslash", "curl https://x.test/\n  -H 'X: 1'", 2, 3, "starts a new command"},
		{"unquoted JSON braces with a comma", `curl -d {"a":1,"b":2} https://x.test/`, 1, 9, `bash brace-expands the unquoted braces of {"a":1,"b":2} into 2 words (a:1 b:2)`},
		{"unquoted braces attached to a flag", `curl -d{a,b}=1 https://x.test/`, 1, 6, "into 2 words (-da=1 -db=1)"},
		{"nested brace groups", `curl https://x.test/ -H X:{a,{b,c}}`, 1, 25, "into 3 words (X:a X:b X:c)"},
		{"brace range", `curl https://x.test/{1..3}`, 1, 6, "into 3 words (https://x.test/1 https://x.test/2 https://x.test/3)"},
		{"braces in echo's words", `echo {"a":1,"b":2} | curl -d @- https://x.test/`, 1, 6, "into 2 words"},
		{"proxy for one command", `HTTPS_PROXY=http://127.0.0.1:8080 curl https://x.test/`, 1, 1, "HTTPS_PROXY=… sends https requests through a proxy, so real curl would not send what docproof sends"},
		{"exported proxy", "export ALL_PROXY=socks5://p.test:1080\ncurl https://x.test/", 1, 8, "ALL_PROXY=… sends every request through a proxy"},
		{"proxy assigned on its own line", "no_proxy=x.test\ncurl https://x.test/", 1, 1, "no_proxy=… changes which hosts"},
		{"another curlrc", "CURL_HOME=/tmp curl https://x.test/", 1, 1, "CURL_HOME=… makes curl read another .curlrc"},
		{"TLS key log", "SSLKEYLOGFILE=keys.log curl https://x.test/", 1, 1, "SSLKEYLOGFILE=… makes curl write the TLS session keys to a file"},
		{"trusted certificates", "export A=1 SSL_CERT_FILE=ca.pem\ncurl https://x.test/", 1, 12, "SSL_CERT_FILE=… changes which certificates curl trusts"},
	}
}

func TestParseErrors(t *testing.T) {
	tests := errorCases()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reqs, err := Parse(tt.code, lookup)
			require.Error(t, err)
			assert.Nil(t, reqs)
			var ce *Error
			require.True(t, errors.As(err, &ce), "want *Error, got %T", err)
			assert.Contains(t, ce.Msg, tt.msg)
			assert.Equal(t, [2]int{tt.line, tt.col}, [2]int{ce.Line, ce.Col}, "position of %q", ce.Msg)
		})
	}
}

func TestParseNilLookup(t *testing.T) {
	reqs, err := Parse("A=1\ncurl https://x.test/$A", nil)
	require.NoError(t, err)
	require.Len(t, reqs, 1)
	assert.Equal(t, "https://x.test/1", reqs[0].URL)
	_, err = Parse("curl https://x.test/$B", nil)
	assert.ErrorContains(t, err, "$B is not set")
}

func TestErrorString(t *testing.T) {
	assert.Equal(t, "line 2, column 3: boom", (&Error{Line: 2, Col: 3, Msg: "boom"}).Error())
}

// BenchmarkParse parses a typical registration sample with a here-document.
func BenchmarkParse(b *testing.B) {
	code := "curl -sS -X POST \"$BUILDKITE_AGENT_ENDPOINT/register\" \\\n" +
		"  -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\" \\\n" +
		"  -H 'Content-Type: application/json' \\\n" +
		"  -d @- <<'JSON'\n{\"name\": \"builder-1\", \"meta_data\": [\"queue=default\"]}\nJSON\n"
	for i := 0; i < b.N; i++ {
		if _, err := Parse(code, lookup); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseLargeBody parses a 100 KB JSON body in an expanding
// here-document and in double quotes: literal text is consumed in runs, so
// the cost grows linearly with the size.
func BenchmarkParseLargeBody(b *testing.B) {
	body := strings.Repeat(`{"name": "builder", "tags": ["queue=default", "os=linux"]},`+"\n", 1600)
	code := "curl --data-binary @- https://x.test/ <<EOF\n" + body + "EOF\ncurl -d \"" + strings.ReplaceAll(body, `"`, `\"`) + "\" https://x.test/\n"
	b.SetBytes(int64(len(code)))
	for i := 0; i < b.N; i++ {
		reqs, err := Parse(code, lookup)
		if err != nil || len(reqs) != 2 || len(reqs[0].Body) != len(body) {
			b.Fatal(err)
		}
	}
}
