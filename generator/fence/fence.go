// Package fence parses the info string of a fenced code block: a language
// followed by optional attributes in braces, as in
//
//	```bash {sample=register status=401 capture="AGENT=id" skip="needs a real host"}
//
// Attributes are test metadata for later stages; they never reach the HTML.
package fence

import (
	"fmt"
	"strings"
	"unicode"
)

// Block is one fenced code block of a page, as later stages see it.
type Block struct {
	Index   int    // position among the page's fenced blocks, from 0
	Line    int    // 1-based line of the opening fence in the source file
	EndLine int    // 1-based line of the closing fence (or last line if unclosed)
	Lang    string // language, lower-cased; "" when none
	Attrs   Attrs  // attributes from the braces
	Code    string // the block's text, as shown to readers
}

// Attrs are a block's attributes in the order written.
type Attrs struct {
	Keys   []string          // keys in source order
	Values map[string]string // value per key; "" for a bare flag
}

// Get returns the value of key and whether it is present.
func (a Attrs) Get(key string) (string, bool) {
	v, ok := a.Values[key]
	return v, ok
}

// Has reports whether key is present.
func (a Attrs) Has(key string) bool { _, ok := a.Values[key]; return ok }

// Len is the number of attributes.
func (a Attrs) Len() int { return len(a.Keys) }

// Info is a parsed info string.
type Info struct {
	Lang  string
	Attrs Attrs
}

// SyntaxError is a malformed info string. Col is the 1-based byte column within the info string.
type SyntaxError struct {
	Col int
	Msg string
}

// Error renders the column and the message.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("fence attributes, column %d: %s", e.Col, e.Msg)
}

// Parse splits an info string into its language and attributes.
// It accepts `lang`, `lang {k=v k2="v 2" flag}`, `{k=v}` and `lang{k=v}`.
// Values may be bare, "double-quoted" (with \" and \\ escapes) or 'single-quoted'.
// A key given twice, a missing closing brace or text after it is a SyntaxError.
func Parse(info string) (Info, error) {
	info = strings.TrimSpace(info)
	out := Info{Attrs: Attrs{Values: map[string]string{}}}
	brace := strings.IndexByte(info, '{')
	if brace < 0 {
		out.Lang = strings.ToLower(firstWord(info))
		return out, nil
	}
	out.Lang = strings.ToLower(strings.TrimSpace(info[:brace]))
	if strings.ContainsAny(out.Lang, " \t") {
		out.Lang = strings.ToLower(firstWord(out.Lang))
	}
	p := &parser{s: info, i: brace + 1}
	if err := p.attrs(&out.Attrs); err != nil {
		return Info{}, err
	}
	return out, nil
}

func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}

type parser struct {
	s string
	i int
}

func (p *parser) fail(format string, args ...any) error {
	return &SyntaxError{Col: p.i + 1, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) skipSpace() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == ',') {
		p.i++
	}
}

func (p *parser) attrs(a *Attrs) error {
	for {
		p.skipSpace()
		if p.i >= len(p.s) {
			return p.fail("missing closing '}'")
		}
		if p.s[p.i] == '}' {
			p.i++
			if rest := strings.TrimSpace(p.s[p.i:]); rest != "" {
				return p.fail("unexpected text %q after '}'", rest)
			}
			return nil
		}
		keyStart := p.i
		key := p.key()
		if key == "" {
			return p.fail("expected an attribute name, found %q", string(p.s[p.i]))
		}
		if _, dup := a.Values[key]; dup {
			p.i = keyStart
			return p.fail("attribute %q given twice", key)
		}
		val := ""
		if p.i < len(p.s) && p.s[p.i] == '=' {
			p.i++
			v, err := p.value()
			if err != nil {
				return err
			}
			val = v
		}
		a.Keys = append(a.Keys, key)
		a.Values[key] = val
	}
}

func (p *parser) key() string {
	start := p.i
	for p.i < len(p.s) {
		r := rune(p.s[p.i])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.' || r == '#' {
			p.i++
			continue
		}
		break
	}
	return p.s[start:p.i]
}

func (p *parser) value() (string, error) {
	if p.i >= len(p.s) {
		return "", p.fail("missing value after '='")
	}
	switch q := p.s[p.i]; q {
	case '"', '\'':
		open := p.i
		p.i++
		var b strings.Builder
		for p.i < len(p.s) {
			c := p.s[p.i]
			switch {
			case c == q:
				p.i++
				return b.String(), nil
			case c == '\\' && q == '"' && p.i+1 < len(p.s):
				b.WriteByte(p.s[p.i+1])
				p.i += 2
			default:
				b.WriteByte(c)
				p.i++
			}
		}
		p.i = open // point at the quote that is never closed
		return "", p.fail("unterminated %c-quoted value", q)
	default:
		start := p.i
		for p.i < len(p.s) && p.s[p.i] != ' ' && p.s[p.i] != '\t' && p.s[p.i] != '}' && p.s[p.i] != ',' {
			p.i++
		}
		if p.i == start {
			return "", p.fail("missing value after '='")
		}
		return p.s[start:p.i], nil
	}
}
