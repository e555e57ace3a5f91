package highlight

import (
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
)

// The states of chroma's Bash lexer that fastLexer.bash follows; anything
// else (backticks, $((…)), heredocs and other '<' rules) is declined.
const (
	bashRoot = iota
	bashString
	bashParen
	bashCurly
)

// bashKeywords and bashBuiltins are the words of bash.xml's first two rules.
var (
	bashKeywords = [...]string{"if", "fi", "else", "while", "do", "done", "for", "then", "return", "function",
		"case", "select", "continue", "until", "esac", "elif"}
	bashBuiltins = [...]string{"alias", "bg", "bind", "break", "builtin", "caller", "cd", "command", "compgen",
		"complete", "declare", "dirs", "disown", "echo", "enable", "eval", "exec", "exit", "export", "false", "fc",
		"fg", "getopts", "hash", "help", "history", "jobs", "kill", "let", "local", "logout", "popd", "printf",
		"pushd", "pwd", "read", "readonly", "set", "shift", "shopt", "source", "suspend", "test", "time", "times",
		"trap", "true", "type", "typeset", "ulimit", "umask", "unalias", "unset", "wait"}
)

// bash lexes chroma's Bash lexer (bash.xml) for the inputs it vouches for.
func (l *fastLexer) bash() bool {
	stack := []int{bashRoot}
	for l.pos < len(l.text) {
		var ok bool
		switch top := stack[len(stack)-1]; top {
		case bashString:
			ok = l.bashString(&stack)
		case bashParen:
			if l.text[l.pos] == ')' {
				l.emit(chroma.Keyword, 1)
				stack, ok = stack[:len(stack)-1], true
			} else {
				ok = l.bashRootRules(&stack)
			}
		case bashCurly:
			ok = l.bashCurly(&stack)
		default:
			ok = l.bashRootRules(&stack)
		}
		if !ok {
			return false
		}
	}
	return true
}

// bashRootRules tries the root state: basic, backtick, data, interp.
func (l *fastLexer) bashRootRules(stack *[]int) bool {
	if matched, ok := l.bashBasic(); !ok || matched {
		return ok
	}
	if matched, ok := l.bashData(stack); !ok || matched {
		return ok
	}
	return l.bashInterp(stack)
}

// bashBasic tries the "basic" rules. ok is false to decline.
func (l *fastLexer) bashBasic() (matched, ok bool) {
	rest := l.text[l.pos:]
	start, known := l.wordStart()
	if !known {
		return false, false
	}
	if start {
		// \b(if|fi|…)(\s*)\b: the keyword, when no word character follows
		// (a following blank run is either part of it or the next token:
		// coalesced, the tokens are the same).
		for _, kw := range bashKeywords {
			if strings.HasPrefix(rest, kw) {
				word, known := l.wordAt(l.pos + len(kw))
				if !known {
					return false, false
				}
				if !word {
					l.emit(chroma.Keyword, len(kw))
					return true, true
				}
			}
		}
		// \b(alias|…)(?=[\s)`]): the builtin, when a blank, ) or ` follows.
		for _, b := range bashBuiltins {
			if strings.HasPrefix(rest, b) && len(rest) > len(b) {
				switch next := rest[len(b)]; {
				case next >= utf8.RuneSelf || next == '\v' || next == '\f' || next == '\r':
					return false, false // Unicode or rarer whitespace
				case isBlank(next) || next == ')' || next == '`':
					l.emit(chroma.NameBuiltin, len(b))
					return true, true
				}
			}
		}
	}
	switch c := rest[0]; {
	case l.pos == 0 && strings.HasPrefix(rest, "#!"):
		// \A#!.+\n, else the comment rule below.
		if nl := strings.IndexByte(rest, '\n'); nl > 2 {
			l.emit(chroma.CommentPreproc, nl+1)
			return true, true
		}
		return l.bashComment(), true
	case c == '#':
		return l.bashComment(), true
	case c == '\\':
		// \\[\w\W]
		if len(rest) < 2 {
			return false, true
		}
		_, size := utf8.DecodeRuneInString(rest[1:])
		l.emit(chroma.LiteralStringEscape, 1+size)
		return true, true
	}
	if start {
		// (\b\w+)(\s*)(\+?=)
		w := 0
		for w < len(rest) && isWordASCII(rest[w]) {
			w++
		}
		if w < len(rest) && rest[w] >= utf8.RuneSelf {
			return false, false
		}
		s := w
		for s < len(rest) && isBlank(rest[s]) {
			s++
		}
		op := 0
		switch {
		case s < len(rest) && (rest[s] >= utf8.RuneSelf || rest[s] == '\v' || rest[s] == '\f'):
			return false, false
		case strings.HasPrefix(rest[s:], "+="):
			op = 2
		case strings.HasPrefix(rest[s:], "="):
			op = 1
		}
		if op > 0 {
			l.emit(chroma.NameVariable, w)
			l.emit(chroma.Text, s-w)
			l.emit(chroma.Operator, op)
			return true, true
		}
	}
	switch c := rest[0]; {
	case strings.IndexByte("[]{}()=", c) >= 0:
		l.emit(chroma.Operator, 1)
		return true, true
	case c == '<' || c == '`':
		return false, false // <<<, heredocs, '<' text; backticks
	case strings.HasPrefix(rest, "&&") || strings.HasPrefix(rest, "||"):
		l.emit(chroma.Operator, 2)
		return true, true
	}
	return false, true
}

