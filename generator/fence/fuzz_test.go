package fence

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

// FuzzFenceParse checks that Parse never panics, that errors are positioned
// inside the info string, and that parsed attributes survive being written
// back and parsed again. Seeds: testdata/fuzz/FuzzFenceParse.
func FuzzFenceParse(f *testing.F) {
	f.Add(`bash {sample=register status=401 capture="AGENT=id" skip="needs a real host"}`)
	f.Add(`json {response exact}`)
	f.Fuzz(func(t *testing.T, info string) {
		got, err := Parse(info)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error is %T, want *SyntaxError: %v", err, err)
			}
			if se.Col < 1 || se.Col > len(info)+1 {
				t.Fatalf("column %d outside 1..%d: %v", se.Col, len(info)+1, err)
			}
			return
		}
		if len(got.Attrs.Keys) != len(got.Attrs.Values) {
			t.Fatalf("keys %q and values %v disagree", got.Attrs.Keys, got.Attrs.Values)
		}
		if strings.ContainsAny(got.Lang, " \t{") {
			t.Fatalf("language %q holds a blank or a brace", got.Lang)
		}
		if got.Attrs.Len() == 0 {
			return
		}
		// Write the attributes back with double quotes and parse them again.
		var b strings.Builder
		b.WriteString(got.Lang + " {")
		for _, k := range got.Attrs.Keys {
			v := got.Attrs.Values[k]
			b.WriteString(" " + k)
			if v != "" {
				b.WriteString("=\"" + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v) + "\"")
			}
		}
		b.WriteString("}")
		again, err := Parse(b.String())
		if err != nil {
			t.Fatalf("re-parsing %s: %v", strconv.Quote(b.String()), err)
		}
		if strings.Join(again.Attrs.Keys, "\x00") != strings.Join(got.Attrs.Keys, "\x00") {
			t.Fatalf("keys changed: %q then %q", got.Attrs.Keys, again.Attrs.Keys)
		}
		for _, k := range got.Attrs.Keys {
			if again.Attrs.Values[k] != got.Attrs.Values[k] {
				t.Fatalf("value of %q changed: %q then %q", k, got.Attrs.Values[k], again.Attrs.Values[k])
			}
		}
	})
}
