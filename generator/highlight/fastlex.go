package highlight

import (
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
)

// Chroma's lexers run dozens of backtracking regexps at every position of the
// code; for the Bash and JSON blocks every docs page is made of that is most
// of the cost of a cold build's highlighting (a 200-byte curl command: ~140 µs).
// fastTokens produces the same tokens for those two languages by hand, for
// the inputs it can vouch for, and declines everything else, which chroma then
// lexes as before. It follows the rules of chroma's lexers/embedded/bash.xml
// and json.xml rule by rule, in order; it declines rather than guess wherever a
// rule involves Unicode classes, backtracking it does not model, or an error
// token. A differential test and fuzzers (fastlex_test.go) hold it equal to
// chroma's coalesced token stream, so the HTML is byte-identical.

// checkedChroma is the chroma release whose lexers/embedded/bash.xml,
// json.xml and graphql.xml the fast lexers were checked against, rule by
// rule. TestChromaVersionChecked fails when go.mod moves chroma to another
// release: read those three files' changes in the new release, bring
// fastlex*.go in line, run `make fuzz`, then update this constant.
const checkedChroma = "v2.27.0"

// fastTokens returns chroma's coalesced tokens of code for the lexer named
// lexer ("Bash" or "JSON"), or false when it cannot vouch for them.
func fastTokens(lexer, code string) ([]chroma.Token, bool) {
	// Tokenise's EnsureLF rewrites \r\n; regexp2 sees invalid UTF-8 as U+FFFD.
	if strings.IndexByte(code, '\r') >= 0 || !utf8.ValidString(code) {
		return nil, false
	}
	var l fastLexer
	l.text = code
	var ok bool
	switch lexer {
	case "Bash":
		ok = l.bash()
	case "JSON":
		ok = l.json()
	case "GraphQL":
		ok = l.graphql()
	}
	if !ok {
		return nil, false
	}
	return l.out, true
}

// fastLexer holds the text, the position and the coalesced output.
type fastLexer struct {
	text string
	pos  int
	out  []chroma.Token
}

// coalesceLimit is the length up to which chroma.Coalesce appends a token to
// the previous one of the same type.
const coalesceLimit = 8192

// emit appends text[pos:pos+n] as a token of type t, coalescing as chroma
// does, and advances.
func (l *fastLexer) emit(t chroma.TokenType, n int) {
	l.emitValue(t, l.text[l.pos:l.pos+n])
	l.pos += n
}

func (l *fastLexer) emitValue(t chroma.TokenType, v string) {
	if v == "" {
		return
	}
	if k := len(l.out) - 1; k >= 0 && l.out[k].Type == t && len(l.out[k].Value) < coalesceLimit {
		l.out[k].Value += v
		return
	}
	l.out = append(l.out, chroma.Token{Type: t, Value: v})
}

