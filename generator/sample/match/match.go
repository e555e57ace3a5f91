// Package match compares a documented JSON response, which may contain
// placeholders, with the actual response.
//
// # Placeholders
//
// A placeholder is written inside a JSON string:
//
//	"<name>"            any non-empty value (string, number, bool, object, array); binds name
//	"<uuid:name>"       a UUID string
//	"<timestamp:name>"  an RFC 3339 timestamp string
//	"<number:name>"     a JSON number
//	"<token:name>"      a Buildkite token: bk + 2–3 lower-case letters + _ + ≥20 of [A-Za-z0-9_.-]
//	"<any>"             anything, null included; binds nothing
//
// Names are [a-z0-9_-]+. A bare type name ("<uuid>", "<timestamp>",
// "<number>", "<token>") checks the type and binds nothing. Once a name is
// bound (in the Bindings passed in, or earlier in the same document), the
// value must be the same again. Bound values are strings as they are, other
// values as compact JSON.
//
// A string holding placeholders among other text ("Token <agent-token>") is
// a pattern: the literal parts must match exactly and each placeholder
// matches the shortest text that fits its type. Such a pattern only matches
// a string. Any "<word>" of that shape is a placeholder, so a documented
// response cannot demand a literal "<name>" text.
//
// # Comparison
//
// Object keys are unordered. By default the documented value is a subset of
// the actual one: every documented field must be present and match, extra
// actual fields are allowed. With Options.Exact, extra fields are
// mismatches too. Arrays are never subsets: in both modes the actual array
// must have the same length, and items match in order. Numbers compare by
// value (1, 1.0 and 1e0 are equal).
//
// With Options.Shape, values are not compared, only their JSON types
// (string, number, bool, null, object, array): every documented key must be
// present with the same type, recursively, and every item of an actual
// array is compared with the first documented item (an empty documented
// array only demands an array). A string that is exactly one placeholder
// still checks its type, and binds from the first item of an array only; a
// string with placeholders among other text is just a string. Shape mode
// suits documentation written with illustrative values: it catches renamed,
// removed and retyped fields. Exact and Shape combine (no extra keys).
package match

import (
	"fmt"
	"strconv"
	"strings"
)

// Bindings maps a placeholder name, as written (e.g. "agent-access-token"),
// to the value it was bound to.
type Bindings map[string]string

// Options tune a comparison.
type Options struct {
	Exact bool // demand equality (or, with Shape, the same keys); by default the documented value must be a subset of the actual one
	Shape bool // compare JSON types only, not values (see the package doc)
}

// Mismatch is one difference between documented and actual JSON. Expected
// and Actual are compact JSON ("" when the value is absent). They may hold
// token values: redact them (package secret) before showing them.
type Mismatch struct {
	Path     string // e.g. `$.agents[2].access_token`
	Expected string
	Actual   string
	Reason   string
}

// SyntaxError is invalid documented JSON, positioned within the block (1-based).
type SyntaxError struct {
	Line, Col int
	Msg       string
}

// Error renders "line L, column C: message".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, e.Msg)
}

// JSON compares documented (a response block, with placeholders) with actual
// (a response body). It returns the bindings made by this document (b is
// not modified) and the mismatches, in documented order. err is a
// *SyntaxError for invalid documented JSON or a bad placeholder; invalid
// actual JSON is a mismatch at "$", not an error.
func JSON(documented, actual []byte, b Bindings, opt Options) (bound Bindings, mm []Mismatch, err error) {
	st := new(stacks) // both parses use it, one after the other
	doc, err := parseTreeWith(documented, true, st)
	if err != nil {
		return nil, nil, err
	}
	if err := checkPlaceholders(documented, doc); err != nil {
		return nil, nil, err
	}
	m := &matcher{prior: b, bound: Bindings{}, exact: opt.Exact, shape: opt.Shape}
	act, err := parseTreeWith(actual, false, st)
	if err != nil {
		got := strings.TrimSpace(string(actual))
		if got == "" {
			got = "(empty body)"
		}
		m.mm = append(m.mm, Mismatch{Path: "$", Expected: render(doc), Actual: got,
			Reason: "the response is not valid JSON: " + err.Error()})
		return m.bound, m.mm, nil
	}
	m.compare("$", doc, act)
	return m.bound, m.mm, nil
}

// checkPlaceholders rejects unknown placeholder types, pointing at the string.
func checkPlaceholders(src []byte, n *node) error {
	switch n.kind {
	case kString:
		t, ok, err := parseTemplate(n.text)
		if err != nil {
			line, col := lineCol(src, int(n.off))
			return &SyntaxError{Line: line, Col: col, Msg: err.Error()}
		}
		if ok {
			n.tmpl = &t // compare uses it: each documented string is parsed once
		}
	case kArray:
		for _, e := range n.vals {
			if err := checkPlaceholders(src, e); err != nil {
				return err
			}
		}
	case kObject:
		for _, v := range n.vals {
			if err := checkPlaceholders(src, v); err != nil {
				return err
			}
		}
	}
	return nil
}

type matcher struct {
	prior Bindings
	bound Bindings
	exact bool
	shape bool
	// repeat is set while shape mode compares the second and later items of
	// an array with the first documented item: placeholders check their type
	// but neither bind nor demand a bound value.
	repeat bool
	mm     []Mismatch
}

func (m *matcher) get(name string) (string, bool) {
	if v, ok := m.bound[name]; ok {
		return v, true
	}
	v, ok := m.prior[name]
	return v, ok
}

