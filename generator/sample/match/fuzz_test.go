package match

import (
	"errors"
	"strings"
	"testing"
)

// FuzzJSON checks that JSON never panics, that documented syntax errors are
// positioned inside the block, that a document always matches itself when it
// holds no placeholder, that shape mode accepts what value mode does, and
// that Diff renders any result. Seeds:
// testdata/fuzz/FuzzJSON.
func FuzzJSON(f *testing.F) {
	f.Add(`{"token":"<token:agent-access-token>","id":"<uuid:id>"}`, `{"token":"bkaa_Mq8We1Rt4Yu7Io0Pa3SdXq3vB9kLmP2wR7tYz4NcH8s","id":"0b8c5f4e-7a0e-4f4e-9a59-3b1a6f0d2c11"}`, false)
	f.Add(`[1,2,{"a":"Token <t>"}]`, `[1,2,{"a":"Token x","b":null}]`, true)
	f.Fuzz(func(t *testing.T, doc, act string, exact bool) {
		bound, mm, err := JSON([]byte(doc), []byte(act), Bindings{"t": "x"}, Options{Exact: exact})
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error is %T, want *SyntaxError: %v", err, err)
			}
			lines := strings.Split(doc, "\n")
			if se.Line < 1 || se.Line > len(lines) || se.Col < 1 || se.Col > len(lines[se.Line-1])+1 {
				t.Fatalf("syntax error at %d:%d outside the %d-line block: %v", se.Line, se.Col, len(lines), err)
			}
			return
		}
		for name, v := range bound {
			if name == "" || name == "t" {
				t.Fatalf("bound %q=%q: names are never empty, and t was bound before", name, v)
			}
		}
		_ = Diff(mm)
		if _, smm, err := JSON([]byte(doc), []byte(act), Bindings{"t": "x"}, Options{Shape: true, Exact: exact}); err != nil {
			t.Fatalf("shape mode rejects a document value mode accepted: %v", err)
		} else {
			_ = Diff(smm)
		}
		if exact && len(mm) == 0 {
			// What matches exactly also matches as a subset, binding the same.
			b2, mm2, err := JSON([]byte(doc), []byte(act), Bindings{"t": "x"}, Options{})
			if err != nil || len(mm2) > 0 || len(b2) != len(bound) {
				t.Fatalf("exact match but subset says err=%v mismatches=%v bound=%v vs %v", err, mm2, b2, bound)
			}
		}
		if !strings.Contains(doc, "<") {
			_, self, err := JSON([]byte(doc), []byte(doc), nil, Options{Exact: true})
			if err != nil || len(self) > 0 {
				t.Fatalf("a document must match itself: err=%v mismatches=%v", err, self)
			}
		}
	})
}

// FuzzValue checks that Value never panics and that a literal matches itself.
func FuzzValue(f *testing.F) {
	f.Add("Token <agent-token>", "Token bkaa_x")
	f.Add("<number:status>", "201")
	f.Fuzz(func(t *testing.T, doc, act string) {
		_, _, _ = Value(doc, act, Bindings{"agent-token": "x"})
		if !strings.Contains(doc, "<") {
			if _, ok, why := Value(doc, doc, nil); !ok {
				t.Fatalf("a literal must match itself: %s", why)
			}
		}
	})
}
