package match

import (
	"fmt"
	"iter"
	"regexp"
	"strings"
	"time"
)

// placeholder is one <type:name> in a documented value.
type placeholder struct {
	typ  string // "", "uuid", "timestamp", "number", "token" or "any"
	name string // "" binds nothing
	raw  string // as written, e.g. "<token:agent-access-token>"
}

// types are the placeholder types; a bare type name (<uuid>) checks the type and binds nothing.
func knownType(t string) bool {
	switch t {
	case "uuid", "timestamp", "number", "token", "any":
		return true
	}
	return false
}

// parsePlaceholder builds a placeholder from a phPattern submatch.
func parsePlaceholder(raw, typ, name string) (placeholder, error) {
	p := placeholder{typ: typ, name: name, raw: raw}
	switch {
	case typ == "" && knownType(name):
		p.typ, p.name = name, ""
	case typ == "any":
		return p, fmt.Errorf("placeholder %s: <any> binds nothing, so it takes no name", raw)
	case typ != "" && !knownType(typ):
		return p, fmt.Errorf("placeholder %s: unknown type %q (use uuid, timestamp, number, token or any)", raw, typ)
	}
	return p, nil
}

// reNumber is compiled once and only ever read.
var reNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// placeholderAt matches `<(?:([a-z]+):)?([a-z0-9_-]+)>` at s[i] (a '<'):
// loc is the regexp's submatch index layout (whole, type or -1, name).
// Neither class holds ':' or '>', so the first try that fits is the match
// the regexp picks; placeholder_test.go holds the two equal.
func placeholderAt(s string, i int) (loc [6]int, ok bool) {
	letters := i + 1
	for letters < len(s) && 'a' <= s[letters] && s[letters] <= 'z' {
		letters++
	}
	if letters > i+1 && letters < len(s) && s[letters] == ':' {
		if end := nameEnd(s, letters+1); end > letters+1 && end < len(s) && s[end] == '>' {
			return [6]int{i, end + 1, i + 1, letters, letters + 1, end}, true
		}
	}
	if end := nameEnd(s, i+1); end > i+1 && end < len(s) && s[end] == '>' {
		return [6]int{i, end + 1, -1, -1, i + 1, end}, true
	}
	return loc, false
}

// nameEnd returns the end of the run of [a-z0-9_-] starting at s[i].
func nameEnd(s string, i int) int {
	for i < len(s) {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			break
		}
		i++
	}
	return i
}

// placeholdersIn yields every placeholder in s, left to right, as
// regexp.FindAllStringSubmatchIndex would with the pattern of placeholderAt.
func placeholdersIn(s string) iter.Seq[[6]int] {
	return func(yield func([6]int) bool) {
		for i := 0; i < len(s); {
			j := strings.IndexByte(s[i:], '<')
			if j < 0 {
				return
			}
			i += j
			if loc, ok := placeholderAt(s, i); ok {
				if !yield(loc) {
					return
				}
				i = loc[1]
				continue
			}
			i++
		}
	}
}

// Names lists the names of the placeholders in s that bind a value
// (<token:agent-access-token> → agent-access-token), in order.
func Names(s string) []string {
	var out []string
	for loc := range placeholdersIn(s) {
		typ, name := "", s[loc[4]:loc[5]]
		if loc[2] >= 0 {
			typ = s[loc[2]:loc[3]]
		}
		if p, err := parsePlaceholder(s[loc[0]:loc[1]], typ, name); err == nil && p.name != "" {
			out = append(out, p.name)
		}
	}
	return out
}

// group is the regexp a placeholder matches inside a longer string.
func (p placeholder) group() string {
	switch p.typ {
	case "any":
		return `(.*?)`
	case "uuid":
		return `([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})`
	case "timestamp":
		return `([0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9:.]+(?:[Zz]|[+-][0-9]{2}:[0-9]{2}))`
	case "number":
		return `(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)`
	case "token":
		return `(bk[a-z]{2,3}_[A-Za-z0-9_.-]{20,})`
	}
	return `(.+?)`
}