// bashComment: #.*(\S|$) is the rest of the line.
func (l *fastLexer) bashComment() bool {
	n := strings.IndexByte(l.text[l.pos:], '\n')
	if n < 0 {
		n = len(l.text) - l.pos
	}
	l.emit(chroma.CommentSingle, n)
	return true
}

// bashData tries the "data" rules.
func (l *fastLexer) bashData(stack *[]int) (matched, ok bool) {
	rest := l.text[l.pos:]
	c := rest[0]
	// (?s)\$?"(\\\\|\\[0-7]+|\\.|[^"\\$])*": a string without expansions.
	if q := strings.HasPrefix(rest, `$"`); q || c == '"' {
		start := 1
		if q {
			start = 2
		}
		if n := quoted(rest, start, '"', "$"); n > 0 {
			l.emit(chroma.LiteralStringDouble, n)
			return true, true
		}
	}
	switch {
	case c == '"':
		l.emit(chroma.LiteralStringDouble, 1)
		*stack = append(*stack, bashString)
		return true, true
	case strings.HasPrefix(rest, "$'"):
		// (?s)\$'(\\\\|\\[0-7]+|\\.|[^'\\])*'; unterminated, the rules
		// below take the $ and then the quote.
		if n := quoted(rest, 2, '\'', ""); n > 0 {
			l.emit(chroma.LiteralStringSingle, n)
			return true, true
		}
	case c == '\'':
		// (?s)'.*?'
		if end := strings.IndexByte(rest[1:], '\''); end >= 0 {
			l.emit(chroma.LiteralStringSingle, end+2)
			return true, true
		}
		return false, false
	case c == ';' || c == '&' || c == '|':
		l.emit(chroma.Punctuation, 1)
		return true, true
	case isBlank(c):
		n := 1
		for n < len(rest) && isBlank(rest[n]) {
			n++
		}
		l.emit(chroma.Text, n)
		return true, true
	case c >= utf8.RuneSelf || c < ' ':
		return false, false // Unicode classes, rarer whitespace, control characters
	}
	// \d+(?= |$)
	if d := digits(rest); d > 0 && (d == len(rest) || rest[d] == ' ' || rest[d] == '\n') {
		l.emit(chroma.LiteralNumber, d)
		return true, true
	}
	// [^=\s\[\]{}()$"'`\\<&|;]+
	n := 0
	for n < len(rest) {
		b := rest[n]
		if isBlank(b) || strings.IndexByte("=[]{}()$\"'`\\<&|;", b) >= 0 {
			break
		}
		if b >= utf8.RuneSelf || b < ' ' || b == 0x7f {
			return false, false // Unicode or rarer whitespace, control characters
		}
		n++
	}
	if n > 0 {
		l.emit(chroma.Text, n)
		return true, true
	}
	return false, true
}

