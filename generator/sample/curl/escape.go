package curl

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// ansiC reads the inside of $'...' (after the opening quote), decoding its
// backslash escapes as bash does.
func (lx *lexer) ansiC(open pos) (string, error) {
	var b strings.Builder
	for !lx.eof() {
		c := lx.advance()
		switch c {
		case '\'':
			return b.String(), nil
		case '\\':
			if lx.eof() {
				b.WriteByte('\\')
				continue
			}
			lx.decodeEscape(&b, true)
		default:
			b.WriteByte(c)
		}
	}
	return "", open.errorf("unbalanced $' quote: no closing ' for the quote opened here")
}

// decodeEscape decodes one backslash escape (the backslash already read)
// into b. ansi selects $'...' rules; otherwise echo -e / printf rules (\0nnn octal).
func (lx *lexer) decodeEscape(b *strings.Builder, ansi bool) {
	c := lx.advance()
	switch c {
	case 'a':
		b.WriteByte('\a')
	case 'b':
		b.WriteByte('\b')
	case 'e', 'E':
		b.WriteByte(0x1b)
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'v':
		b.WriteByte('\v')
	case '\\', '\'', '"', '?':
		b.WriteByte(c)
	case 'c':
		if !lx.eof() {
			b.WriteByte(lx.advance() & 0x1f)
		}
	case 'x':
		b.WriteString(lx.numEscape(16, 2, 'x', false))
	case 'u':
		b.WriteString(lx.numEscape(16, 4, 'u', true))
	case 'U':
		b.WriteString(lx.numEscape(16, 8, 'U', true))
	default:
		if c >= '0' && c <= '7' && (ansi || c == '0') {
			if ansi {
				lx.i--
				lx.col--
			}
			b.WriteString(lx.numEscape(8, 3, '0', false))
			return
		}
		b.WriteByte('\\')
		b.WriteByte(c)
	}
}

// numEscape reads up to max digits of base; with none it yields the escape unchanged.
func (lx *lexer) numEscape(base, max int, letter byte, isRune bool) string {
	start := lx.i
	for lx.i-start < max && !lx.eof() && isDigitOf(lx.peek(0), base) {
		lx.advance()
	}
	digits := lx.src[start:lx.i]
	if digits == "" {
		if letter == '0' {
			return "\x00"
		}
		return `\` + string(letter)
	}
	v, _ := strconv.ParseUint(digits, base, 32)
	if isRune {
		if v > utf8.MaxRune {
			v = utf8.RuneError
		}
		return string(rune(v))
	}
	return string([]byte{byte(v)})
}

func isDigitOf(c byte, base int) bool {
	switch {
	case c >= '0' && c <= '7':
		return true
	case base == 8:
		return false
	case c >= '8' && c <= '9', c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
		return true
	}
	return false
}
