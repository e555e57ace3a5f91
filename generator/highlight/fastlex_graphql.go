package highlight

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// graphql lexes chroma's GraphQL lexer (lexers/embedded/graphql.xml): the
// states root and type, where type tries a bracket (pop), a name (NameClass,
// pop), then every root rule. The stack only ever holds root and type
// states, so it is a count. Only ASCII is vouched for: \w, \d and \s of
// non-ASCII text depend on Unicode tables.
func (l *fastLexer) graphql() bool {
	for i := 0; i < len(l.text); i++ {
		if l.text[i] >= 0x80 {
			return false
		}
	}
	types := 0 // type states on the stack
	for l.pos < len(l.text) {
		rest := l.text[l.pos:]
		c := rest[0]
		if types > 0 {
			switch {
			case strings.IndexByte("{}()[]", c) >= 0:
				l.emit(chroma.Punctuation, 1)
				types--
				continue
			case isNameStart(c):
				l.emit(chroma.NameClass, nameLen(rest))
				types--
				continue
			}
		}
		t, n, push := graphqlRoot(rest)
		if n == 0 {
			return false // chroma would emit an error token
		}
		l.emit(t, n)
		if push {
			types++
		}
	}
	return true
}

// graphqlRoot returns the token of the first root rule matching at the
// start of s (ASCII), its length (0: none) and whether it pushes the type state.
func graphqlRoot(s string) (chroma.TokenType, int, bool) {
	// The first rule's alternatives, in order; no word boundary, so "types" is "type" and "s".
	for _, kw := range [...]string{"query", "mutation", "subscription", "fragment", "scalar", "implements", "interface", "union", "enum", "input", "type"} {
		if strings.HasPrefix(s, kw) {
			return chroma.KeywordDeclaration, len(kw), true
		}
	}
	for _, kw := range [...]string{"on", "extend", "schema", "directive", "..."} {
		if strings.HasPrefix(s, kw) {
			return chroma.KeywordDeclaration, len(kw), false
		}
	}
	for _, kw := range [...]string{"QUERY", "MUTATION", "SUBSCRIPTION", "FIELD", "FRAGMENT_DEFINITION", "FRAGMENT_SPREAD",
		"INLINE_FRAGMENT", "SCHEMA", "SCALAR", "OBJECT", "FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INTERFACE", "UNION", "ENUM",
		"ENUM_VALUE", "INPUT_OBJECT", "INPUT_FIELD_DEFINITION"} { // the third rule's, each followed by \b
		if strings.HasPrefix(s, kw) && (len(s) == len(kw) || !isWordASCII(s[len(kw)])) {
			return chroma.KeywordConstant, len(kw), false
		}
	}
	c := s[0]
	switch {
	case isNameStart(c):
		return chroma.NameProperty, nameLen(s), false
	case c == '@' && len(s) > 1 && isWordASCII(s[1]):
		return chroma.NameDecorator, 1 + wordLen(s[1:]), false
	case c == ':':
		return chroma.Punctuation, 1, true
	case strings.IndexByte("(){}[],!|=", c) >= 0:
		return chroma.Punctuation, 1, false
	case c == '$' && len(s) > 1 && isWordASCII(s[1]):
		return chroma.NameVariable, 1 + wordLen(s[1:]), false
	}
	if t, n := graphqlNumber(s); n > 0 {
		return t, n, false
	}
	if c == '"' {
		if n := graphqlString(s); n > 0 {
			return chroma.LiteralString, n, false
		}
		if n := graphqlChar(s); n > 0 {
			return chroma.LiteralStringChar, n, false
		}
		var l fastLexer
		l.text = s
		if n, ok := l.jsonString(); ok { // "(\\\\|\\"|[^"])*", as JSON's
			return chroma.LiteralString, n, false
		}
		return chroma.Error, 0, false // "(true|false|null)*" matches only what the rule before does
	}
	if n := spaceLen(s); n > 0 {
		return chroma.TextWhitespace, n, false
	}
	if c == '#' {
		n := strings.IndexAny(s, "\r\n")
		if n < 0 {
			n = len(s)
		}
		return chroma.Comment, n, false
	}
	return chroma.Error, 0, false
}

