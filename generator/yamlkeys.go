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
	f, err := parser.ParseBytes(data, 0)
	if err != nil || len(f.Docs) != 1 {
		return 0, "", false
	}
	var values []*ast.MappingValueNode
	switch body := f.Docs[0].Body.(type) {
	case *ast.MappingNode:
		values = body.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{body}
	}
	for _, mv := range values {
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

// keyLine is the 1-based line of the top-level key in the YAML data (0 when
// it is not there), for errors about a key's value.
func keyLine(data []byte, key string) int {
	f, err := parser.ParseBytes(data, 0)
	if err != nil || len(f.Docs) != 1 {
		return 0
	}
	var values []*ast.MappingValueNode
	switch body := f.Docs[0].Body.(type) {
	case *ast.MappingNode:
		values = body.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{body}
	}
	for _, mv := range values {
		if tk := mv.Key.GetToken(); tk != nil && tk.Position != nil && tk.Value == key {
			return tk.Position.Line
		}
	}
	return 0
}