// isWordASCII reports whether c is a regexp word character; callers decline
// on non-ASCII bytes, whose class depends on Unicode tables.
func isWordASCII(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// wordAt reports whether text[i] is a word character; known is false for a
// non-ASCII byte. Past the end is a non-word position.
func (l *fastLexer) wordAt(i int) (word, known bool) {
	if i < 0 || i >= len(l.text) {
		return false, true
	}
	c := l.text[i]
	if c >= utf8.RuneSelf {
		return false, false
	}
	return isWordASCII(c), true
}

// wordStart reports whether a word starts at pos (\b followed by \w); known
// is false when that depends on a non-ASCII character.
func (l *fastLexer) wordStart() (start, known bool) {
	cur, ok := l.wordAt(l.pos)
	if !ok || !cur {
		return false, ok
	}
	prev, ok := l.wordAt(l.pos - 1)
	if !ok && l.pos > 0 {
		// A multi-byte rune ends right before pos: look at its first byte.
		return false, false
	}
	return !prev, true
}

// json lexes chroma's JSON lexer (json.xml): states root(=value),
// objectvalue, objectattribute, arrayvalue.
func (l *fastLexer) json() bool {
	const (
		value = iota
		objectValue
		objectAttribute
		arrayValue
	)
	stack := []int{value}
	for l.pos < len(l.text) {
		top := stack[len(stack)-1]
		c := l.text[l.pos]
		switch top {
		case objectValue:
			switch {
			case l.jsonSpace() || l.jsonComment():
			case c == '"':
				n, ok := l.jsonString()
				if !ok {
					return false
				}
				l.emit(chroma.NameTag, n)
				stack = append(stack, objectAttribute)
			case c == '}':
				l.emit(chroma.Punctuation, 1)
				stack = stack[:len(stack)-1]
			default:
				return false
			}
			continue
		case objectAttribute:
			if l.jsonValue(&stack, objectValue, arrayValue) {
				continue
			}
			switch c {
			case ':':
				l.emit(chroma.Punctuation, 1)
			case ',':
				l.emit(chroma.Punctuation, 1)
				stack = stack[:len(stack)-1]
			case '}':
				l.emit(chroma.Punctuation, 1)
				stack = stack[:len(stack)-2]
			default:
				return false
			}
			continue
		case arrayValue:
			if l.jsonValue(&stack, objectValue, arrayValue) || l.jsonComment() {
				continue
			}
			switch c {
			case ',':
				l.emit(chroma.Punctuation, 1)
			case ']':
				l.emit(chroma.Punctuation, 1)
				stack = stack[:len(stack)-1]
			default:
				return false
			}
			continue
		}
		if !l.jsonValue(&stack, objectValue, arrayValue) {
			return false
		}
	}
	return true
}

// jsonValue tries the rules of the "value" state: whitespace, simplevalue,
// comment, { and [.
func (l *fastLexer) jsonValue(stack *[]int, objectValue, arrayValue int) bool {
	if l.jsonSpace() || l.jsonSimple() || l.jsonComment() {
		return true
	}
	switch l.text[l.pos] {
	case '{':
		l.emit(chroma.Punctuation, 1)
		*stack = append(*stack, objectValue)
		return true
	case '[':
		l.emit(chroma.Punctuation, 1)
		*stack = append(*stack, arrayValue)
		return true
	}
	return false
}

// jsonSpace: \s+ (only ASCII space, tab and newline are vouched for; any
// other whitespace ends up declined by the caller).
func (l *fastLexer) jsonSpace() bool {
	n := 0
	for l.pos+n < len(l.text) && isBlank(l.text[l.pos+n]) {
		n++
	}
	if n == 0 {
		return false
	}
	l.emit(chroma.Text, n)
	return true
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }

// jsonComment: //.*?\n
func (l *fastLexer) jsonComment() bool {
	if !strings.HasPrefix(l.text[l.pos:], "//") {
		return false
	}
	nl := strings.IndexByte(l.text[l.pos:], '\n')
	if nl < 0 {
		return false
	}
	l.emit(chroma.CommentSingle, nl+1)
	return true
}

// jsonSimple: (true|false|null)\b, the float and integer patterns, strings.
func (l *fastLexer) jsonSimple() bool {
	rest := l.text[l.pos:]
	for _, kw := range [...]string{"true", "false", "null"} {
		if strings.HasPrefix(rest, kw) {
			word, known := l.wordAt(l.pos + len(kw))
			if !known {
				return false
			}
			if !word {
				l.emit(chroma.KeywordConstant, len(kw))
				return true
			}
		}
	}
	if n, float := jsonNumber(rest); n > 0 {
		if float {
			l.emit(chroma.LiteralNumberFloat, n)
		} else {
			l.emit(chroma.LiteralNumberInteger, n)
		}
		return true
	}
	if rest[0] == '"' {
		if n, ok := l.jsonString(); ok {
			l.emit(chroma.LiteralStringDouble, n)
			return true
		}
	}
	return false
}

// jsonNumber matches -?(0|[1-9]\d*) followed by the float patterns'
// (\.\d+[eE](\+|-)?\d+|[eE](\+|-)?\d+|\.\d+), or without them the integer.
func jsonNumber(s string) (n int, float bool) {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		i += 1 + digits(s[i+1:])
	default:
		return 0, false
	}
	if i < len(s) && s[i] == '.' {
		if d := digits(s[i+1:]); d > 0 {
			if e := exponent(s[i+1+d:]); e > 0 {
				return i + 1 + d + e, true
			}
		}
	}
	if e := exponent(s[i:]); e > 0 {
		return i + e, true
	}
	if i < len(s) && s[i] == '.' {
		if d := digits(s[i+1:]); d > 0 {
			return i + 1 + d, true
		}
	}
	return i, false
}

func digits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// exponent matches [eE](\+|-)?\d+.
func exponent(s string) int {
	if len(s) == 0 || s[0] != 'e' && s[0] != 'E' {
		return 0
	}
	i := 1
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	if d := digits(s[i:]); d > 0 {
		return i + d
	}
	return 0
}

// jsonString matches "(\\\\|\\"|[^"])*" at pos: a backslash pairs with a
// following backslash or quote, and the string ends at the first other quote.
// Without one the regexp would backtrack; that is declined.
func (l *fastLexer) jsonString() (int, bool) {
	s := l.text[l.pos:]
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 < len(s) && (s[i+1] == '\\' || s[i+1] == '"') {
				i++
			}
		case '"':
			return i + 1, true
		}
	}
	return 0, false
}
