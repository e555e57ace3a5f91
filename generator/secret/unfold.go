package secret

import (
	"html"
	"strings"
)

// Unfold returns s as a reader sees or copies it, so that Find can see a
// token written in a disguise: with markup, HTML tags removed
// (<span>bkar_</span>…); HTML character references decoded (&#98;kar_,
// &lowbar;); percent-encoding decoded (%62kar%5F…); \u0062 and \x62
// escapes decoded; and quote characters between two token characters
// dropped, as a shell joins 'bkar_'"Xq3v…". Each step runs once, in that
// order. Spans Find reports in the result are positions in the result.
func Unfold(s string, markup bool) string {
	if markup {
		s = stripTags(s)
	}
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	s = unescape(s)
	return joinQuoted(s)
}

// MayUnfold reports whether Unfold(s, markup) can hold a token prefix
// ("bk") at all: only then is the unfolded text worth building and
// scanning. It never copies s: one pass over its bytes, for a b followed
// by a k (but for a Shown token, "bkaa_…"), maybe after quotes or tags Unfold drops (b"k, b<i>k), or by
// something Unfold decodes (&, %, \\); or for an encoded token character
// (&#98;, %6B, \\u005F: a cheap, safe superset of an encoded b or k).
func MayUnfold[T string | []byte](s T, markup bool) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 'b':
			if !shownAt(s, i) && splitPrefixAt(s, i+1, markup) {
				return true
			}
		case '&':
			if c, ok := entityAt(s, i); ok && (isTokenChar(c) || c == '%' || c == '\\') {
				return true
			}
		case '%':
			if c, ok := hexByte(s, i+1); ok && (isTokenChar(c) || c == '\\') {
				return true
			}
		case '\\':
			if c, _, ok := escapeAt(s, i); ok && isTokenChar(c) {
				return true
			}
		}
	}
	return false
}

// splitPrefixAt reports whether, after a b, s[j:] goes on with a k once
// quotes (and tags, with markup) are skipped, or with an escape or
// reference Unfold decodes.
func splitPrefixAt[T string | []byte](s T, j int, markup bool) bool {
	for j < len(s) {
		switch c := s[j]; {
		case c == 'k' || c == '&' || c == '%' || c == '\\':
			return true
		case isQuote(c):
			j++
		case c == '<' && markup:
			for j < len(s) && s[j] != '>' {
				j++
			}
			j++
		default:
			return false
		}
	}
	return false
}

// entityAt decodes the character reference at s[i] ('&') when it stands for
// an ASCII token character, '%' or '\\' (html.UnescapeString's rules:
// numeric references with or without ';', and the few named ones for
// those characters). It never allocates.
func entityAt[T string | []byte](s T, i int) (byte, bool) {
	if i+2 < len(s) && s[i+1] == '#' {
		j, base := i+2, 10
		if s[j] == 'x' || s[j] == 'X' {
			j, base = j+1, 16
		}
		v, digits := 0, 0
		for ; j < len(s) && v < 0x110000; j++ {
			d, ok := hexVal(s[j])
			if !ok || int(d) >= base {
				break
			}
			v, digits = v*base+int(d), digits+1
		}
		return byte(v), digits > 0 && v < 0x80
	}
	for name, c := range namedASCII {
		if i+1+len(name) < len(s) && string(s[i+1:i+1+len(name)]) == name && s[i+1+len(name)] == ';' {
			return c, true
		}
	}
	return 0, false
}

// namedASCII are the HTML named character references of token characters,
// '%' and '\\'.
var namedASCII = map[string]byte{"lowbar": '_', "UnderBar": '_', "period": '.', "percnt": '%', "bsol": '\\'}

// hexByte decodes the two hex digits at s[i:i+2].
func hexByte[T string | []byte](s T, i int) (byte, bool) {
	if i+2 > len(s) {
		return 0, false
	}
	hi, ok1 := hexVal(s[i])
	lo, ok2 := hexVal(s[i+1])
	return hi<<4 | lo, ok1 && ok2
}

func hexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// escapeAt decodes a \xHH or \u00HH escape at s[i] ('\\') of an ASCII
// character, returning it and the escape's length.
func escapeAt[T string | []byte](s T, i int) (byte, int, bool) {
	if i+1 >= len(s) {
		return 0, 0, false
	}
	switch s[i+1] {
	case 'x':
		c, ok := hexByte(s, i+2)
		return c, 4, ok && c < 0x80
	case 'u':
		if i+6 <= len(s) && s[i+2] == '0' && s[i+3] == '0' {
			c, ok := hexByte(s, i+4)
			return c, 6, ok && c < 0x80
		}
	}
	return 0, 0, false
}

// unescape decodes %HH and \xHH / \u00HH escapes, once.
func unescape(s string) string {
	if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '%':
			if c, ok := hexByte(s, i+1); ok {
				b.WriteByte(c)
				i += 2
				continue
			}
		case '\\':
			if c, n, ok := escapeAt(s, i); ok {
				b.WriteByte(c)
				i += n - 1
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isQuote(c byte) bool { return c == '"' || c == '\'' || c == '`' }

// joinQuoted drops each run of quote characters that has a token character
// on both sides.
func joinQuoted(s string) string {
	if !strings.ContainsAny(s, "\"'`") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if isQuote(s[i]) && i > 0 && isTokenChar(s[i-1]) {
			j := i
			for j < len(s) && isQuote(s[j]) {
				j++
			}
			if j < len(s) && isTokenChar(s[j]) {
				i = j - 1
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// stripTags removes HTML tags, so a token split by highlighting markup
// (<span>bkar_</span><span>…</span>) is still found.
func stripTags(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			return b.String()
		}
		s = s[i+j+1:]
	}
}
