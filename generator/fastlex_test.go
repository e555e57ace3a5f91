package generator

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chromaTokens is the reference: chroma's own coalesced tokens.
func chromaTokens(t testing.TB, lexer, code string) []chroma.Token {
	t.Helper()
	disableChromaTimeouts() // a loaded machine must not turn a slow match into an error token
	lx := chroma.Coalesce(lexers.Get(lexer))
	it, err := lx.Tokenise(nil, code)
	require.NoError(t, err)
	return it.Tokens()
}

// checkFastTokens fails when fastTokens vouches for tokens chroma does not
// produce. It reports whether the fast path took the input.
func checkFastTokens(t testing.TB, lexer, code string) bool {
	t.Helper()
	got, ok := fastTokens(lexer, code)
	if !ok {
		return false
	}
	want := chromaTokens(t, lexer, code)
	if len(want) == 0 {
		want = nil
	}
	if len(got) == 0 {
		got = nil
	}
	assert.Equal(t, want, got, "%s %q", lexer, code)
	return true
}

// fastLexCases are inputs around every rule the fast lexers follow, and
// around what they decline.
var fastLexCases = map[string][]string{
	"GraphQL": {
		"",
		"mutation {\n  agentTokenCreate(input: {organizationID: \"org\", description: \"ci\"}) {\n    tokenValue\n    agentTokenEdge { node { id description } }\n  }\n}\n",
		"query Tokens($org: ID!, $first: Int = 10) @cached {\n  organization(slug: $org) { agents(first: $first) { edges { node { ...AgentFields } } } }\n}\nfragment AgentFields on Agent { id name }\n",
		"type Query implements Node & Other { field(arg: [String!]! = [\"a\"]): Int }\nenum E { A B }\ninput I { x: Float = 1.5e+3 }\n",
		"directive @d on FIELD | FIELD_DEFINITION | ENUM_VALUE | FIELDS\nscalar Time\nextend schema { query: Q }\n",
		"# comment\n{ a(b: 0, c: 012, d: 1.5, e: .5, f: 2e10, g: 3i, h: 1.5i, i: .5E+2i, j: 4E-3i, k: 1., l: 1.e5) }\n",
		"{ a(s: \"x\", t: \"\"\"block \"quoted\" text\"\"\", u: \"\\n\", v: \"\\x41\", w: \"\\101\", y: \"\\u0041\", z: \"esc \\\" q\") }",
		"types onion queryX typeName ... on",
		"\"\"\"\"",
		"@ $ . # \\ ; % ^ 'x'",
	},
	"Bash": {
		"",
		"curl -sS -X POST \"$BUILDKITE_AGENT_ENDPOINT/register\" \\\n  -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\" \\\n  -H \"Content-Type: application/json\" \\\n  -d '{\"name\": \"agent-1\", \"tags\": [\"queue=default\"]}'\n",
		"export BUILDKITE_AGENT_TOKEN=\"$(cat token.txt)\"\necho \"${BUILDKITE_AGENT_TOKEN:-unset}\" | wc -c\n",
		"buildkite-agent start --token \"$TOKEN\" --tags \"queue=deploy,os=linux\" # start it\n",
		"if [ -n \"$X\" ]; then echo yes; else echo no; fi\n",
		"for f in *.log; do gzip \"$f\"; done && echo done\n",
		"do-thing done.txt done\nfi\nif\n",
		"#!/bin/bash\nset -euo pipefail\n",
		"#!\n# comment\n#",
		"a=1 b+=2 c = 3\nd\n=4\n",
		"echo $1 $# $? $$ $! $_ $* $@ $- $ $\"x\" $\n",
		"x=\"a\\\"b\\\\c\\$d $e ${f} $(g)\"\n",
		"printf '%s\\n' 'single \"quoted\" $x' \"\\101\\12\"\n",
		"time times type typeset test true truex echo)\n",
		"cmd 200 300x 4\n5\t6\n",
		"${#arr} ${a:b} ${a-b c} ${a:-\"d\"} ${a:-$(b)} ${x:-'y'}\n",
		"$(echo $(echo nested) ) (sub) {grp} [test] a[1]=x\n",
		"a || b && c | d & e ; f\n",
		"echo \\n\\\n done \\",
		"echo `date`\n",
		"cat <<EOF\nhi\nEOF\n",
		"echo $((1 + 2))\n",
		"echo $'\\n' $'a\\'b' $'unterminated\n",
		"--data-binary $'Running tests\\n' 'forged'$'\\n'\n",
		"echo 'unterminated\n",
		"echo \"unterminated $x\n",
		"echo é \"é\" 'é' ${é}\n",
		"echo\u00a0x\n",
		"echo \v x\n",
		"crlf\r\n",
		"\\",
		"echo \"$",
		"$(",
		"x=$((",
	},
	"JSON": {
		"",
		"{\n  \"id\": \"<uuid:agent_id>\",\n  \"n\": 1.5, \"ok\": [true, null, false],\n  \"e\": -0.5e+10, \"i\": -12, \"z\": 0\n}\n",
		"[1, 2.0, 3e5, 4E-2, 5.5E+3, 01, -0, 1.5e-3, 0.0]",
		"[1., 1e, .5]",
		"{\"a\": {\"b\": [{\"c\": {}}, []]}, \"d\": \"esc \\\" \\\\ \\n quote\"}",
		"{\"k\" : \"v\" , \"k2\":\"v2\"}\n// comment\n{}\n",
		"// unterminated comment",
		"{\"unterminated",
		"{\"a\": tru, \"b\": nullx, \"c\": true_}",
		"\"bare string\" 42 true",
		"{\"a\": 1}}]",
		"[\"é\", \"日本\", \"\\\"\"]",
		"{\"a\":\u00a0\"x\"}",
		"{\"a\": \"x\"\r\n}",
		"{\"a\"\n:\n1\n,\n\"b\"\n:\n2\n}",
		"{1: 2}",
		"[-, -a, +1]",
		"{\"a\\\\\": \"b\\\\\\\"\"}",
		"\"a\\\"",
		"\"a\\\" b",
	},
}

