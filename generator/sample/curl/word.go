package curl

import (
	"strings"
)

// addPart appends pt to w. Parts are never merged (that would copy the
// text again and again); expansion joins them once, in linear time.
func (w *word) addPart(pt part) {
	if len(w.parts) == 0 {
		w.pos = pt.pos
	}
	w.parts = append(w.parts, pt)
}

// wordBuf is a word with room for its first parts: most words have one or
// two ("$URL/path", -H "...").
type wordBuf struct {
	w   word
	buf [2]part
}

// newWord returns an empty word at p whose first parts need no allocation
// of their own. Words are carved from a slab, a few per allocation.
func (lx *lexer) newWord(p pos) *word {
	if len(lx.words) == 0 {
		lx.words = make([]wordBuf, 12) // a typical curl command's words
	}
	wb := &lx.words[0]
	lx.words = lx.words[1:]
	wb.w.pos, wb.w.parts = p, wb.buf[:0]
	return &wb.w
}

// lexWord reads one word in unquoted context.
func (lx *lexer) lexWord() (*word, error) {
	w := lx.newWord(lx.here())
	err := lx.lexParts(w, wordEnd, false)
	return w, err
}

// lexParts reads parts into w until an unquoted byte of stop (or the end
// of the input). inQuotes marks literal text as quoted, for the default word
// of a ${NAME:-word} inside double quotes.
func (lx *lexer) lexParts(w *word, stop byteClass, inQuotes bool) error {
	for !lx.eof() {
		c := lx.peek(0)
		if stop.has(c) {
			return nil
		}
		p := lx.here()
		switch c {
		case '\\':
			lx.advance()
			switch {
			case lx.eof():
				w.addPart(part{kind: partLit, text: `\`, quoted: inQuotes, pos: p})
			case lx.peek(0) == '\n':
				lx.advance() // line continuation
				lx.skipPrompt()
			default:
				w.addPart(part{kind: partLit, text: string(lx.advance()), quoted: true, pos: p})
			}
		case '\'':
			s, err := lx.singleQuoted()
			if err != nil {
				return err
			}
			w.addPart(part{kind: partLit, text: s, quoted: true, pos: p})
		case '"':
			lx.advance()
			if err := lx.doubleQuoted(w, p); err != nil {
				return err
			}
		case '`':
			return p.unsupportedf("command substitution with backticks is not supported in a sample: set the value in a variable (NAME=value) or capture it from an earlier sample")
		case '$':
			if err := lx.dollar(w, inQuotes); err != nil {
				return err
			}
		default:
			text := lx.literalRun(unquotedSpecial, stop)
			w.addPart(part{kind: partLit, text: text, quoted: inQuotes, pos: p})
		}
	}
	return nil
}

// literalRun consumes the current byte and the bytes after it up to one of
// special or stop (or a newline), and returns them: long literal text
// becomes one part in linear time.
func (lx *lexer) literalRun(special, stop byteClass) string {
	start := lx.i
	if lx.advance() == '\n' {
		return lx.src[start:lx.i]
	}
	end := lx.i
	for end < len(lx.src) {
		c := lx.src[end]
		if c == '\n' || special.has(c) || stop.has(c) {
			break
		}
		end++
	}
	lx.col += end - lx.i // no newline in between
	lx.i = end
	return lx.src[start:lx.i]
}

// byteClass is a set of bytes that ends a literal run or a word.
type byteClass uint8

const (
	noBytes             byteClass = iota
	unquotedSpecial               // " \t\r\n;&|()<>\\'\"`$": what ends unquoted literal text
	doubleQuotedSpecial           // "\"\\`$": inside double quotes
	heredocSpecial                // "\\`$": in a here-document body
	wordEnd                       // blanks and operators: the end of an unquoted word
	braceEnd                      // '}': the end of a ${NAME:-word} default
)

// has reports whether c is in the class.
func (k byteClass) has(c byte) bool {
	switch k {
	case unquotedSpecial:
		switch c {
		case ' ', '\t', '\r', '\n', ';', '&', '|', '(', ')', '<', '>', '\\', '\'', '"', '`', '$':
			return true
		}
	case doubleQuotedSpecial:
		return c == '"' || c == '\\' || c == '`' || c == '$'
	case heredocSpecial:
		return c == '\\' || c == '`' || c == '$'
	case wordEnd:
		return c == ' ' || c == '\t' || c == '\r' || isOperator(c)
	case braceEnd:
		return c == '}'
	}
	return false
}

func (lx *lexer) singleQuoted() (string, error) {
	p := lx.here()
	lx.advance()
	end := strings.IndexByte(lx.src[lx.i:], '\'')
	if end < 0 {
		return "", p.errorf("unbalanced single quote: no closing ' for the quote opened here")
	}
	s := lx.src[lx.i : lx.i+end]
	for n := end + 1; n > 0; n-- {
		lx.advance()
	}
	if lx.prompt {
		s = strings.ReplaceAll(s, "\n> ", "\n")
	}
	return s, nil
}

// doubleQuoted reads the inside of "..." after the opening quote at open.
func (lx *lexer) doubleQuoted(w *word, open pos) error {
	// An empty "" still makes a word.
	w.addPart(part{kind: partLit, quoted: true, pos: open})
	for !lx.eof() {
		p := lx.here()
		switch c := lx.peek(0); c {
		case '"':
			lx.advance()
			return nil
		case '\\':
			lx.advance()
			if lx.eof() {
				continue
			}
			switch n := lx.peek(0); n {
			case '\n':
				lx.advance()
				lx.skipPrompt()
			case '$', '`', '"', '\\':
				lx.advance()
				w.addPart(part{kind: partLit, text: string(n), quoted: true, pos: p})
			default:
				w.addPart(part{kind: partLit, text: `\`, quoted: true, pos: p})
			}
		case '`':
			return p.unsupportedf("command substitution with backticks is not supported in a sample: set the value in a variable (NAME=value) or capture it from an earlier sample")
		case '$':
			if err := lx.dollar(w, true); err != nil {
				return err
			}
		default:
			w.addPart(part{kind: partLit, text: lx.literalRun(doubleQuotedSpecial, noBytes), quoted: true, pos: p})
			if c == '\n' {
				lx.skipPrompt()
			}
		}
	}
	return open.errorf("unbalanced double quote: no closing \" for the quote opened here")
}

func isNameStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isNameChar(c byte) bool  { return isNameStart(c) || c >= '0' && c <= '9' }

// isName reports whether s is a shell variable name.
func isName(s string) bool {
	if s == "" || !isNameStart(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isNameChar(s[i]) {
			return false
		}
	}
	return true
}

func (lx *lexer) name() string {
	start := lx.i
	if !lx.eof() && isNameStart(lx.peek(0)) {
		for !lx.eof() && isNameChar(lx.peek(0)) {
			lx.advance()
		}
	}
	return lx.src[start:lx.i]
}

// dollar reads what follows a '$'.
func (lx *lexer) dollar(w *word, quoted bool) error {
	p := lx.here()
	lx.advance()
	n := lx.peek(0)
	switch {
	case lx.eof():
		w.addPart(part{kind: partLit, text: "$", quoted: quoted, pos: p})
	case n == '\'' && !quoted:
		lx.advance()
		s, err := lx.ansiC(p)
		if err != nil {
			return err
		}
		w.addPart(part{kind: partLit, text: s, quoted: true, pos: p})
	case n == '"' && !quoted:
		lx.advance()
		return lx.doubleQuoted(w, p)
	case n == '(':
		return p.unsupportedf("command substitution $(...) is not supported in a sample: set the value in a variable (NAME=value) or capture it from an earlier sample")
	case n == '{':
		return lx.braceParam(w, p, quoted)
	case isNameStart(n):
		w.addPart(part{kind: partVar, text: lx.name(), quoted: quoted, pos: p})
	case n >= '0' && n <= '9' || strings.IndexByte("@*#?$!-", n) >= 0:
		return p.errorf("special parameter $%c is not supported in a sample", n)
	default:
		w.addPart(part{kind: partLit, text: "$", quoted: quoted, pos: p})
	}
	return nil
}

// braceParam reads ${NAME}, ${NAME:-word} and ${NAME-word}.
func (lx *lexer) braceParam(w *word, p pos, quoted bool) error {
	lx.advance() // {
	name := lx.name()
	unsupported := func() error {
		return p.errorf("this parameter expansion is not supported in a sample: use ${NAME} or ${NAME:-default}")
	}
	if name == "" {
		return unsupported()
	}
	pt := part{kind: partVar, text: name, quoted: quoted, pos: p}
	switch {
	case lx.peek(0) == '}':
		lx.advance()
		w.addPart(pt)
		return nil
	case lx.peek(0) == ':' && lx.peek(1) == '-':
		lx.advance()
		lx.advance()
		pt.colon = true
	case lx.peek(0) == '-':
		lx.advance()
	case lx.eof():
		return p.errorf("unterminated ${: no closing }")
	default:
		return unsupported()
	}
	def := &word{pos: lx.here()}
	if err := lx.lexParts(def, braceEnd, quoted); err != nil {
		return err
	}
	if lx.eof() {
		return p.errorf("unterminated ${: no closing }")
	}
	lx.advance() // }
	pt.def = def
	w.addPart(pt)
	return nil
}

// heredocWord turns a here-document body into a word. A quoted delimiter
// keeps the body literal; otherwise $VAR, ${...} and \$ \` \\ \newline apply.
func heredocWord(lines []srcLine, quoted bool) (*word, error) {
	w := &word{}
	if len(lines) > 0 {
		w.pos = lines[0].pos
	}
	if quoted {
		var b strings.Builder
		for _, l := range lines {
			b.WriteString(l.text)
			b.WriteByte('\n')
		}
		w.addPart(part{kind: partLit, text: b.String(), quoted: true, pos: w.pos})
		return w, nil
	}
	w.addPart(part{kind: partLit, quoted: true, pos: w.pos})
	for _, l := range lines {
		lx := &lexer{src: l.text, line: int(l.pos.line), col: int(l.pos.col)}
		joined := false
		for !lx.eof() {
			p := lx.here()
			switch c := lx.peek(0); c {
			case '\\':
				lx.advance()
				switch {
				case lx.eof():
					joined = true
				case strings.IndexByte("$`\\", lx.peek(0)) >= 0:
					w.addPart(part{kind: partLit, text: string(lx.advance()), quoted: true, pos: p})
				default:
					w.addPart(part{kind: partLit, text: `\`, quoted: true, pos: p})
				}
			case '`':
				return nil, p.errorf("command substitution with backticks is not supported in a here-document; quote the delimiter (<<'EOF') to keep the text literal")
			case '$':
				if err := lx.dollar(w, true); err != nil {
					return nil, err
				}
			default:
				w.addPart(part{kind: partLit, text: lx.literalRun(heredocSpecial, noBytes), quoted: true, pos: p})
			}
		}
		if !joined {
			w.addPart(part{kind: partLit, text: "\n", quoted: true, pos: lx.here()})
		}
	}
	return w, nil
}