func (m *matcher) add(path string, d, a *node, reason string) {
	mm := Mismatch{Path: path, Reason: reason}
	if d != nil {
		mm.Expected = render(d)
	}
	if a != nil {
		mm.Actual = render(a)
	}
	m.mm = append(m.mm, mm)
}

func (m *matcher) compare(path string, d, a *node) {
	if m.shape {
		m.compareShape(path, d, a)
		return
	}
	if d.kind == kString {
		if d.tmpl != nil {
			m.template(path, *d.tmpl, d, a)
			return
		}
	}
	if d.kind != a.kind {
		m.add(path, d, a, fmt.Sprintf("expected %s, got %s", d.kind, a.kind))
		return
	}
	switch d.kind {
	case kObject:
		for i, k := range d.keys {
			av, ok := a.field(k)
			if !ok {
				m.add(key(path, k), d.vals[i], nil, "missing field")
				continue
			}
			m.compare(key(path, k), d.vals[i], av)
		}
		if m.exact {
			for i, k := range a.keys {
				if _, ok := d.field(k); !ok {
					m.add(key(path, k), nil, a.vals[i], "unexpected field (the response block is exact)")
				}
			}
		}
	case kArray:
		if len(d.vals) != len(a.vals) {
			m.add(path, d, a, fmt.Sprintf("expected %d items, got %d (arrays must have the same length)", len(d.vals), len(a.vals)))
			return
		}
		for i := range d.vals {
			m.compare(path+"["+strconv.Itoa(i)+"]", d.vals[i], a.vals[i])
		}
	case kNumber:
		if !numEqual(d.text, a.text) {
			m.add(path, d, a, "value differs")
		}
	default:
		if d.text != a.text {
			m.add(path, d, a, "value differs")
		}
	}
}

// template matches a documented string holding placeholders.
func (m *matcher) template(path string, t template, d, a *node) {
	if t.whole != nil {
		p := *t.whole
		val, why := p.checkNode(a)
		if why != "" {
			m.add(path, d, a, why)
			return
		}
		if p.name == "" {
			return
		}
		if prev, ok := m.get(p.name); ok {
			if prev != val {
				m.add(path, d, a, fmt.Sprintf("placeholder <%s> was bound to %s, got %s", p.name, prev, val))
			}
			return
		}
		// A copy: val may be a slice of the whole answer's text (parseTree),
		// which a binding kept for the page would otherwise hold alive.
		m.bound[p.name] = strings.Clone(val)
		return
	}
	if a.kind != kString {
		m.add(path, d, a, fmt.Sprintf("expected a string, got %s", a.kind))
		return
	}
	got, why := t.matchString(a.text, m.get)
	if why != "" {
		m.add(path, d, a, why)
		return
	}
	for k, v := range got {
		m.bound[k] = strings.Clone(v)
	}
}

// key extends a path with an object key: $.a, or $["content-type"].
func key(path, k string) string {
	if isIdent(k) {
		return path + "." + k
	}
	return path + "[" + quote(k) + "]"
}

// isIdent reports whether k matches [A-Za-z_][A-Za-z0-9_]*.
func isIdent(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case c == '_', 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// Value matches one scalar, such as a header value or a status code, with
// the same placeholder rules (<number:...> checks the text is a number).
// It returns the new bindings, whether it matched and, if not, why.
func Value(documented, actual string, b Bindings) (bound Bindings, ok bool, reason string) {
	bound = Bindings{}
	t, has, err := parseTemplate(documented)
	switch {
	case err != nil:
		return bound, false, err.Error()
	case !has:
		if documented != actual {
			return bound, false, fmt.Sprintf("expected %q, got %q", documented, actual)
		}
		return bound, true, ""
	}
	if t.whole != nil {
		p := *t.whole
		if why := p.checkString(actual); why != "" {
			return bound, false, why
		}
		if p.name == "" {
			return bound, true, ""
		}
		if prev, ok := b[p.name]; ok {
			if prev != actual {
				return bound, false, fmt.Sprintf("placeholder <%s> was bound to %s, got %s", p.name, prev, actual)
			}
			return bound, true, ""
		}
		bound[p.name] = actual
		return bound, true, ""
	}
	get := func(name string) (string, bool) { v, ok := b[name]; return v, ok }
	got, why := t.matchString(actual, get)
	if why != "" {
		return bound, false, why
	}
	for k, v := range got {
		bound[k] = v
	}
	return bound, true, ""
}

// Diff renders mismatches as a readable diff, one entry per JSON path:
//
//	$.agents[0].name: value differs
//	  - "builder-1"
//	  + "builder-2"
//
// Long values are shortened: callers redact token values from mm first
// (sample.compare), since a token cut short can no longer be found.
func Diff(mm []Mismatch) string {
	var b strings.Builder
	for _, m := range mm {
		fmt.Fprintf(&b, "%s: %s\n", m.Path, m.Reason)
		exp, act := m.Expected, m.Actual
		if exp == "" {
			exp = "(absent)"
		}
		if act == "" {
			act = "(absent)"
		}
		fmt.Fprintf(&b, "  - documented:        %s\n  + the mock answered: %s\n", shorten(exp), shorten(act))
	}
	return b.String()
}

// shorten keeps a value readable in a terminal.
func shorten(s string) string {
	const limit = 240
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && s[cut]&0xC0 == 0x80 { // do not split a UTF-8 sequence
		cut--
	}
	return fmt.Sprintf("%s… (%d more bytes)", s[:cut], len(s)-cut)
}
