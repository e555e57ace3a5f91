package erb

import (
	"html"
	"strconv"
	"strings"
)

// arguments are a helper call's literal arguments: positional and
// keyword ones, as text. ok is false when an argument is not a literal
// (a variable, an interpolated string): the call cannot be understood.
type arguments struct {
	pos []string
	kw  map[string]string
	ok  bool
}

// call splits Ruby code "name arg, key: value" or "name(arg, key: value)"
// into the name and its arguments. Arguments are string literals, integers
// (with / and * between them: "1820/2") and symbols; anything else makes
// args.ok false.
func call(code string) (string, arguments) {
	i := 0
	for i < len(code) && (code[i] == '_' || code[i] == '.' || isAlnum(code[i])) {
		i++
	}
	name := code[:i]
	if name == "" {
		name = strings.Fields(code + " ?")[0]
	}
	if j := strings.IndexByte(name, '.'); j >= 0 {
		name = name[:j] // buildkite_url.signup_path: the object is what is unknown
	}
	rest := strings.TrimSpace(code[i:])
	if strings.HasPrefix(rest, "(") && strings.HasSuffix(rest, ")") {
		rest = rest[1 : len(rest)-1]
	}
	args := arguments{kw: map[string]string{}, ok: true}
	s := &scanner{src: rest}
	for s.skipSpace(); !s.done(); s.skipSpace() {
		key := ""
		if k, ok := s.keyword(); ok {
			key = k
			s.skipSpace()
		}
		v, ok := s.value()
		if !ok {
			args.ok = false
			return name, args
		}
		if key != "" {
			args.kw[key] = v
		} else {
			args.pos = append(args.pos, v)
		}
		s.skipSpace()
		if !s.done() && !s.eat(',') {
			args.ok = false
			return name, args
		}
	}
	return name, args
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

type scanner struct {
	src string
	i   int
}

func (s *scanner) done() bool { return s.i >= len(s.src) }

func (s *scanner) skipSpace() {
	for s.i < len(s.src) && strings.IndexByte(" \t\n", s.src[s.i]) >= 0 {
		s.i++
	}
}

func (s *scanner) eat(c byte) bool {
	if s.i < len(s.src) && s.src[s.i] == c {
		s.i++
		return true
	}
	return false
}

// keyword reads "key:" or ":key =>" when it comes next.
func (s *scanner) keyword() (string, bool) {
	j := s.i
	sym := j < len(s.src) && s.src[j] == ':'
	if sym {
		j++
	}
	k := j
	for k < len(s.src) && (s.src[k] == '_' || isAlnum(s.src[k])) {
		k++
	}
	if k == j {
		return "", false
	}
	key := s.src[j:k]
	rest := strings.TrimLeft(s.src[k:], " ")
	switch {
	case !sym && strings.HasPrefix(rest, ":") && !strings.HasPrefix(rest, "::"):
		s.i = len(s.src) - len(rest) + 1
	case sym && strings.HasPrefix(rest, "=>"):
		s.i = len(s.src) - len(rest) + 2
	default:
		return "", false
	}
	return key, true
}

// value reads a string literal, a symbol or integer arithmetic.
func (s *scanner) value() (string, bool) {
	if s.done() {
		return "", false
	}
	switch c := s.src[s.i]; {
	case c == '"' || c == '\'':
		var b strings.Builder
		for j := s.i + 1; j < len(s.src); j++ {
			switch s.src[j] {
			case '\\':
				if j+1 < len(s.src) {
					j++
					b.WriteByte(s.src[j])
				}
			case c:
				s.i = j + 1
				return b.String(), true
			case '#':
				if c == '"' && j+1 < len(s.src) && s.src[j+1] == '{' {
					return "", false // interpolation: Ruby would compute it
				}
				b.WriteByte('#')
			default:
				b.WriteByte(s.src[j])
			}
		}
		return "", false
	case c == ':':
		s.i++
		k := s.i
		for s.i < len(s.src) && (s.src[s.i] == '_' || isAlnum(s.src[s.i])) {
			s.i++
		}
		return s.src[k:s.i], s.i > k
	case '0' <= c && c <= '9':
		return s.arithmetic()
	case c == 't' && strings.HasPrefix(s.src[s.i:], "true"):
		s.i += 4
		return "true", true
	case c == 'f' && strings.HasPrefix(s.src[s.i:], "false"):
		s.i += 5
		return "false", true
	}
	return "", false
}

// arithmetic reads integers joined by / and *, left to right, and returns
// the result ("1820/2" → "910").
func (s *scanner) arithmetic() (string, bool) {
	n, ok := s.integer()
	for ok {
		s.skipSpace()
		switch {
		case s.eat('/'):
			s.skipSpace()
			d, dok := s.integer()
			if !dok || d == 0 {
				return "", false
			}
			n /= d
		case s.eat('*'):
			s.skipSpace()
			m, mok := s.integer()
			if !mok {
				return "", false
			}
			n *= m
		default:
			return strconv.Itoa(n), true
		}
	}
	return "", false
}

func (s *scanner) integer() (int, bool) {
	k := s.i
	for s.i < len(s.src) && '0' <= s.src[s.i] && s.src[s.i] <= '9' {
		s.i++
	}
	n, err := strconv.Atoi(s.src[k:s.i])
	return n, err == nil && n < 1<<20
}

// attr escapes text for an HTML attribute value.
func attr(s string) string { return html.EscapeString(s) }

// imageHTML is the <img> of `image "f.png", alt: …`: the file below the
// image root and the page's path, with its alt text, size and class.
func imageHTML(a arguments, opt Options) (string, bool) {
	if len(a.pos) != 1 || !a.ok {
		return "", false
	}
	src := strings.TrimSuffix(opt.ImageRoot, "/") + "/" + opt.PagePath + "/" + strings.TrimPrefix(a.pos[0], "/")
	if strings.Contains(a.pos[0], "://") {
		src = a.pos[0]
	}
	var b strings.Builder
	b.WriteString(`<img src="` + attr(src) + `" alt="` + attr(a.kw["alt"]) + `"`)
	if size := a.kw["size"]; size != "" {
		if w, h, ok := strings.Cut(size, "x"); ok {
			a.kw["width"], a.kw["height"] = w, h
		}
	}
	for _, k := range []string{"width", "height", "class"} {
		if v := a.kw[k]; v != "" {
			b.WriteString(" " + k + `="` + attr(v) + `"`)
		}
	}
	b.WriteString(">")
	return b.String(), true
}

// buttonHTML is the link (or, without a URL, the span) of `button "Text", "/url"`.
func buttonHTML(a arguments) string {
	if len(a.pos) < 2 || a.pos[1] == "" {
		return `<span class="Button Button--default">` + a.pos[0] + `</span>`
	}
	return `<a href="` + attr(a.pos[1]) + `" class="Button Button--default">` + a.pos[0] + `</a>`
}