// quoted matches the rest of a quoted string from s[i:]: a backslash
// escapes the next character, and the string ends at the first quote q; one of
// stop (or the end) first means no match (0). It returns the length from s[0].
func quoted(s string, i int, q byte, stop string) int {
	for i < len(s) && s[i] != q && strings.IndexByte(stop, s[i]) < 0 {
		if s[i] == '\\' {
			if i+1 >= len(s) {
				return 0
			}
			_, size := utf8.DecodeRuneInString(s[i+1:])
			i += size
		}
		i++
	}
	if i < len(s) && s[i] == q {
		return i + 1
	}
	return 0
}

// bashInterp tries the "interp" rules.
func (l *fastLexer) bashInterp(stack *[]int) bool {
	rest := l.text[l.pos:]
	if rest[0] != '$' {
		return false
	}
	switch {
	case strings.HasPrefix(rest, "$(("):
		return false
	case strings.HasPrefix(rest, "$("):
		l.emit(chroma.Keyword, 2)
		*stack = append(*stack, bashParen)
		return true
	case strings.HasPrefix(rest, "${#"):
		l.emit(chroma.LiteralStringInterpol, 3)
		*stack = append(*stack, bashCurly)
		return true
	case strings.HasPrefix(rest, "${"):
		l.emit(chroma.LiteralStringInterpol, 2)
		*stack = append(*stack, bashCurly)
		return true
	}
	if len(rest) > 1 {
		// \$[a-zA-Z_]\w*
		if c := rest[1]; c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			n := 2
			for n < len(rest) && isWordASCII(rest[n]) {
				n++
			}
			if n < len(rest) && rest[n] >= utf8.RuneSelf {
				return false
			}
			l.emit(chroma.NameVariable, n)
			return true
		}
		// \$(?:\d+|[#$?!_*@-])
		if d := digits(rest[1:]); d > 0 {
			if 1+d < len(rest) && rest[1+d] >= utf8.RuneSelf { // \d is Unicode
				return false
			}
			l.emit(chroma.NameVariable, 1+d)
			return true
		}
		if strings.IndexByte("#$?!_*@-", rest[1]) >= 0 {
			l.emit(chroma.NameVariable, 2)
			return true
		}
		if rest[1] >= utf8.RuneSelf { // \d is Unicode
			return false
		}
	}
	l.emit(chroma.Text, 1)
	return true
}

// bashString is the "string" state, inside "…" with expansions.
func (l *fastLexer) bashString(stack *[]int) bool {
	rest := l.text[l.pos:]
	if rest[0] == '"' {
		l.emit(chroma.LiteralStringDouble, 1)
		*stack = (*stack)[:len(*stack)-1]
		return true
	}
	// (?s)(\\\\|\\[0-7]+|\\.|[^"\\$])+
	i := 0
	for i < len(rest) && rest[i] != '"' && rest[i] != '$' {
		if rest[i] == '\\' {
			if i+1 >= len(rest) {
				break
			}
			_, size := utf8.DecodeRuneInString(rest[i+1:])
			i += size
		}
		i++
	}
	if i > 0 {
		l.emit(chroma.LiteralStringDouble, i)
		return true
	}
	return l.bashInterp(stack)
}

// bashCurly is the "curly" state, inside ${…}.
func (l *fastLexer) bashCurly(stack *[]int) bool {
	rest := l.text[l.pos:]
	switch c := rest[0]; {
	case c == '}':
		l.emit(chroma.LiteralStringInterpol, 1)
		*stack = (*stack)[:len(*stack)-1]
		return true
	case strings.HasPrefix(rest, ":-"):
		l.emit(chroma.Keyword, 2)
		return true
	case c >= utf8.RuneSelf:
		return false // \w is Unicode
	case isWordASCII(c):
		n := 1
		for n < len(rest) && isWordASCII(rest[n]) {
			n++
		}
		if n < len(rest) && rest[n] >= utf8.RuneSelf {
			return false
		}
		l.emit(chroma.NameVariable, n)
		return true
	}
	// [^}:"'`$\\]+
	n := 0
	for n < len(rest) && strings.IndexByte("}:\"'`$\\", rest[n]) < 0 {
		n++
	}
	if n > 0 {
		l.emit(chroma.Punctuation, n)
		return true
	}
	if rest[0] == ':' {
		l.emit(chroma.Punctuation, 1)
		return true
	}
	return l.bashRootRules(stack)
}
