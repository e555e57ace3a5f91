package curl

import (
	"strings"
)

// env holds the variables assigned in the block, layered over lookup.
type env struct {
	vars   map[string]string
	lookup func(name string) (string, bool)
}

func (e *env) get(name string) (string, bool) {
	if v, ok := e.vars[name]; ok {
		return v, true
	}
	if e.lookup == nil {
		return "", false
	}
	return e.lookup(name)
}

func (e *env) set(name, value string) { e.vars[name] = value }

// value resolves a variable part, applying its default word.
func (e *env) value(pt part) (string, error) {
	v, ok := e.get(pt.text)
	if pt.def != nil && (!ok || pt.colon && v == "") {
		return e.str(pt.def)
	}
	if !ok {
		err := pt.pos.errorf("variable $%s is not set", pt.text)
		err.Unset = pt.text
		return "", err
	}
	return v, nil
}

// str expands w to one string, without field splitting (assignments,
// here-documents, defaults).
func (e *env) str(w *word) (string, error) {
	var b strings.Builder
	for _, pt := range w.parts {
		if pt.kind == partLit {
			b.WriteString(pt.text)
			continue
		}
		v, err := e.value(pt)
		if err != nil {
			return "", err
		}
		b.WriteString(v)
	}
	return b.String(), nil
}

// arg is one expanded command-line argument with the position of its word.
type arg struct {
	val string
	pos pos
}

// appendFields expands w as the shell expands a command word, appending
// its fields to out: unquoted variable values are split on blanks; a word
// that expands to nothing unquoted vanishes.
func (e *env) appendFields(out []arg, w *word) ([]arg, error) {
	if len(w.parts) == 1 && w.parts[0].kind == partLit { // most words: no copy
		pt := w.parts[0]
		if !pt.quoted && pt.text == "" {
			return out, nil
		}
		return append(out, arg{val: pt.text, pos: w.pos}), nil
	}
	var cur strings.Builder
	n := 0 // the word's length when it is one field: grown once
	for _, pt := range w.parts {
		if pt.kind == partLit {
			n += len(pt.text)
		} else if v, ok := e.get(pt.text); ok {
			n += len(v)
		}
	}
	cur.Grow(n)
	has := false
	flush := func() {
		if has {
			out = append(out, arg{val: cur.String(), pos: w.pos})
		}
		cur.Reset()
		has = false
	}
	for _, pt := range w.parts {
		if pt.kind == partLit {
			cur.WriteString(pt.text)
			has = has || pt.quoted || pt.text != ""
			continue
		}
		v, err := e.value(pt)
		if err != nil {
			return nil, err
		}
		if pt.quoted {
			cur.WriteString(v)
			has = true
			continue
		}
		if v != "" && isIFS(v[0]) {
			flush()
		}
		for i, f := range strings.Fields(v) {
			if i > 0 {
				flush()
			}
			cur.WriteString(f)
			has = true
		}
		if v != "" && isIFS(v[len(v)-1]) {
			flush()
		}
	}
	flush()
	return out, nil
}

func isIFS(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }

// assignment splits an assignment word NAME=value into its name and the
// word of its value; ok is false when w is not an assignment.
func assignment(w *word) (name string, value *word, ok bool) {
	if len(w.parts) == 0 || w.parts[0].kind != partLit || w.parts[0].quoted {
		return "", nil, false
	}
	first := w.parts[0]
	eq := strings.IndexByte(first.text, '=')
	if eq < 0 || !isName(first.text[:eq]) {
		return "", nil, false
	}
	value = &word{pos: pos{first.pos.line, first.pos.col + int32(eq) + 1}}
	if rest := first.text[eq+1:]; rest != "" {
		value.addPart(part{kind: partLit, text: rest, pos: value.pos})
	}
	for _, pt := range w.parts[1:] {
		value.addPart(pt)
	}
	return first.text[:eq], value, true
}