// checkString says why the string s does not fit p's type ("" when it does).
func (p placeholder) checkString(s string) string {
	switch p.typ {
	case "any":
		return ""
	case "uuid":
		if !isUUID(s) {
			return fmt.Sprintf("%s expects a UUID", p.raw)
		}
	case "timestamp":
		if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
			return fmt.Sprintf("%s expects an RFC 3339 timestamp", p.raw)
		}
	case "number":
		if !reNumber.MatchString(s) {
			return fmt.Sprintf("%s expects a number", p.raw)
		}
	case "token":
		if !isToken(s) {
			return fmt.Sprintf("%s expects a Buildkite token (bk..._ followed by at least 20 characters)", p.raw)
		}
	default:
		if s == "" {
			return fmt.Sprintf("%s expects a non-empty value", p.raw)
		}
	}
	return ""
}

// checkNode says why the JSON value n does not fit p's type ("" when it
// does) and returns the value to bind: strings unquoted, others as JSON.
func (p placeholder) checkNode(n *node) (string, string) {
	switch p.typ {
	case "any":
		return render(n), ""
	case "":
		if n.empty() {
			return "", fmt.Sprintf("%s expects a non-empty value, got %s", p.raw, render(n))
		}
		if n.kind == kString {
			return n.text, ""
		}
		return render(n), ""
	case "number":
		if n.kind != kNumber {
			return "", fmt.Sprintf("%s expects a number, got %s", p.raw, n.kind)
		}
		return n.text, ""
	}
	if n.kind != kString {
		return "", fmt.Sprintf("%s expects a string, got %s", p.raw, n.kind)
	}
	return n.text, p.checkString(n.text)
}

// template is a documented string holding placeholders among literal text.
type template struct {
	whole *placeholder  // the string is exactly one placeholder
	lits  []string      // literal text around the placeholders (len(phs)+1)
	phs   []placeholder // placeholders in order
}

// parseTemplate finds the placeholders in s; ok is false when there are none.
func parseTemplate(s string) (t template, ok bool, err error) {
	if strings.IndexByte(s, '<') < 0 { // most strings: no regexp run
		return t, false, nil
	}
	n := 0
	for range placeholdersIn(s) {
		n++
	}
	if n == 0 {
		return t, false, nil
	}
	t.lits, t.phs = make([]string, 0, n+1), make([]placeholder, 0, n)
	last := 0
	for l := range placeholdersIn(s) {
		typ := ""
		if l[2] >= 0 {
			typ = s[l[2]:l[3]]
		}
		p, err := parsePlaceholder(s[l[0]:l[1]], typ, s[l[4]:l[5]])
		if err != nil {
			return t, false, err
		}
		t.lits = append(t.lits, s[last:l[0]])
		t.phs = append(t.phs, p)
		last = l[1]
	}
	t.lits = append(t.lits, s[last:])
	if len(t.phs) == 1 && t.lits[0] == "" && t.lits[1] == "" {
		t.whole = &t.phs[0]
	}
	return t, true, nil
}

// matchString matches s against t's literal parts and placeholders. bound
// resolves names already bound; it returns the new bindings or a reason.
func (t template) matchString(s string, bound func(string) (string, bool)) (map[string]string, string) {
	m, why := t.submatch(s, bound)
	if why != "" {
		return nil, why
	}
	out := map[string]string{}
	for i, p := range t.phs {
		v := m[i]
		if p.name == "" {
			continue
		}
		if prev, ok := out[p.name]; ok && prev != v {
			return nil, fmt.Sprintf("placeholder <%s> was bound to %s, got %s", p.name, prev, v)
		}
		if _, ok := bound(p.name); !ok {
			out[p.name] = v
		}
	}
	return out, ""
}

// isUUID reports whether s matches
// ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// isToken reports whether s matches ^bk[a-z]{2,3}_[A-Za-z0-9_.-]{20,}$.
func isToken(s string) bool {
	rest, ok := strings.CutPrefix(s, "bk")
	if !ok {
		return false
	}
	n := 0
	for n < len(rest) && n < 3 && 'a' <= rest[n] && rest[n] <= 'z' {
		n++
	}
	// With three letters, [a-z]{2,3} may also have taken two: the third is
	// then no '_', so the underscore must follow the letters here.
	if n < 2 || n >= len(rest) || rest[n] != '_' {
		return false
	}
	tail := rest[n+1:]
	if len(tail) < 20 {
		return false
	}
	for i := 0; i < len(tail); i++ {
		c := tail[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}
