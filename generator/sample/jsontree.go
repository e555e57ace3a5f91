package sample

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// jnode is a JSON value that keeps object key order, so --update can rewrite
// a documented response without reordering what the writer wrote.
type jnode struct {
	kind byte     // 'o' object, 'a' array, 's' string, 'l' literal (number, true, false, null)
	keys []string // object keys, in order
	vals []*jnode // object values (parallel to keys) or array elements
	text string   // string value (unquoted) or literal text
}

func parseJSON(data []byte) (*jnode, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := readNode(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("text after the JSON value")
	}
	return n, nil
}

func readNode(dec *json.Decoder) (*jnode, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		n := &jnode{kind: 'a'}
		if t == '{' {
			n.kind = 'o'
		}
		for dec.More() {
			if n.kind == 'o' {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				n.keys = append(n.keys, k)
			}
			v, err := readNode(dec)
			if err != nil {
				return nil, err
			}
			n.vals = append(n.vals, v)
		}
		if _, err := dec.Token(); err != nil {
			return nil, err
		}
		return n, nil
	case string:
		return &jnode{kind: 's', text: t}, nil
	case json.Number:
		return &jnode{kind: 'l', text: t.String()}, nil
	case bool:
		if t {
			return &jnode{kind: 'l', text: "true"}, nil
		}
		return &jnode{kind: 'l', text: "false"}, nil
	default:
		return &jnode{kind: 'l', text: "null"}, nil
	}
}

func (n *jnode) get(key string) (*jnode, bool) {
	for i, k := range n.keys {
		if k == key {
			return n.vals[i], true
		}
	}
	return nil, false
}

// scalar is the node as match.Value sees an actual value: strings unquoted, the rest as JSON text.
func (n *jnode) scalar() string {
	if n.kind == 's' || n.kind == 'l' {
		return n.text
	}
	var b strings.Builder
	n.write(&b, "", "")
	return b.String()
}

// write renders n. unit "" writes one line ({"a": 1, "b": [2]}); otherwise
// each member goes on its own line, indented by unit per level.
func (n *jnode) write(b *strings.Builder, indent, unit string) {
	switch n.kind {
	case 's':
		b.WriteString(quote(n.text))
	case 'l':
		b.WriteString(n.text)
	default:
		open, close := "[", "]"
		if n.kind == 'o' {
			open, close = "{", "}"
		}
		if len(n.vals) == 0 {
			b.WriteString(open + close)
			return
		}
		b.WriteString(open)
		inner := indent + unit
		for i, v := range n.vals {
			if i > 0 {
				b.WriteString(",")
				if unit == "" {
					b.WriteString(" ")
				}
			}
			if unit != "" {
				b.WriteString("\n" + inner)
			}
			if n.kind == 'o' {
				b.WriteString(quote(n.keys[i]) + ": ")
			}
			v.write(b, inner, unit)
		}
		if unit != "" {
			b.WriteString("\n" + indent)
		}
		b.WriteString(close)
	}
}

// indentUnit guesses the indentation a writer used in a JSON text: the
// leading whitespace of the first indented line, or "" for one-line JSON.
func indentUnit(text string) string {
	text = strings.TrimSpace(text)
	if !strings.Contains(text, "\n") {
		return ""
	}
	for _, l := range strings.Split(text, "\n")[1:] {
		if trimmed := strings.TrimLeft(l, " \t"); trimmed != "" && len(trimmed) < len(l) {
			return l[:len(l)-len(trimmed)]
		}
	}
	return "  "
}

// quote renders s as a JSON string without HTML escaping, so placeholders stay readable.
func quote(s string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // encoding a string cannot fail
	return strings.TrimSuffix(buf.String(), "\n")
}
