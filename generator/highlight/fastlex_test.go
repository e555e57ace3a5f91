package highlight

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

// fastLexCase is a seed input and whether the fast path must take it or
// leave it to chroma. Both directions are checked: a change that makes the
// fast path give up on input it used to take fails TestFastTokensMatchChroma
// instead of quietly costing speed, and one that takes more must say so here.
type fastLexCase struct {
	fast bool // take: fastTokens vouches for the tokens; decline: chroma lexes it
	code string
}

const (
	take    = true
	decline = false
)

// fastLexCases are inputs around every rule the fast lexers follow, and
// around what they decline.
var fastLexCases = map[string][]fastLexCase{
	"GraphQL": {
		{take, ""},
		{take, "mutation {\n  agentTokenCreate(input: {organizationID: \"org\", description: \"ci\"}) {\n    tokenValue\n    agentTokenEdge { node { id description } }\n  }\n}\n"},
		{take, "query Tokens($org: ID!, $first: Int = 10) @cached {\n  organization(slug: $org) { agents(first: $first) { edges { node { ...AgentFields } } } }\n}\nfragment AgentFields on Agent { id name }\n"},
		{decline, "type Query implements Node & Other { field(arg: [String!]! = [\"a\"]): Int }\nenum E { A B }\ninput I { x: Float = 1.5e+3 }\n"},
		{take, "directive @d on FIELD | FIELD_DEFINITION | ENUM_VALUE | FIELDS\nscalar Time\nextend schema { query: Q }\n"},
		{decline, "# comment\n{ a(b: 0, c: 012, d: 1.5, e: .5, f: 2e10, g: 3i, h: 1.5i, i: .5E+2i, j: 4E-3i, k: 1., l: 1.e5) }\n"},
		{take, "{ a(s: \"x\", t: \"\"\"block \"quoted\" text\"\"\", u: \"\\n\", v: \"\\x41\", w: \"\\101\", y: \"\\u0041\", z: \"esc \\\" q\") }"},
		{take, "types onion queryX typeName ... on"},
		{decline, "\"\"\"\""},
		{decline, "@ $ . # \\ ; % ^ 'x'"},
	},
	"Bash": {
		{take, ""},
		{take, "curl -sS -X POST \"$BUILDKITE_AGENT_ENDPOINT/register\" \\\n  -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\" \\\n  -H \"Content-Type: application/json\" \\\n  -d '{\"name\": \"agent-1\", \"tags\": [\"queue=default\"]}'\n"},
		{take, "export BUILDKITE_AGENT_TOKEN=\"$(cat token.txt)\"\necho \"${BUILDKITE_AGENT_TOKEN:-unset}\" | wc -c\n"},
		{take, "buildkite-agent start --token \"$TOKEN\" --tags \"queue=deploy,os=linux\" # start it\n"},
		{take, "if [ -n \"$X\" ]; then echo yes; else echo no; fi\n"},
		{take, "for f in *.log; do gzip \"$f\"; done && echo done\n"},
		{take, "do-thing done.txt done\nfi\nif\n"},
		{take, "#!/bin/bash\nset -euo pipefail\n"},
		{take, "#!\n# comment\n#"},
		{take, "a=1 b+=2 c = 3\nd\n=4\n"},
		{take, "echo $1 $# $? $$ $! $_ $* $@ $- $ $\"x\" $\n"},
		{take, "x=\"a\\\"b\\\\c\\$d $e ${f} $(g)\"\n"},
		{take, "printf '%s\\n' 'single \"quoted\" $x' \"\\101\\12\"\n"},
		{take, "time times type typeset test true truex echo)\n"},
		{take, "cmd 200 300x 4\n5\t6\n"},
		{take, "${#arr} ${a:b} ${a-b c} ${a:-\"d\"} ${a:-$(b)} ${x:-'y'}\n"},
		{take, "$(echo $(echo nested) ) (sub) {grp} [test] a[1]=x\n"},
		{take, "a || b && c | d & e ; f\n"},
		{decline, "echo \\n\\\n done \\"},
		{decline, "echo `date`\n"},
		{decline, "cat <<EOF\nhi\nEOF\n"},
		{decline, "echo $((1 + 2))\n"},
		{decline, "echo $'\\n' $'a\\'b' $'unterminated\n"},
		{take, "--data-binary $'Running tests\\n' 'forged'$'\\n'\n"},
		{decline, "echo 'unterminated\n"},
		{take, "echo \"unterminated $x\n"},
		{decline, "echo é \"é\" 'é' ${é}\n"},
		{decline, "echo\u00a0x\n"},
		{decline, "echo \v x\n"},
		{decline, "crlf\r\n"},
		{decline, "\\"},
		{take, "echo \"$"},
		{take, "$("},
		{decline, "x=$(("},
	},
	"JSON": {
		{take, ""},
		{take, "{\n  \"id\": \"<uuid:agent_id>\",\n  \"n\": 1.5, \"ok\": [true, null, false],\n  \"e\": -0.5e+10, \"i\": -12, \"z\": 0\n}\n"},
		{take, "[1, 2.0, 3e5, 4E-2, 5.5E+3, 01, -0, 1.5e-3, 0.0]"},
		{decline, "[1., 1e, .5]"},
		{take, "{\"a\": {\"b\": [{\"c\": {}}, []]}, \"d\": \"esc \\\" \\\\ \\n quote\"}"},
		{take, "{\"k\" : \"v\" , \"k2\":\"v2\"}\n// comment\n{}\n"},
		{decline, "// unterminated comment"},
		{decline, "{\"unterminated"},
		{decline, "{\"a\": tru, \"b\": nullx, \"c\": true_}"},
		{take, "\"bare string\" 42 true"},
		{decline, "{\"a\": 1}}]"},
		{take, "[\"é\", \"日本\", \"\\\"\"]"},
		{decline, "{\"a\":\u00a0\"x\"}"},
		{decline, "{\"a\": \"x\"\r\n}"},
		{take, "{\"a\"\n:\n1\n,\n\"b\"\n:\n2\n}"},
		{decline, "{1: 2}"},
		{decline, "[-, -a, +1]"},
		{take, "{\"a\\\\\": \"b\\\\\\\"\"}"},
		{decline, "\"a\\\""},
		{decline, "\"a\\\" b"},
	},
}

