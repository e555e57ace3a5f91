package match

import (
	"fmt"
	"strconv"
)

// typeName is the JSON type as shape diffs name it: string, number, bool,
// null, object or array.
func (k kind) typeName() string {
	return [...]string{"null", "bool", "number", "string", "array", "object"}[k]
}

// compareShape compares JSON types only (Options.Shape): documented keys
// must exist with the same type, recursively; every actual array item is
// compared with the first documented item.
func (m *matcher) compareShape(path string, d, a *node) {
	if d.kind == kString && d.tmpl != nil && d.tmpl.whole != nil {
		m.shapePlaceholder(path, *d.tmpl.whole, d, a)
		return
	}
	if d.kind != a.kind {
		m.add(path, d, a, fmt.Sprintf("type %s, documented %s", a.kind.typeName(), d.kind.typeName()))
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
			m.compareShape(key(path, k), d.vals[i], av)
		}
		if m.exact {
			for i, k := range a.keys {
				if _, ok := d.field(k); !ok {
					m.add(key(path, k), nil, a.vals[i], "unexpected field (the response block is exact)")
				}
			}
		}
	case kArray:
		if len(d.vals) == 0 {
			return
		}
		repeat := m.repeat
		for i, av := range a.vals {
			m.repeat = repeat || i > 0
			m.compareShape(path+"["+strconv.Itoa(i)+"]", d.vals[0], av)
		}
		m.repeat = repeat
	}
}

// shapePlaceholder checks a value documented as one placeholder in shape
// mode: its type always; its binding only outside repeated array items.
func (m *matcher) shapePlaceholder(path string, p placeholder, d, a *node) {
	if !m.repeat {
		m.template(path, *d.tmpl, d, a)
		return
	}
	if _, why := p.checkNode(a); why != "" {
		m.add(path, d, a, why)
	}
}
