package match

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"
)

type kind int

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
	text  string   // string value, number literal, "true"/"false"
	keys  []string // object keys in source order
	vals  map[string]*node
	elems []*node
	off   int // byte offset of the value's first byte
}

// parseTree parses one JSON value; trailing data is an error. With strict,
// a key repeated in an object is an error; otherwise the last one wins.
func parseTree(src []byte, strict bool) (*node, error) {
	p := &treeParser{src: src, strict: strict}
	// Validate the whole input first: json.Unmarshal reports exact offsets,
	// which the streaming decoder does not.
	if err := json.Unmarshal(src, new(json.RawMessage)); err != nil {
		return nil, p.wrap(err)
	}
	p.dec = json.NewDecoder(bytes.NewReader(src))
	p.dec.UseNumber()
	n, err := p.value()
	if err != nil {
		return nil, err
	}
	if _, err := p.dec.Token(); err != io.EOF {
		return nil, p.errorAt(int(p.dec.InputOffset()), "unexpected text after the JSON value")
	}
	return n, nil
}

type treeParser struct {
	dec    *json.Decoder
	src    []byte
	strict bool
}

// start returns the offset of the next value, skipping blanks and separators.
func (p *treeParser) start() int {
	i := int(p.dec.InputOffset())
	for i < len(p.src) && strings.IndexByte(" \t\r\n:,", p.src[i]) >= 0 {
		i++
	}
	return i
}

func (p *treeParser) errorAt(off int, format string, args ...any) *SyntaxError {
	line, col := lineCol(p.src, off)
	return &SyntaxError{Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

func (p *treeParser) wrap(err error) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se) && !strings.Contains(se.Error(), "unexpected end"):
		return p.errorAt(max(int(se.Offset)-1, 0), "%s", strings.TrimPrefix(se.Error(), "json: "))
	case se != nil, errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return p.errorAt(len(p.src), "unexpected end of JSON: a value, bracket or brace is missing")
	}
	return p.errorAt(int(p.dec.InputOffset()), "%v", err)
}

func (p *treeParser) value() (*node, error) {
	off := p.start()
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.wrap(err)
	}
	n := &node{off: off}
	switch t := tok.(type) {
	case nil:
		n.kind = kNull
	case bool:
		n.kind, n.text = kBool, fmt.Sprint(t)
	case json.Number:
		n.kind, n.text = kNumber, string(t)
	case string:
		n.kind, n.text = kString, t
	case json.Delim:
		switch t {
		case '[':
			n.kind = kArray
			for p.dec.More() {
				e, err := p.value()
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, e)
			}
		case '{':
			n.kind, n.vals = kObject, map[string]*node{}
			for p.dec.More() {
				keyOff := p.start()
				kt, err := p.dec.Token()
				if err != nil {
					return nil, p.wrap(err)
				}
				k, _ := kt.(string)
				v, err := p.value()
				if err != nil {
					return nil, err
				}
				if _, dup := n.vals[k]; dup {
					if p.strict {
						return nil, p.errorAt(keyOff, "key %q appears twice in this object", k)
					}
					n.vals[k] = v
					continue
				}
				n.keys = append(n.keys, k)
				n.vals[k] = v
			}
		}
		if _, err := p.dec.Token(); err != nil { // the closing delimiter
			return nil, p.wrap(err)
		}
	}
	return n, nil
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
		for i, e := range n.elems {
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
			n.vals[k].write(b)
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
		return len(n.elems) == 0
	case kObject:
		return len(n.keys) == 0
	}
	return false
}
