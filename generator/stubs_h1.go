package generator

// Temporary stubs: the generator helper replaces this file with the real stages.

import (
	"context"
	"html/template"
	"os"

	"github.com/docproof/docproof/generator/diag"
)

// Site is the site-wide config from docproof.yaml.
type Site struct {
	Title       string `yaml:"title"`
	BaseURL     string `yaml:"base_url"`
	Description string `yaml:"description"`
}

func (c Config) withDefaults() Config                      { return c }
func loadSiteConfig(cfg Config) (Site, error)              { return Site{}, nil }
func loadTemplates(cfg Config) (*template.Template, error) { return nil, nil }

// Load reads every file under dir.
func Load(dir string) ([]Source, diag.List) { return nil, nil }

// RenderPages renders the Markdown sources.
func RenderPages(ctx context.Context, cfg Config, srcs []Source) ([]*Page, diag.List) {
	return nil, nil
}

// BuildNav builds the navigation tree.
func BuildNav(pages []*Page) []NavItem { return nil }

// CheckLinks checks every internal link and anchor.
func CheckLinks(pages []*Page) diag.List { return nil }

func writeSite(ctx context.Context, cfg Config, site Site, tmpl *template.Template, nav []NavItem, pages []*Page, srcs []Source) (string, diag.List) {
	return "", nil
}
func publish(tmp, out string) error { return nil }
func discard(tmp string)            { _ = os.RemoveAll(tmp) }
