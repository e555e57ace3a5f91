package generator

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/source"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// golden compares got with testdata/<name>, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file: run go test ./generator -run %s -update", t.Name())
	assert.Equal(t, string(want), got, "golden %s differs; if the change is intended, run with -update", path)
}

func renderSource(t testing.TB, rel, md string) (*markdown.Page, diag.List) {
	t.Helper()
	return markdown.New(markdown.Options{}).Render(source.Source{Rel: rel, File: "content/" + rel, Data: []byte(md)})
}

// dumpPage renders everything the later stages see of a page, for golden files.
func dumpPage(p *markdown.Page, diags diag.List) string {
	var b strings.Builder
	fmt.Fprintf(&b, "title: %s\nurl: %s\nhas_h1: %v\nfront: %+v\n", p.Title, p.URL, p.HasH1, p.Front)
	b.WriteString("== toc\n")
	var toc func([]markdown.TOCEntry, string)
	toc = func(es []markdown.TOCEntry, indent string) {
		for _, e := range es {
			fmt.Fprintf(&b, "%s- h%d #%s %q\n", indent, e.Level, e.ID, e.Text)
			toc(e.Children, indent+"  ")
		}
	}
	toc(p.TOC, "")
	b.WriteString("== sections\n")
	for _, s := range p.Sections {
		fmt.Fprintf(&b, "#%s %q: %q\n", s.Anchor, s.Heading, s.Text)
	}
	b.WriteString("== blocks\n")
	for _, bl := range p.Blocks {
		fmt.Fprintf(&b, "%d lines %d-%d lang=%q attrs=%v code=%q\n", bl.Index, bl.Line, bl.EndLine, bl.Lang, bl.Attrs.Keys, bl.Code)
	}
	b.WriteString("== links\n")
	for _, l := range p.Links {
		fmt.Fprintf(&b, "line %d %q -> %s #%s image=%v\n", l.Line, l.Dest, l.Target, l.Fragment, l.Image)
	}
	b.WriteString("== diagnostics\n")
	for _, d := range diags {
		b.WriteString(d.Error() + "\n")
	}
	b.WriteString("== body\n")
	b.WriteString(string(p.Body))
	return b.String()
}

func TestRenderGolden(t *testing.T) {
	mds, err := filepath.Glob("testdata/render/*.md")
	require.NoError(t, err)
	require.NotEmpty(t, mds)
	for _, md := range mds {
		name := strings.TrimSuffix(filepath.Base(md), ".md")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(md)
			require.NoError(t, err)
			p, diags := renderSource(t, "guide/"+name+".md", string(data))
			golden(t, "render/"+name+".golden", dumpPage(p, diags))
		})
	}
}

func TestRenderDeterministicAcrossWorkers(t *testing.T) {
	data, err := os.ReadFile("testdata/render/fences.md")
	require.NoError(t, err)
	var srcs []source.Source
	for i := range 40 {
		rel := fmt.Sprintf("p%02d.md", i)
		srcs = append(srcs, source.Source{Rel: rel, File: "content/" + rel, Data: data})
	}
	one, d1 := renderPages(context.Background(), Config{Workers: 1}, srcs)
	many, d2 := renderPages(context.Background(), Config{Workers: 8}, srcs)
	require.Len(t, many, len(one))
	assert.Equal(t, d1, d2)
	for i := range one {
		assert.Equal(t, one[i].Body, many[i].Body)
	}
}
