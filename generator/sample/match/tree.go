package match

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"slices"
	"strings"
	"unicode/utf8"
)

type kind uint8

const (
	kNull kind = iota
	kBool
	kNumber
	kString
	kArray
	kObject
)

func (k kind) String() string {
	return [...]string{"null", "a boolean", "a number", "a string", "an array", "an object"}[k]
}

// node is a parsed JSON value that keeps object keys in source order and
// where it started, so messages can point into the documented block.
type node struct {
	kind  kind
	off   int32          // byte offset of the value's first byte
	text  string         // string value, number literal, "true"/"false"
	keys  []string       // object keys in source order
	vals  []*node        // object values, parallel to keys; an array's elements
	index map[string]int // key → position in keys, only for objects of more than smallObject keys
	tmpl  *template      // a documented string's placeholders, set by checkPlaceholders
}

// smallObject is the key count up to which field lookups scan keys instead
// of building an index map: cheaper for the few-key objects of API responses.
const smallObject = 8

// field returns the value of key k in an object.
func (n *node) field(k string) (*node, bool) {
	if i, ok := n.lookup(k); ok {
		return n.vals[i], true
	}
	return nil, false
}

func (n *node) lookup(k string) (int, bool) {
	if n.index != nil {
		i, ok := n.index[k]
		return i, ok
	}
	for i, key := range n.keys {
		if key == k {
			return i, true
		}
	}
	return 0, false
}

// parseTree parses one JSON value; trailing data is an error. With strict,
// a key repeated in an object is an error; otherwise the last one wins.
//
// validJSON (json.Valid's answer, allocation-free) checks the input first;
// only invalid input pays for json.Unmarshal, whose errors carry exact
// offsets. The tree is
// then built by a small scanner that relies on the input being valid.
func parseTree(src []byte, strict bool) (*node, error) {
	return parseTreeWith(src, strict, new(stacks))
}

// parseTreeWith is parseTree with the stacks' first backing arrays given:
// one parse after another can share them.
func parseTreeWith(src []byte, strict bool, st *stacks) (*node, error) {
	if !validJSON(src) {
		return nil, syntaxError(src)
	}
	p := treeParser{src: src, text: string(src), strict: strict, keys: st.keys[:0], vals: st.vals[:0], elems: st.elems[:0],
		slab: make([]node, maxValues(src))}
	p.skip()
	return p.value()
}

// maxValues bounds the number of values in the valid JSON src: each one
// but the first follows a ',', ':' or '['. (Those bytes inside strings
// count too: a bound, not a count.)
func maxValues(src []byte) int {
	n := 1
	for _, c := range []byte{',', ':', '['} {
		n += bytes.Count(src, []byte{c})
	}
	return n
}

// syntaxError positions the error json.Unmarshal reports for invalid src.
func syntaxError(src []byte) *SyntaxError {
	err := json.Unmarshal(src, new(json.RawMessage))
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se) && !strings.Contains(se.Error(), "unexpected end"):
		return errorAt(src, max(int(se.Offset)-1, 0), "%s", strings.TrimPrefix(se.Error(), "json: "))
	case se != nil, errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errorAt(src, len(src), "unexpected end of JSON: a value, bracket or brace is missing")
	case err != nil:
		return errorAt(src, 0, "%v", err)
	}
	return errorAt(src, 0, "invalid JSON")
}

