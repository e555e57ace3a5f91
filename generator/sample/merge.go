package sample

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/docproof/docproof/generator/sample/match"
	"github.com/docproof/docproof/generator/secret"
)

// merger rewrites a documented JSON response from an answer (--update) and
// records what it changed, by JSON path, for the report of each block.
type merger struct {
	exact, shape bool
	issued       []string                // token values: never written
	tokName      func(key string) string // the <token:...> placeholder for a key

	changed, added, removed, varying []string // paths, in document order
}

func (m *merger) rewriteJSON(documented string, got []byte) string {
	act, err := parseJSON(got)
	if err != nil {
		return "" // the answer is not JSON: nothing sensible to write
	}
	doc, err := parseJSON([]byte(documented))
	if err != nil {
		doc = nil
	}
	var b strings.Builder
	m.node(doc, act, "", "$").write(&b, "", indentUnit(documented))
	return b.String() + "\n"
}

// summary says what the rewrite changed, one clause per kind of change.
func (m *merger) summary() []string {
	var out []string
	for _, c := range []struct {
		what  string
		paths []string
	}{
		{"changed", m.changed}, {"added", m.added}, {"removed", m.removed},
		{"wrote placeholders for values that vary between runs at", m.varying},
	} {
		if len(c.paths) > 0 {
			out = append(out, c.what+" "+strings.Join(c.paths, ", "))
		}
	}
	return out
}

// node merges the documented value doc (nil: none) with the actual act at path.
func (m *merger) node(doc, act *jnode, key, path string) *jnode {
	if doc == nil {
		return m.fresh(act, key, path)
	}
	if doc.kind == 's' && placeholder.MatchString(doc.text) {
		if doc.text == "<any>" || act.kind == 'o' || act.kind == 'a' {
			return doc
		}
		if _, ok, _ := match.Value(doc.text, act.scalar(), match.Bindings{}); ok {
			return doc
		}
		m.changed = append(m.changed, path)
		return m.fresh(act, key, path)
	}
	if m.shape && sameShape(doc, act) {
		return doc // illustrative values stay: the mock's fixtures never replace them
	}
	switch {
	case doc.kind == 'o' && act.kind == 'o':
		out := &jnode{kind: 'o'}
		dropped := false
		for i, k := range doc.keys {
			av, ok := act.get(k)
			if !ok {
				dropped = true
				m.removed = append(m.removed, path+"."+k)
				continue
			}
			out.keys = append(out.keys, k)
			out.vals = append(out.vals, m.node(doc.vals[i], av, k, path+"."+k))
		}
		if m.exact || dropped {
			for i, k := range act.keys {
				if _, shown := doc.get(k); !shown {
					m.added = append(m.added, path+"."+k)
					out.keys = append(out.keys, k)
					out.vals = append(out.vals, m.fresh(act.vals[i], k, path+"."+k))
				}
			}
		}
		return out
	case doc.kind == 'a' && act.kind == 'a':
		out := &jnode{kind: 'a'}
		if m.shape && len(doc.vals) > 0 && len(act.vals) > 0 {
			// Shape mode compares every item with the first documented one:
			// one illustrative item stays one.
			out.vals = append(out.vals, m.node(doc.vals[0], act.vals[0], key, path+"[0]"))
			return out
		}
		for i, av := range act.vals {
			p := path + "[" + strconv.Itoa(i) + "]"
			if i < len(doc.vals) {
				out.vals = append(out.vals, m.node(doc.vals[i], av, key, p))
				continue
			}
			m.added = append(m.added, p)
			out.vals = append(out.vals, m.fresh(av, key, p))
		}
		for i := len(act.vals); i < len(doc.vals); i++ {
			m.removed = append(m.removed, path+"["+strconv.Itoa(i)+"]")
		}
		return out
	}
	if doc.kind == act.kind && doc.text == act.text && doc.kind != 'o' && doc.kind != 'a' {
		return doc
	}
	m.changed = append(m.changed, path)
	return m.fresh(act, key, path)
}

// fresh is an actual value as written into the page: token values become
// <token:...> placeholders, values that vary between runs typed
// placeholders that bind nothing (recorded at path).
func (m *merger) fresh(n *jnode, key, path string) *jnode {
	switch n.kind {
	case 's':
		if len(secret.Find(n.text, m.issued)) > 0 {
			return &jnode{kind: 's', text: m.tokName(key)}
		}
		if t := varyingType(n.text); t != "" {
			m.varying = append(m.varying, fmt.Sprintf("%s (%s)", path, t))
			return &jnode{kind: 's', text: t}
		}
	case 'o', 'a':
		out := &jnode{kind: n.kind, keys: n.keys}
		for i, v := range n.vals {
			k, p := key, path+"["+strconv.Itoa(i)+"]"
			if n.kind == 'o' {
				k, p = n.keys[i], path+"."+n.keys[i]
			}
			out.vals = append(out.vals, m.fresh(v, k, p))
		}
		return out
	}
	return n
}

// varyingType is the placeholder for a value that differs from run to run
// (a UUID, an RFC 3339 timestamp), "" for any other.
func varyingType(s string) string {
	if len(s) == 36 && strings.Count(s, "-") == 4 {
		if _, ok, _ := match.Value("<uuid>", s, match.Bindings{}); ok {
			return "<uuid>"
		}
	}
	if len(s) >= 20 && s[4] == '-' && strings.ContainsRune(s, 'T') {
		if _, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return "<timestamp>"
		}
	}
	return ""
}

// sameShape reports whether act fits doc as shape mode compares them: the
// same JSON types, every documented key present, every actual item fitting
// the first documented item; a placeholder by its own check.
func sameShape(doc, act *jnode) bool {
	if doc.kind == 's' && placeholder.MatchString(doc.text) {
		if doc.text == "<any>" {
			return true
		}
		_, ok, _ := match.Value(doc.text, act.scalar(), match.Bindings{})
		return ok && act.kind != 'o' && act.kind != 'a'
	}
	if jsonType(doc) != jsonType(act) {
		return false
	}
	switch doc.kind {
	case 'o':
		for i, k := range doc.keys {
			av, ok := act.get(k)
			if !ok || !sameShape(doc.vals[i], av) {
				return false
			}
		}
	case 'a':
		if len(doc.vals) == 0 {
			return true
		}
		for _, av := range act.vals {
			if !sameShape(doc.vals[0], av) {
				return false
			}
		}
	}
	return true
}

// jsonType names a node's JSON type.
func jsonType(n *jnode) string {
	switch n.kind {
	case 'o':
		return "object"
	case 'a':
		return "array"
	case 's':
		return "string"
	}
	switch n.text {
	case "null":
		return "null"
	case "true", "false":
		return "bool"
	}
	return "number"
}
