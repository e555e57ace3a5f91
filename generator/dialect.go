package generator

import (
	"github.com/yuin/goldmark"

	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/markdown/ial"
	"github.com/docproof/docproof/generator/markdown/listfence"
	"github.com/docproof/docproof/generator/source/urlscheme"

	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
)

// Conventions are the Markdown conventions of docproof.yaml that let docproof
// build a site written for another generator as it is. Each is an option of
// its own; "dialect" turns on a known set of them at once (a setting written
// beside it wins). The zero value is docproof's own conventions.
type Conventions struct {
	// Dialect names a set of the conventions below: "buildkite" (the
	// Buildkite docs: every one of them, responses: adjacent too).
	Dialect string `yaml:"dialect"`
	// URLs is the URL scheme of pages: "pretty" (a/b.md at /a/b/, the
	// default) or "docs" (a_b/c_d.md at /docs/a-b/c-d, _x.md a partial).
	URLs string `yaml:"urls"`
	// HeadingIDs is how headings get their ids: "flat" (the default, GitHub
	// style) or "nested" (an h3's id is its h2's id, a dash and its own;
	// symbols spelt out: "+" is "plus").
	HeadingIDs string `yaml:"heading_ids"`
	// Partials turns on ERB fragments: "erb" includes partials
	// (render_markdown partial: 'a/b', render 'a/b'), understands image,
	// button, pill and paginated_resource_docs_url, and warns once per page
	// about the others; "" (the default) leaves <% %> as text.
	Partials string `yaml:"partials"`
	// ImageRoot is the URL path `image "f.png"` pictures are below, the
	// page's path after it; default "/images".
	ImageRoot string `yaml:"image_root"`
	// Callouts turns blockquotes starting with 📘, 🚧 or 🛠 and a title into
	// the site's admonitions: "emoji"; "" (the default) leaves them quotes.
	Callouts string `yaml:"callouts"`
	// IAL applies kramdown attribute lines ({: class="x"}) to the block above.
	IAL *bool `yaml:"ial"`
	// ListFences reads a fence indented past a list item's content as a fence.
	ListFences *bool `yaml:"list_fences"`
	// FrontMatter is "strict" (the default: an unknown key is an error) or
	// "lenient" (unknown keys are ignored).
	FrontMatter string `yaml:"front_matter"`
	// Languages maps code fence languages to the highlighter's ("curl: bash").
	Languages map[string]string `yaml:"languages"`
}

// conventionKeys are the yaml keys of Conventions, for siteKeys.
const conventionKeys = "dialect, urls, heading_ids, partials, image_root, callouts, ial, list_fences, front_matter, languages"

// dialectNames are the dialects docproof knows.
const dialectNames = "buildkite"

// dialect is the conventions the dialect name turns on.
func dialect(name string) (Conventions, bool) {
	switch name {
	case "buildkite":
		return Conventions{
			URLs: "docs", HeadingIDs: "nested", Partials: "erb", ImageRoot: "/images", Callouts: "emoji",
			IAL: ptr(true), ListFences: ptr(true), FrontMatter: "lenient",
			Languages: map[string]string{"curl": "bash", "conf": "ini", "yaml:": "yaml", "url": "text"},
		}, true
	}
	return Conventions{}, false
}

func ptr[T any](v T) *T { return &v }

// resolved is c with its dialect's conventions filled in where c says
// nothing; responses is docproof.yaml's responses setting, likewise.
func (c Conventions) resolved(responses string) (Conventions, string) {
	d, ok := dialect(c.Dialect)
	if !ok {
		return c, responses
	}
	pick := func(own, dialect string) string {
		if own != "" {
			return own
		}
		return dialect
	}
	c.URLs, c.HeadingIDs, c.Partials = pick(c.URLs, d.URLs), pick(c.HeadingIDs, d.HeadingIDs), pick(c.Partials, d.Partials)
	c.ImageRoot, c.Callouts, c.FrontMatter = pick(c.ImageRoot, d.ImageRoot), pick(c.Callouts, d.Callouts), pick(c.FrontMatter, d.FrontMatter)
	if c.IAL == nil {
		c.IAL = d.IAL
	}
	if c.ListFences == nil {
		c.ListFences = d.ListFences
	}
	langs := maps.Clone(d.Languages)
	maps.Copy(langs, c.Languages)
	c.Languages = langs
	return c, pick(responses, "adjacent")
}

// check returns the key and message of the first setting that is not one of
// its values ("" when all are).
func (c Conventions) check() (key, msg string) {
	if _, ok := dialect(c.Dialect); c.Dialect != "" && !ok {
		return "dialect", fmt.Sprintf("dialect: %q is not a dialect docproof knows: use %s", c.Dialect, dialectNames)
	}
	for _, s := range []struct{ key, value, allowed string }{
		{"urls", c.URLs, "pretty docs"},
		{"heading_ids", c.HeadingIDs, "flat nested"},
		{"partials", c.Partials, "erb"},
		{"callouts", c.Callouts, "emoji"},
		{"front_matter", c.FrontMatter, "strict lenient"},
	} {
		if s.value != "" && !slices.Contains(strings.Fields(s.allowed), s.value) {
			return s.key, fmt.Sprintf("%s: %q is not one of %s", s.key, s.value, strings.Join(strings.Fields(s.allowed), ", "))
		}
	}
	if c.ImageRoot != "" && !strings.HasPrefix(c.ImageRoot, "/") && !strings.Contains(c.ImageRoot, "://") {
		return "image_root", fmt.Sprintf("image_root: %q must be a root-absolute path (/images) or an absolute URL", c.ImageRoot)
	}
	return "", ""
}

// on reports whether an optional switch is set.
func on(b *bool) bool { return b != nil && *b }

// rendering sets up opts for the conventions: the renderer's part of them
// and the goldmark extensions of the block syntax they turn on.
func (c Conventions) rendering(opts *markdown.Options) {
	opts.Conventions = markdown.Conventions{
		URLs: urlscheme.Scheme(c.URLs), NestedIDs: c.HeadingIDs == "nested", ERB: c.Partials == "erb",
		ImageRoot: c.ImageRoot, Languages: c.Languages, LenientFrontMatter: c.FrontMatter == "lenient",
	}
	opts.Extensions = append(opts.Extensions, c.extensions()...)
	if k := c.key(); k != "" {
		opts.Variant += "conventions:" + k
	}
}

// extensions are the goldmark extensions the conventions turn on.
func (c Conventions) extensions() []goldmark.Extender {
	var exts []goldmark.Extender
	if on(c.IAL) {
		exts = append(exts, ial.Extension)
	}
	if on(c.ListFences) {
		exts = append(exts, listfence.Extension)
	}
	// HOOK(callouts): branch readers-ui's generator/markdown/callout is not on main yet; once it is:
	// if c.Callouts == "emoji" { exts = append(exts, callout.New(callout.WithBuildkite())) }
	return exts
}

// key is c as part of the render cache's key: "" for docproof's own
// conventions, so their cached pages stay valid.
func (c Conventions) key() string {
	if reflect.ValueOf(c).IsZero() {
		return ""
	}
	langs := slices.Sorted(maps.Keys(c.Languages))
	for i, l := range langs {
		langs[i] = l + "=" + c.Languages[l]
	}
	return fmt.Sprintf("%s|%s|%s|%s|%s|%s|%v|%v|%s|%s", c.Dialect, c.URLs, c.HeadingIDs, c.Partials, c.ImageRoot, c.Callouts,
		on(c.IAL), on(c.ListFences), c.FrontMatter, strings.Join(langs, ","))
}
