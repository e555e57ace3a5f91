package sample

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// lookupPath finds the value at a dotted path (access_token,
// data.organization.id, agents.0.id) in a JSON document. Strings come back
// unquoted; other values as compact JSON.
func lookupPath(doc []byte, path string) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "", fmt.Errorf("the answer is not JSON: %v", err)
	}
	cur := v
	var walked []string
	for _, seg := range strings.Split(path, ".") {
		if seg == "" {
			return "", fmt.Errorf("path %q has an empty segment", path)
		}
		switch node := cur.(type) {
		case map[string]any:
			next, ok := node[seg]
			if !ok {
				return "", fmt.Errorf("no field %q at %s in the answer", seg, where(walked))
			}
			cur = next
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(node) {
				return "", fmt.Errorf("no element %q at %s in the answer (an array of %d)", seg, where(walked), len(node))
			}
			cur = node[i]
		default:
			return "", fmt.Errorf("%s in the answer is not an object or array, cannot take %q", where(walked), seg)
		}
		walked = append(walked, seg)
	}
	switch x := cur.(type) {
	case string:
		return x, nil
	case nil:
		return "", fmt.Errorf("%s is null in the answer", where(walked))
	default:
		b, err := json.Marshal(x)
		return string(b), err
	}
}

func where(walked []string) string {
	if len(walked) == 0 {
		return "the top level"
	}
	return strings.Join(walked, ".")
}