func errorAt(src []byte, off int, format string, args ...any) *SyntaxError {
	line, col := lineCol(src, off)
	return &SyntaxError{Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// stacks are the initial backing arrays of a treeParser's stacks, enough
// for typical responses (one allocation).
type stacks struct {
	keys  [16]string
	vals  [16]*node
	elems [16]*node
}

// treeParser builds a tree from JSON already known to be valid.
type treeParser struct {
	src    []byte
	text   string // src as a string, copied once: plain strings and numbers are slices of it
	i      int
	strict bool
	slab   []node // every node is carved from here: one allocation per tree
	// Stacks of the members and elements being parsed; each finished object
	// or array copies its own part out, so nodes get exactly sized slices.
	keys  []string
	vals  []*node
	elems []*node
}

func (p *treeParser) newNode(k kind, off int) *node {
	n := &p.slab[0]
	p.slab = p.slab[1:]
	n.kind, n.off = k, int32(off)
	return n
}

// skip moves past blanks.
func (p *treeParser) skip() {
	for p.i < len(p.src) {
		switch p.src[p.i] {
		case ' ', '\t', '\r', '\n':
			p.i++
		default:
			return
		}
	}
}

// value parses the value at p.i (blanks already skipped) and the blanks after it.
func (p *treeParser) value() (*node, error) {
	off := p.i
	var n *node
	switch c := p.src[off]; {
	case c == '{':
		n = p.newNode(kObject, off)
		if err := p.object(n); err != nil {
			return nil, err
		}
	case c == '[':
		n = p.newNode(kArray, off)
		if err := p.array(n); err != nil {
			return nil, err
		}
	case c == '"':
		n = p.newNode(kString, off)
		n.text = p.str()
	case c == 't':
		n = p.newNode(kBool, off)
		n.text = "true"
		p.i += len("true")
	case c == 'f':
		n = p.newNode(kBool, off)
		n.text = "false"
		p.i += len("false")
	case c == 'n':
		n = p.newNode(kNull, off)
		p.i += len("null")
	default:
		n = p.newNode(kNumber, off)
		p.i++
		for p.i < len(p.src) && strings.IndexByte("0123456789+-.eE", p.src[p.i]) >= 0 {
			p.i++
		}
		n.text = p.text[off:p.i]
	}
	p.skip()
	return n, nil
}

func (p *treeParser) array(n *node) error {
	p.i++ // [
	p.skip()
	base := len(p.elems)
	for p.src[p.i] != ']' {
		e, err := p.value()
		if err != nil {
			return err
		}
		p.elems = append(p.elems, e)
		if p.src[p.i] == ',' {
			p.i++
			p.skip()
		}
	}
	p.i++ // ]
	if len(p.elems) > base {
		n.vals = slices.Clone(p.elems[base:])
	}
	p.elems = p.elems[:base]
	return nil
}

// object parses an object's members onto the parser's key and value stacks
// (shared by nested objects), then gives n exactly sized copies.
func (p *treeParser) object(n *node) error {
	p.i++ // {
	p.skip()
	base := len(p.keys)
	var seen map[string]int // key → stack position, once the object is large
	for p.src[p.i] != '}' {
		keyOff := p.i
		k := p.str()
		p.skip()
		p.i++ // :
		p.skip()
		v, err := p.value()
		if err != nil {
			return err
		}
		if at, dup := p.member(base, k, &seen); dup {
			if p.strict {
				return errorAt(p.src, keyOff, "key %q appears twice in this object", k)
			}
			p.vals[at] = v // the last value wins, at the first position
		} else {
			p.keys = append(p.keys, k)
			p.vals = append(p.vals, v)
		}
		if p.src[p.i] == ',' {
			p.i++
			p.skip()
		}
	}
	p.i++ // }
	if len(p.keys) > base {
		n.keys = slices.Clone(p.keys[base:])
		n.vals = slices.Clone(p.vals[base:])
		if len(n.keys) > smallObject {
			n.index = make(map[string]int, len(n.keys))
			for i, k := range n.keys {
				n.index[k] = i
			}
		}
	}
	p.keys, p.vals = p.keys[:base], p.vals[:base]
	return nil
}

// member finds key k among the current object's keys (stack positions
// base…), scanning while the object is small and indexing it after.
func (p *treeParser) member(base int, k string, seen *map[string]int) (int, bool) {
	if *seen == nil && len(p.keys)-base > smallObject {
		*seen = make(map[string]int, 2*(len(p.keys)-base))
		for i := base; i < len(p.keys); i++ {
			(*seen)[p.keys[i]] = i
		}
	}
	if *seen != nil {
		at, ok := (*seen)[k]
		if !ok {
			(*seen)[k] = len(p.keys)
		}
		return at, ok
	}
	for i := base; i < len(p.keys); i++ {
		if p.keys[i] == k {
			return i, true
		}
	}
	return 0, false
}

// str decodes the string literal at p.i and moves past it. Plain strings
// (no escapes, valid UTF-8) are sliced; others are decoded by encoding/json,
// which also replaces invalid UTF-8 the way the comparison always has.
func (p *treeParser) str() string {
	start := p.i
	p.i++ // opening quote
	plain := true
	for {
		c := p.src[p.i]
		if c == '"' {
			break
		}
		if c == '\\' {
			plain = false
			p.i++ // the escaped byte is never the closing quote
		}
		p.i++
	}
	p.i++ // closing quote
	raw := p.src[start+1 : p.i-1]
	if plain && utf8.Valid(raw) {
		return p.text[start+1 : p.i-1]
	}
	var s string
	_ = json.Unmarshal(p.src[start:p.i], &s) // a valid literal always decodes
	return s
}

// lineCol turns a byte offset into a 1-based line and byte column.
func lineCol(src []byte, off int) (int, int) {
	off = min(max(off, 0), len(src))
	line := 1 + bytes.Count(src[:off], []byte{'\n'})
	col := off - bytes.LastIndexByte(src[:off], '\n')
	return line, col
}

// render writes n as compact JSON, keys in source order.
func render(n *node) string {
	var b strings.Builder
	n.write(&b)
	return b.String()
}

func (n *node) write(b *strings.Builder) {
	switch n.kind {
	case kNull:
		b.WriteString("null")
	case kBool, kNumber:
		b.WriteString(n.text)
	case kString:
		b.WriteString(quote(n.text))
	case kArray:
		b.WriteByte('[')
		for i, e := range n.vals {
			if i > 0 {
				b.WriteByte(',')
			}
			e.write(b)
		}
		b.WriteByte(']')
	case kObject:
		b.WriteByte('{')
		for i, k := range n.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(quote(k))
			b.WriteByte(':')
			n.vals[i].write(b)
		}
		b.WriteByte('}')
	}
}

func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// numEqual compares two JSON number literals exactly (1, 1.0 and 1e0 are equal).
func numEqual(a, b string) bool {
	if a == b {
		return true
	}
	// big.Float (not big.Rat) keeps huge exponents such as 1e999999999 cheap.
	x, _, err1 := big.ParseFloat(a, 10, 512, big.ToNearestEven)
	y, _, err2 := big.ParseFloat(b, 10, 512, big.ToNearestEven)
	return err1 == nil && err2 == nil && x.Cmp(y) == 0
}

// empty reports whether n is null, "", [] or {}.
func (n *node) empty() bool {
	switch n.kind {
	case kNull:
		return true
	case kString:
		return n.text == ""
	case kArray:
		return len(n.vals) == 0
	case kObject:
		return len(n.keys) == 0
	}
	return false
}