func TestFastTokensMatchChroma(t *testing.T) {
	for lexer, cases := range fastLexCases {
		for _, code := range cases {
			checkFastTokens(t, lexer, code)
		}
	}
}

// The fast path must take the blocks docs are made of, or it is no help:
// every bash, json and graphql block of content/ and of the benchmark corpus's kind.
func TestFastTokensTakeDocsBlocks(t *testing.T) {
	fence := regexp.MustCompile("(?ms)^```(bash|sh|json|graphql)[^\\n]*\\n(.*?)^```")
	root := filepath.Join("..", "content")
	taken, total := 0, 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range fence.FindAllStringSubmatch(string(data), -1) {
			lexer := map[string]string{"bash": "Bash", "sh": "Bash", "json": "JSON", "graphql": "GraphQL"}[m[1]]
			total++
			if checkFastTokens(t, lexer, m[2]) {
				taken++
			} else {
				t.Logf("declined %s block in %s:\n%s", lexer, path, m[2])
			}
		}
		return nil
	})
	require.NoError(t, err)
	require.NotZero(t, total)
	assert.GreaterOrEqual(t, float64(taken)/float64(total), 0.9, "fast path took %d of %d blocks", taken, total)
	for lexer, cases := range fastLexCases {
		assert.True(t, checkFastTokens(t, lexer, cases[1]), "%s sample", lexer)
	}
}

func FuzzFastTokensBash(f *testing.F) {
	for _, c := range fastLexCases["Bash"] {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, code string) { checkFastTokens(t, "Bash", code) })
}

func FuzzFastTokensGraphQL(f *testing.F) {
	for _, c := range fastLexCases["GraphQL"] {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, code string) { checkFastTokens(t, "GraphQL", code) })
}

func FuzzFastTokensJSON(f *testing.F) {
	for _, c := range fastLexCases["JSON"] {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, code string) { checkFastTokens(t, "JSON", code) })
}

// FuzzFastTokensPieces strings together pieces the rules turn on (keywords,
// quotes, expansions, numbers, punctuation), which byte-level fuzzing reaches
// only slowly.
func FuzzFastTokensPieces(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3}, false)
	f.Add([]byte{9, 200, 31, 7, 64, 3, 5}, true)
	bash := strings.Fields(`curl -sS -X POST "$A/b" "x" ${b:-c} ${#d} ${e} 'd' $'f\n' $"g" # #! do done if fi
		echo times type true test export x= y+= z = 200 3x $1 $# $? $$ $( ) ( ) [ ] { } && || & | ; \ " ' $ : :- - . / ,
		é \" \\ \$ = + _ a9 < ` + "`")
	bash = append(bash, " ", " ", "\n", "\t", "\\\n", "\v", "\u00a0")
	json := strings.Fields(`{ } [ ] : , "k" "v" "a\"b" "c\\" "é" true false null truex nul 0 -1 12 1.5 -0.25e+3 2E7 1. .5 01 - e
		// " \ / x`)
	json = append(json, " ", " ", "\n", "\n", "\t", "//c\n", "\u00a0", "\r\n")
	f.Fuzz(func(t *testing.T, picks []byte, isJSON bool) {
		pieces, lexer := bash, "Bash"
		if isJSON {
			pieces, lexer = json, "JSON"
		}
		var b strings.Builder
		for _, p := range picks {
			b.WriteString(pieces[int(p)%len(pieces)])
		}
		checkFastTokens(t, lexer, b.String())
	})
}

// FuzzFastTokensGraphQLPieces is FuzzFastTokensPieces for GraphQL.
func FuzzFastTokensGraphQLPieces(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6})
	pieces := strings.Fields(`query mutation fragment type types input enum on onion extend schema directive ... FIELD FIELD_DEFINITION
		FIELDX ENUM_VALUE Foo _x x9 9 10 0 .5 .5i .5e3 .5E+3i .5e .e 1. 1.5 @d @ $v $ : ( ) { } [ ] , ! | = & " """ "a" "\n" "\x41"
		"\101" "\1" "\u0041" "\U00000041" "a\"b" "\" # \ é ; - +`)
	pieces = append(pieces, " ", " ", "\n", "\t", "\v", "#c\n", "\u00a0", "\r\n")
	f.Fuzz(func(t *testing.T, picks []byte) {
		var b strings.Builder
		for _, p := range picks {
			b.WriteString(pieces[int(p)%len(pieces)])
		}
		checkFastTokens(t, "GraphQL", b.String())
	})
}

func BenchmarkFastTokens(b *testing.B) {
	for lexer, cases := range fastLexCases {
		code := cases[1]
		b.Run(lexer+"/chroma", func(b *testing.B) {
			lx := chroma.Coalesce(lexers.Get(lexer))
			for b.Loop() {
				it, _ := lx.Tokenise(nil, code)
				it.Tokens()
			}
		})
		b.Run(lexer+"/fast", func(b *testing.B) {
			for b.Loop() {
				fastTokens(lexer, code)
			}
		})
	}
}