// isNameStart reports [^\W\d]: to regexp2 any word character, digits
// included ("10" is a name, and the number rules that start with a digit
// never match).
func isNameStart(c byte) bool { return isWordASCII(c) }

// nameLen is the length of [^\W\d]\w* at the start of s.
func nameLen(s string) int { return 1 + wordLen(s[1:]) }

// wordLen is the length of \w* at the start of s.
func wordLen(s string) int {
	n := 0
	for n < len(s) && isWordASCII(s[n]) {
		n++
	}
	return n
}

// spaceLen is the length of [\r\n\s]+ at the start of s (ASCII).
func spaceLen(s string) int {
	n := 0
	for n < len(s) && strings.IndexByte(" \t\n\v\f\r", s[n]) >= 0 {
		n++
	}
	return n
}

// graphqlNumber tries the number rules that can match (the others start
// with a digit, which the name rule takes first): \.\d+([Ee][-+]\d+)?i
// (LiteralNumber), then \.\d+([eE][+\-]?\d+)? (LiteralNumberFloat).
func graphqlNumber(s string) (chroma.TokenType, int) {
	if s[0] != '.' {
		return chroma.Error, 0
	}
	f := digits(s[1:])
	if f == 0 {
		return chroma.Error, 0
	}
	tail := s[1+f:]
	if e := signedExponent(tail, true); e > 0 && e < len(tail) && tail[e] == 'i' {
		return chroma.LiteralNumber, 1 + f + e + 1
	}
	if len(tail) > 0 && tail[0] == 'i' {
		return chroma.LiteralNumber, 1 + f + 1
	}
	return chroma.LiteralNumberFloat, 1 + f + signedExponent(tail, false)
}

// signedExponent matches [Ee][-+]\d+ (sign required) or [eE][+\-]?\d+ at
// the start of s: its length, 0 for none.
func signedExponent(s string, signRequired bool) int {
	if len(s) < 2 || s[0] != 'e' && s[0] != 'E' {
		return 0
	}
	i := 1
	if s[i] == '+' || s[i] == '-' {
		i++
	} else if signRequired {
		return 0
	}
	if d := digits(s[i:]); d > 0 {
		return i + d
	}
	return 0
}

// graphqlString matches """[\x00-\x7F]*?""" (the text is ASCII): the
// shortest block string.
func graphqlString(s string) int {
	if !strings.HasPrefix(s, `"""`) {
		return 0
	}
	if end := strings.Index(s[3:], `"""`); end >= 0 {
		return 3 + end + 3
	}
	return 0
}

// graphqlChar matches "(\\["\\abfnrtv]|\\x[0-9a-fA-F]{2}|\\[0-7]{1,3}|
// \\u[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{8}|[^\\])": one character or escape
// between quotes, the alternatives tried in order (octal digits greedy first).
func graphqlChar(s string) int {
	closes := func(n int) bool { return n < len(s) && s[n] == '"' }
	if len(s) < 3 {
		return 0
	}
	if s[1] != '\\' { // [^\\]
		if closes(2) {
			return 3
		}
		return 0
	}
	if len(s) > 2 && strings.IndexByte(`"\abfnrtv`, s[2]) >= 0 && closes(3) {
		return 4
	}
	if len(s) > 2 && s[2] == 'x' && hexDigits(s[3:], 2) && closes(5) {
		return 6
	}
	octal := 0
	for octal < 3 && 2+octal < len(s) && s[2+octal] >= '0' && s[2+octal] <= '7' {
		octal++
	}
	for k := octal; k >= 1; k-- {
		if closes(2 + k) {
			return 3 + k
		}
	}
	if len(s) > 2 && s[2] == 'u' && hexDigits(s[3:], 4) && closes(7) {
		return 8
	}
	if len(s) > 2 && s[2] == 'U' && hexDigits(s[3:], 8) && closes(11) {
		return 12
	}
	return 0
}

// hexDigits reports whether s starts with n hex digits.
func hexDigits(s string, n int) bool {
	if len(s) < n {
		return false
	}
	for i := range n {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
