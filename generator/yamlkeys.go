package generator

import (
	"fmt"
	"slices"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// unknownKeyError is the message and line of the first top-level key of the
// YAML mapping in data, in source order, that is not in known. go-yaml's
// DisallowUnknownField names one of several unknown keys, picked at random
// from a map; a writer fixing them one by one would see the error jump
// around, and a rebuild of the same input must say the same thing. ok is
// false when data holds no such key (e.g. a merge key brought it in): the
// library's own message is used then.
func unknownKeyError(data []byte, known []string) (line int, msg string, ok bool) {
	for _, mv := range topLevel(data) {
		tk := mv.Key.GetToken()
		if tk == nil || tk.Position == nil || tk.Value == "<<" {
			continue
		}
		if !slices.Contains(known, tk.Value) {
			return tk.Position.Line, fmt.Sprintf("unknown field %q", tk.Value), true
		}
	}
	return 0, "", false
}

// keyLine is the line of the top-level key in the YAML mapping in data, 0
// when it is not there.
func keyLine(data []byte, key string) int {
	for _, mv := range topLevel(data) {
		if tk := mv.Key.GetToken(); tk != nil && tk.Position != nil && tk.Value == key {
			return tk.Position.Line
		}
	}
	return 0
}

// topLevel returns the entries of the YAML mapping in data, in source
// order; none when data is not one mapping.
func topLevel(data []byte) []*ast.MappingValueNode {
	f, err := parser.ParseBytes(data, 0)
	if err != nil || len(f.Docs) != 1 {
		return nil
	}
	switch body := f.Docs[0].Body.(type) {
	case *ast.MappingNode:
		return body.Values
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{body}
	}
	return nil
}
