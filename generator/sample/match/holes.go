package match

import (
	"regexp"
	"strings"
)

// Hole is one placeholder written in a documented response, as the site
// shows it: in document order, each filled with the value the answer gave it
// (Values) or described by its type.
type Hole struct {
	Raw  string // as written, e.g. "<uuid:agent-id>"
	Type string // "uuid", "timestamp", "number", "token", "any", or "" (any non-empty value)
	Name string // "" binds nothing
	// Whole is set when the JSON string is exactly this placeholder: its
	// value (Values) is the answer's JSON value, quotes included, and stands
	// for the whole documented string ("<any>" may be a number or an object).
	Whole bool
}

// Describe says in words what a hole stands for: "any UUID", "any token",
// "any value".
func (h Hole) Describe() string {
	switch h.Type {
	case "uuid":
		return "any UUID"
	case "timestamp":
		return "any timestamp"
	case "number":
		return "any number"
	case "token":
		return "a token"
	case "any":
		return "any value, null included"
	}
	return "any non-empty value"
}

// Holes lists the placeholders in the string values of a documented JSON
// text, in document order. Invalid JSON or a bad placeholder is an error, as
// JSON would report it.
func Holes(documented []byte) ([]Hole, error) {
	doc, err := parseTree(documented, true)
	if err != nil {
		return nil, err
	}
	if err := checkPlaceholders(documented, doc); err != nil {
		return nil, err
	}
	var out []Hole
	walkHoles(doc, func(n *node, t *template) {
		for _, p := range t.phs {
			out = append(out, Hole{Raw: p.raw, Type: p.typ, Name: p.name, Whole: t.whole != nil})
		}
	})
	return out, nil
}

// HolesIn lists the placeholders of a scalar text such as a header value, in
// order (Whole is never set: a header value is text, not JSON).
func HolesIn(s string) []Hole {
	t, ok, err := parseTemplate(s)
	if !ok || err != nil {
		return nil
	}
	out := make([]Hole, len(t.phs))
	for i, p := range t.phs {
		out[i] = Hole{Raw: p.raw, Type: p.typ, Name: p.name}
	}
	return out
}

// walkHoles calls f on every documented string holding placeholders, in
// document order.
func walkHoles(n *node, f func(*node, *template)) {
	switch n.kind {
	case kString:
		if n.tmpl != nil {
			f(n, n.tmpl)
		}
	case kArray, kObject:
		for _, v := range n.vals {
			walkHoles(v, f)
		}
	}
}

// Values returns, for each hole of documented (Holes, same order), the
// value the actual JSON gave it: for a Whole hole the answer's JSON value
// (`"3f9b…"`, `42`), else the text the placeholder matched inside the
// string, JSON-escaped as it would be written between quotes. "" means
// unknown: the value is absent from the answer or does not fit. Values are
// found as the comparison pairs them: object members by key, array items by
// position. They may hold token values: redact them before showing them.
func Values(documented, actual []byte) ([]string, error) {
	_, vals, err := HoleValues(documented, actual)
	return vals, err
}

// HoleValues is Holes and Values from one parse of documented: each hole
// with the value the actual JSON gave it.
func HoleValues(documented, actual []byte) ([]Hole, []string, error) {
	st := new(stacks)
	doc, err := parseTreeWith(documented, true, st)
	if err != nil {
		return nil, nil, err
	}
	if err := checkPlaceholders(documented, doc); err != nil {
		return nil, nil, err
	}
	var holes []Hole
	walkHoles(doc, func(_ *node, t *template) {
		for _, p := range t.phs {
			holes = append(holes, Hole{Raw: p.raw, Type: p.typ, Name: p.name, Whole: t.whole != nil})
		}
	})
	if len(holes) == 0 {
		return nil, nil, nil
	}
	act, err := parseTreeWith(actual, false, st)
	if err != nil {
		act = nil // every value unknown
	}
	vals := make([]string, 0, len(holes))
	fillValues(doc, act, &vals)
	return holes, vals, nil
}

// fillValues appends the values of d's holes, read from a (nil: unknown).
func fillValues(d, a *node, out *[]string) {
	switch d.kind {
	case kString:
		if d.tmpl == nil {
			return
		}
		vals := make([]string, len(d.tmpl.phs))
		switch {
		case a == nil:
		case d.tmpl.whole != nil:
			if _, why := d.tmpl.whole.checkNode(a); why == "" {
				vals[0] = render(a)
			}
		case a.kind == kString:
			if m, why := d.tmpl.submatch(a.text, func(string) (string, bool) { return "", false }); why == "" {
				for i, v := range m {
					vals[i] = strings.TrimSuffix(strings.TrimPrefix(quote(v), `"`), `"`)
				}
			}
		}
		*out = append(*out, vals...)
	case kObject:
		for i, k := range d.keys {
			var av *node
			if a != nil && a.kind == kObject {
				av, _ = a.field(k)
			}
			fillValues(d.vals[i], av, out)
		}
	case kArray:
		for i, v := range d.vals {
			var av *node
			if a != nil && a.kind == kArray && i < len(a.vals) {
				av = a.vals[i]
			}
			fillValues(v, av, out)
		}
	}
}

// ValuesIn is Values for a scalar text such as a header value: the text
// each placeholder of documented matched in actual ("" when it does not
// match).
func ValuesIn(documented, actual string) []string {
	t, ok, err := parseTemplate(documented)
	if !ok || err != nil {
		return nil
	}
	m, why := t.submatch(actual, func(string) (string, bool) { return "", false })
	if why != "" {
		return make([]string, len(t.phs))
	}
	return m
}

// submatch matches s against t's literal parts and placeholders and returns
// the text each placeholder matched, in order, or why it does not match.
// bound resolves names already bound.
func (t template) submatch(s string, bound func(string) (string, bool)) ([]string, string) {
	var expr strings.Builder
	expr.WriteString(`^(?s)`)
	for i, p := range t.phs {
		expr.WriteString(regexp.QuoteMeta(t.lits[i]))
		if v, ok := bound(p.name); ok && p.name != "" {
			expr.WriteString("(" + regexp.QuoteMeta(v) + ")")
			continue
		}
		expr.WriteString(p.group())
	}
	expr.WriteString(regexp.QuoteMeta(t.lits[len(t.lits)-1]) + `$`)
	re, err := regexp.Compile(expr.String())
	if err != nil {
		return nil, "pattern cannot be compiled: " + err.Error()
	}
	m := re.FindStringSubmatch(s)
	if m == nil {
		return nil, "does not match the documented pattern"
	}
	for i, p := range t.phs {
		if why := p.checkString(m[i+1]); why != "" {
			return nil, why
		}
	}
	return m[1:], ""
}