// TestChromaVersionChecked makes a chroma upgrade a deliberate step: the
// fast lexers follow one release's rules, so another release (or a replace
// directive) must be re-checked by hand (see checkedChroma) before this test
// passes again. Test binaries carry no dependency versions, so it reads go.mod.
func TestChromaVersionChecked(t *testing.T) {
	mod, err := os.ReadFile(filepath.Join("..", "..", "go.mod"))
	require.NoError(t, err)
	const path = "github.com/alecthomas/chroma/v2"
	got := regexp.MustCompile(`(?m)^\s*(?:require\s+)?` + regexp.QuoteMeta(path) + `\s+(v\S+)`).FindSubmatch(mod)
	require.NotNil(t, got, "no %s requirement in go.mod", path)
	assert.NotRegexp(t, `(?m)^\s*(replace\s+)?`+regexp.QuoteMeta(path)+`(\s+v\S+)?\s+=>`, string(mod),
		"chroma is replaced in go.mod: re-check fastlex*.go against the replacement")
	assert.Equal(t, checkedChroma, string(got[1]),
		"chroma is now %s: re-check fastlex*.go against its bash.xml, json.xml and graphql.xml, run make fuzz, then set checkedChroma", got[1])
}

func TestFastTokensMatchChroma(t *testing.T) {
	for lexer, cases := range fastLexCases {
		for _, c := range cases {
			assert.Equal(t, c.fast, checkFastTokens(t, lexer, c.code), "%s %q: want fast path %v", lexer, c.code, c.fast)
		}
	}
}

// The fast path must take the blocks docs are made of, or it is no help:
// every bash, json and graphql block of content/ and of the benchmark corpus's kind.
func TestFastTokensTakeDocsBlocks(t *testing.T) {
	fence := regexp.MustCompile("(?ms)^```(bash|sh|json|graphql)[^\\n]*\\n(.*?)^```")
	root := filepath.Join("..", "..", "content")
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
		assert.True(t, checkFastTokens(t, lexer, cases[1].code), "%s sample", lexer)
	}
}

func FuzzFastTokensBash(f *testing.F) {
	for _, c := range fastLexCases["Bash"] {
		f.Add(c.code)
	}
	f.Fuzz(func(t *testing.T, code string) { checkFastTokens(t, "Bash", code) })
}

func FuzzFastTokensGraphQL(f *testing.F) {
	for _, c := range fastLexCases["GraphQL"] {
		f.Add(c.code)
	}
	f.Fuzz(func(t *testing.T, code string) { checkFastTokens(t, "GraphQL", code) })
}

func FuzzFastTokensJSON(f *testing.F) {
	for _, c := range fastLexCases["JSON"] {
		f.Add(c.code)
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
		code := cases[1].code
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
