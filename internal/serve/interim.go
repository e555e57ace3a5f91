package serve

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/docproof/docproof/generator"
)

// buildInto runs build and puts its site into out. INTERIM until the
// generator's Output seam lands: the build writes a temp folder that is
// read into memory and removed.
func buildInto(ctx context.Context, build BuildFunc, cfg generator.Config, out *memOutput) (*generator.Result, error) {
	dir, err := os.MkdirTemp("", "docproof-serve-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	cfg.OutDir = filepath.Join(dir, "site")
	res, err := build(ctx, cfg)
	if err != nil {
		return res, err
	}
	t := out.newTree()
	err = filepath.WalkDir(cfg.OutDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(cfg.OutDir, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return t.WriteFile(filepath.ToSlash(rel), data)
	})
	if err != nil {
		t.Discard()
		return res, err
	}
	return res, t.Commit()
}
