package mockapi_test

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// No answer of any route, success or error, repeats the token value the
// request was sent with, whatever kind of token it is and whichever way it
// is sent (the control API's /_mock/env, which exists to print the seeded
// tokens, is the one exception).
func TestAnswersNeverEchoTheSentToken(t *testing.T) {
	h := newHarness(t)
	agentID, session := h.register(h.env["BUILDKITE_AGENT_TOKEN"])
	h.must(200, "POST", "/v3/connect", session, nil)
	jobID, jobTok := h.takeJob(session)
	h.must(200, "PUT", "/v3/jobs/"+jobID+"/start", jobTok, nil)
	buildID, _ := h.controlJob(jobID)["build_id"].(string)
	unknown := "bkaa_" + strings.Repeat("Q7x", 20)
	tokens := map[string]string{
		"registration": h.env["BUILDKITE_AGENT_TOKEN"], "session": session, "job": jobTok,
		"api": h.env["BUILDKITE_API_TOKEN"], "unknown": unknown, "other org": h.env["BUILDKITE_AGENT_TOKEN_OTHER_ORG"],
	}
	fill := strings.NewReplacer("{id}", jobID, "{context}", "ctx", "{uuid}", "u-1")
	for _, route := range h.srv.Routes() {
		method, pattern, _ := strings.Cut(route, " ")
		if pattern == "/_mock/env" {
			continue
		}
		path := fill.Replace(pattern)
		if strings.Contains(pattern, "/builds/") {
			path = strings.Replace(path, jobID, buildID, 1)
		}
		if strings.Contains(pattern, "/agents/") {
			path = strings.Replace(path, jobID, agentID, 1)
		}
		for kind, tok := range tokens {
			for _, how := range []string{"header", "bearer", "query"} {
				q := req{method: method, path: path, body: `{"name":"x","key":"k","value":"v"}`, header: map[string]string{"Content-Type": "application/json"}}
				switch how {
				case "header":
					q.token = tok
				case "bearer":
					q.header["Authorization"] = "Bearer " + tok
				case "query":
					q.path += "?access_token=" + tok + "&token=" + tok
				}
				res := h.do(q)
				assert.NotContains(t, string(res.Body), tok, "%s with the %s token (%s) answered %d with it", route, kind, how, res.Status)
			}
		}
	}
}

// A token is accepted only when every byte matches: one changed character
// anywhere, a prefix or an extension is refused the same way.
func TestTokenMustMatchExactly(t *testing.T) {
	h := newHarness(t)
	tok := h.env["BUILDKITE_AGENT_TOKEN"]
	flip := func(i int) string {
		b := []byte(tok)
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		return string(b)
	}
	for name, bad := range map[string]string{
		"first body byte": flip(5), "middle": flip(len(tok) / 2), "last": flip(len(tok) - 1),
		"prefix": tok[:len(tok)-1], "extended": tok + "A", "upper case": strings.ToUpper(tok), "empty": "",
	} {
		res := h.call("GET", "/v3/token", bad, nil)
		assert.Equal(t, 401, res.Status, name)
		assert.NotContains(t, string(res.Body), tok, name)
	}
	h.must(200, "GET", "/v3/token", tok, nil)
}

// tokenish names the expressions that hold token values in the mock's code.
var tokenish = regexp.MustCompile(`(?i)token|secret|\bvalue\b|\.value\b`)

// The mock compares token values only in constant time: it finds a token
// by the SHA-256 of the value presented and then compares the stored value
// with subtle.ConstantTimeCompare (state.lookup). This audit of the source
// fails on any ==, != or strings/bytes comparison involving a token-like
// expression unless the other side is a literal or nil (checks like
// value == "" reveal nothing).
func TestTokenComparisonsAreConstantTime(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	more, err := filepath.Glob("graphql/*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	src := func(n ast.Node) string {
		var b bytes.Buffer
		_ = printer.Fprint(&b, fset, n)
		return b.String()
	}
	literal := func(e ast.Expr) bool {
		switch e := e.(type) {
		case *ast.BasicLit:
			return true
		case *ast.Ident:
			return e.Name == "nil" || strings.HasPrefix(e.Name, "kind") || strings.HasPrefix(e.Name, "prefix")
		case *ast.SelectorExpr:
			return strings.HasPrefix(e.Sel.Name, "Status")
		}
		return false
	}
	constantTime := 0
	for _, f := range append(files, more...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		require.NoError(t, err)
		ast.Inspect(af, func(n ast.Node) bool {
			switch e := n.(type) {
			case *ast.BinaryExpr:
				if (e.Op == token.EQL || e.Op == token.NEQ) && !literal(e.X) && !literal(e.Y) && tokenish.MatchString(src(e)) {
					t.Errorf("%s: %s compares a token-like value with %s; use subtle.ConstantTimeCompare", fset.Position(e.Pos()), src(e), e.Op)
				}
			case *ast.CallExpr:
				switch fn := src(e.Fun); fn {
				case "subtle.ConstantTimeCompare":
					constantTime++
				case "strings.EqualFold", "strings.Compare", "bytes.Equal", "bytes.Compare", "strings.HasPrefix", "strings.HasSuffix":
					if len(e.Args) == 2 && !literal(e.Args[0]) && !literal(e.Args[1]) && tokenish.MatchString(src(e)) {
						t.Errorf("%s: %s compares a token-like value in variable time", fset.Position(e.Pos()), src(e))
					}
				}
			}
			return true
		})
	}
	assert.Positive(t, constantTime, "token lookups use subtle.ConstantTimeCompare")
}
