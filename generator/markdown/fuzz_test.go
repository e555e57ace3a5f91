package markdown

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/docproof/docproof/generator/source"
)

// FuzzRenderPage feeds arbitrary Markdown (front matter, fences, links…) to
// the page renderer: it must never panic, and every diagnostic must point
// at a line of the file.
func FuzzRenderPage(f *testing.F) {
	mds, _ := filepath.Glob("../testdata/render/*.md")
	for _, p := range mds {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("---\n- a\n---\n"))
	f.Add([]byte("```bash {a=\"x\n"))
	f.Add([]byte("> ```\n> x\n\n[a](../../x.md#y)\n"))
	m := New(Options{})
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, ok := source.CheckText("f.md", data); !ok {
			return // Load rejects it before rendering
		}
		src := source.Source{Rel: "d/f.md", File: "content/d/f.md", Data: data}
		r := m.safePage(src, nil)
		p, diags := r.Page, r.Diags
		lines := len(newLineIndex(data))
		for _, d := range diags {
			if d.Line < 0 || d.Line > lines {
				t.Fatalf("diagnostic line %d outside the file (%d lines): %v", d.Line, lines, d)
			}
			if d.Message == "" {
				t.Fatalf("empty diagnostic: %+v", d)
			}
		}
		for _, d := range diags {
			if len(d.Message) > 22 && d.Message[:22] == "internal error renderi" {
				t.Fatalf("panic while rendering: %v", d)
			}
		}
		if p == nil {
			t.Fatal("no page returned")
		}
	})
}
