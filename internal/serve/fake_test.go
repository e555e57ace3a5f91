package serve

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/docproof/docproof/generator"
	"github.com/docproof/docproof/generator/diag"
)

// fakeToken has a real Buildkite token shape: it must never reach a browser or the terminal.
const fakeToken = "bkua_9f8Kq2LmZ7xR4tW1vB6nH3jC5dY0pE8s"

// fakeBuild is a tiny stand-in for generator.Build in unit tests that are
// about serving, not rendering: every .md file becomes dir/name/index.html
// holding its text, other files are copied, and a line containing BROKEN is
// an error diagnostic at that line.
func fakeBuild(ctx context.Context, cfg generator.Config) (*generator.Result, error) {
	var diags diag.List
	type out struct {
		rel  string
		data []byte
	}
	var outs []out
	content := cfg.ContentDir
	err := filepath.WalkDir(content, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(content, path)
		rel = filepath.ToSlash(rel)
		if !strings.HasSuffix(rel, ".md") {
			outs = append(outs, out{rel, data})
			return nil
		}
		for i, line := range bytes.Split(data, []byte("\n")) {
			if bytes.Contains(line, []byte("BROKEN")) {
				diags = append(diags, diag.Diagnostic{File: "content/" + rel, Line: i + 1, Message: "broken link",
					SampleID: "s1", Diff: "- want\n+ got " + fakeToken})
			}
		}
		page := strings.TrimSuffix(rel, ".md") + "/index.html"
		if rel == "index.md" {
			page = "index.html"
		}
		body := fmt.Sprintf("<!doctype html><html><body><main>%s</main></body></html>", html.EscapeString(string(data)))
		outs = append(outs, out{page, []byte(body)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := diags.Err(); err != nil {
		return &generator.Result{}, err
	}
	tree, err := cfg.Output.NewTree(ctx)
	if err != nil {
		return nil, err
	}
	for _, o := range outs {
		if err := tree.WriteFile(o.rel, o.data); err != nil {
			tree.Discard()
			return nil, err
		}
	}
	if err := tree.Commit(); err != nil {
		tree.Discard()
		return nil, err
	}
	return &generator.Result{Pages: len(outs)}, nil
}
