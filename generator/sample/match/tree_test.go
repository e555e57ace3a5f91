package match

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// refTree builds the tree with encoding/json's token decoder: the reference
// the hand-written scanner in parseTree must agree with on valid input.
func refTree(t *testing.T, src []byte) *node {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	var value func() *node
	value = func() *node {
		tok, err := dec.Token()
		require.NoError(t, err)
		n := &node{}
		switch v := tok.(type) {
		case nil:
			n.kind = kNull
		case bool:
			n.kind, n.text = kBool, fmt.Sprint(v)
		case json.Number:
			n.kind, n.text = kNumber, string(v)
		case string:
			n.kind, n.text = kString, v
		case json.Delim:
			if v == '[' {
				n.kind = kArray
				for dec.More() {
					n.vals = append(n.vals, value())
				}
			} else {
				n.kind = kObject
				for dec.More() {
					kt, err := dec.Token()
					require.NoError(t, err)
					k := kt.(string)
					e := value()
					if i, ok := n.lookupRef(k); ok {
						n.vals[i] = e
						continue
					}
					n.keys = append(n.keys, k)
					n.vals = append(n.vals, e)
				}
			}
			_, err := dec.Token()
			require.NoError(t, err)
		}
		return n
	}
	n := value()
	_, err := dec.Token()
	require.ErrorIs(t, err, io.EOF)
	return n
}

func (n *node) lookupRef(k string) (int, bool) {
	for i, key := range n.keys {
		if key == k {
			return i, true
		}
	}
	return 0, false
}

// FuzzTree checks parseTree against the encoding/json reference: same
// validity, same tree (rendered, with the last duplicate key winning), and
// every field findable, for small and indexed large objects alike.
func FuzzTree(f *testing.F) {
	f.Add(`{"a":1,"b":[true,false,null,"x\u00e9\"y"],"a":-1.5e3}`)
	f.Add(` [ {"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k1":10} ] `)
	f.Add("\"\xff\xfe\"")
	f.Add(`{"a" 1}`)
	f.Fuzz(func(t *testing.T, src string) {
		n, err := parseTree([]byte(src), false)
		if !json.Valid([]byte(src)) {
			require.Error(t, err)
			return
		}
		require.NoError(t, err)
		ref := refTree(t, []byte(src))
		require.Equal(t, render(ref), render(n))
		var walk func(*node)
		walk = func(n *node) {
			for i, k := range n.keys {
				v, ok := n.field(k)
				require.True(t, ok, k)
				require.Same(t, n.vals[i], v)
			}
			for _, v := range n.vals { // members or elements
				walk(v)
			}
		}
		walk(n)
	})
}

func TestTreeDuplicateKey(t *testing.T) {
	big := `{"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,` + "\n" + `"k2":0}`
	for _, src := range []string{`{"a":1,` + "\n" + ` "a":2}`, big} {
		_, err := parseTree([]byte(src), true)
		var se *SyntaxError
		require.ErrorAs(t, err, &se, src)
		assert.Equal(t, 2, se.Line, src)
		assert.Contains(t, se.Msg, "appears twice")
		n, err := parseTree([]byte(src), false)
		require.NoError(t, err)
		assert.Len(t, n.keys, len(n.vals))
	}
}

// FuzzShapes checks the hand-written UUID and token checks against the
// regular expressions they replace.
func FuzzShapes(f *testing.F) {
	reUUID := regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	reToken := regexp.MustCompile(`^bk[a-z]{2,3}_[A-Za-z0-9_.-]{20,}$`)
	f.Add("0b8c5f4e-7a0e-4f4e-9a59-3b1a6f0d2c11")
	f.Add("bkaa_Mq8We1Rt4Yu7Io0Pa3SdXq3vB9kLmP2wR7tYz4NcH8s")
	f.Add("bkabc_Mq8We1Rt4Yu7Io0Pa3Sd")
	f.Add("bkab_c_Mq8We1Rt4Yu7Io0Pa3Sd")
	f.Fuzz(func(t *testing.T, s string) {
		assert.Equal(t, reUUID.MatchString(s), isUUID(s), s)
		assert.Equal(t, reToken.MatchString(s), isToken(s), s)
	})
}
