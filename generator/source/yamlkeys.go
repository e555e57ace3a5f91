package source

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// UnknownKey is the message and line of the first top-level key of the
// YAML mapping in data, in source order, that is not in known. go-yaml's
// DisallowUnknownField names one of several unknown keys, picked at random
// from a map; a writer fixing them one by one would see the error jump
// around, and a rebuild of the same input must say the same thing. ok is
// false when data holds no such key (e.g. a merge key brought it in): the
// library's own message is used then.
func UnknownKey(data []byte, known []string) (line int, msg string, ok bool) {
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

// KeyLine is the line of the top-level key in the YAML mapping in data, 0
// when it is not there.
func KeyLine(data []byte, key string) int {
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

// YAMLErrorPos takes the line and message of a goccy/go-yaml error from the
// error's token, as data. The line is 1-based within the YAML text; 0 when unknown.
func YAMLErrorPos(err error) (int, string) {
	var terr *yaml.TypeError
	if errors.As(err, &terr) && terr.StructFieldName != nil {
		line := 0
		if terr.Token != nil && terr.Token.Position != nil {
			line = terr.Token.Position.Line
		}
		field := *terr.StructFieldName
		field = strings.ToLower(field[strings.LastIndex(field, ".")+1:])
		return line, fmt.Sprintf("%s must be %s", field, kindName(terr.DstType.Kind()))
	}
	var yerr yaml.Error
	if errors.As(err, &yerr) {
		line := 0
		if tk := yerr.GetToken(); tk != nil && tk.Position != nil {
			line = tk.Position.Line
		}
		return line, yerr.GetMessage()
	}
	return 0, err.Error()
}

// kindName says in words what a YAML value must be for a Go kind.
func kindName(k reflect.Kind) string {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	case reflect.Map, reflect.Struct:
		return "a mapping of keys to values"
	case reflect.Slice, reflect.Array:
		return "a list"
	}
	return "a " + k.String()
}
