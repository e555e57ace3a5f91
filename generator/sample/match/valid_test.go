package match

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestValidJSONMatchesEncodingJSON(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	for _, s := range []string{
		"", " ", "0", "-0", "-", "01", "1.", "1.5", "1e", "1e+", "1E-7", ".5", "+1", "-01", "1.5e3x",
		"true", "tru", "truex", "false", "null", "nul", `""`, `"a`, `"\u00e9"`, `"\u00g9"`, `"\x"`, `"\/"`, "\"\x01\"", "\"\x7f\"",
		"\"\xff\xfe\"", "{}", "{ }", `{"a":1}`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `{"a":1 "b":2}`, "[]", "[1,]", "[,1]", "[1 2]",
		"[1,[2,{\"x\":[null]}]]", " \t\r\n{\"a\" : [ 1 , 2 ] }\n ", "{} {}", "[", "]", "{\"a\":}", deep(10000), deep(10001),
		`{"a":{"b":{"c":[true,false,null,-1.25E+10,"s"]}}}`,
	} {
		assert.Equal(t, json.Valid([]byte(s)), validJSON([]byte(s)), "%.40q", s)
	}
}

func FuzzValidJSON(f *testing.F) {
	f.Add(`{"a":[1,2.5e-3,"x\u0041",true,null,{}]}`)
	f.Add(`[-0.0, 1E+2]`)
	f.Fuzz(func(t *testing.T, s string) {
		if want, got := json.Valid([]byte(s)), validJSON([]byte(s)); want != got {
			t.Fatalf("validJSON(%q) = %v, json.Valid says %v", s, got, want)
		}
	})
}
