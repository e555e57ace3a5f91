package theme

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	htmltemplate "html/template"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/nav"
	"github.com/docproof/docproof/templates"
)

// PageTemplate is the template every page executes.
const PageTemplate = "page.html"

// Templates are the parsed templates plus where they came from, so errors
// can name the template file.
type Templates struct {
	t     *htmltemplate.Template
	fsys  fs.FS       // templates and assets/
	dir   string      // shown in diagnostics: "templates" or the --templates DIR
	ids   []string    // element ids written literally in the templates (id="content")
	hash  string      // of every template's name and source, for the page HTML cache
	nav   *nav.Markup // renders SiteData.NavHTML
	parts []string    // names of the "site-…" templates, sorted (Parts)
}

// sitePartPrefix starts the names of the templates rendered once per build
// into SiteData.Parts.
const sitePartPrefix = "site-"

// literalID finds id="…" attributes with a literal value in template source.
var literalID = regexp.MustCompile(`\bid="([A-Za-z][A-Za-z0-9_:.-]*)"`)

// templateFS is the embedded templates, or --templates DIR when given,
// opened as an os.Root: a symlink in it that leads outside is an error
// where it is read ("path escapes from parent"), never followed.
func templateFS(templatesDir string) (fs.FS, string) {
	if templatesDir != "" {
		dir := filepath.ToSlash(templatesDir)
		root, err := os.OpenRoot(templatesDir)
		if err != nil {
			return errFS{err}, dir
		}
		return root.FS(), dir
	}
	return templates.FS(), "templates"
}

// errFS is a folder that cannot be opened: every look fails with err.
type errFS struct{ err error }

// Open fails with the folder's error.
func (e errFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: e.err}
}

// Load parses every *.html file at the root of the templates FS: the
// built-in templates, or templatesDir when not "" (partials are _*.html).
// Templates get one function, url, which prefixes a root-absolute site path
// with base, the site's base path: {{url .URL}}. A syntax error is an error
// at the template's line.
func Load(templatesDir, base string) (*Templates, diag.List) {
	fsys, dir := templateFS(templatesDir)
	funcs := htmltemplate.FuncMap{"url": func(p string) string { return nav.SitePath(base, p) }}
	markup, err := nav.NewMarkup(funcs)
	if err != nil {
		return nil, diag.List{diag.Errorf("generator/nav/navhtml.go", 0, "internal error: %v", err)}
	}
	st := &Templates{t: htmltemplate.New("").Funcs(funcs), fsys: fsys, dir: dir, nav: markup}
	names, err := fs.Glob(fsys, "*.html")
	if err != nil || len(names) == 0 {
		return nil, diag.List{diag.Errorf(dir, 0, "no *.html templates found").
			WithHint("a templates directory needs at least " + PageTemplate)}
	}
	sort.Strings(names)
	var diags diag.List
	h := sha256.New()
	h.Write([]byte("url " + base + "\x00")) // the url func's output is part of every page
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			diags = append(diags, templateReadProblem(templatesDir, st.file(name), name, err))
			continue
		}
		h.Write([]byte(name + "\x00" + strconv.Itoa(len(data)) + "\x00"))
		h.Write(data)
		if _, err := st.t.New(name).Parse(string(data)); err != nil {
			diags = append(diags, st.Diag(err))
		}
		for _, m := range literalID.FindAllStringSubmatch(string(data), -1) {
			st.ids = append(st.ids, m[1])
		}
	}
	if diags.Err() != nil {
		return nil, diags
	}
	sort.Strings(st.ids)
	for _, t := range st.t.Templates() {
		if strings.HasPrefix(t.Name(), sitePartPrefix) {
			st.parts = append(st.parts, t.Name())
		}
	}
	sort.Strings(st.parts)
	st.hash = hex.EncodeToString(h.Sum(nil))
	for _, name := range []string{PageTemplate, NotFoundTemplate} {
		if st.t.Lookup(name) == nil {
			return nil, diag.List{diag.Errorf(dir, 0, "template %s is missing", name).
				WithHint("a templates directory needs " + PageTemplate + " and " + NotFoundTemplate + " (start from a copy of the built-in templates/)")}
		}
	}
	return st, nil
}

// file is where the template name is, as diagnostics show it.
func (st *Templates) file(name string) string { return path.Join(st.dir, name) }

// Parts executes every "site-…" template once with data (the site-wide
// template data, no page) and returns their HTML by name; nil when there are
// none. A part that fails to execute is left out: the page template then
// executes it itself and reports the error at its line.
func (st *Templates) Parts(data any) map[string]htmltemplate.HTML {
	if len(st.parts) == 0 {
		return nil
	}
	parts := make(map[string]htmltemplate.HTML, len(st.parts))
	for _, name := range st.parts {
		var b strings.Builder
		if err := st.t.ExecuteTemplate(&b, name, data); err == nil {
			parts[name] = htmltemplate.HTML(b.String())
		}
	}
	return parts
}

// templateErr matches the position text/template puts in its errors:
// "template: page.html:12:5: executing …" or "template: page.html:3: …".
var templateErr = regexp.MustCompile(`^(?:html/)?template: ?([^:]+):(\d+):(?:\d+:)? ?(.*)$`)

// Diag turns a template error into a diagnostic at the template file and
// line. html/template's escaping errors carry them as fields; the text
// package only has them in the message, which is taken apart here, once.
func (st *Templates) Diag(err error) diag.Diagnostic {
	msg := err.Error()
	if m := templateErr.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		return diag.Errorf(st.file(m[1]), line, "template: %s", m[3])
	}
	var he *htmltemplate.Error
	if errors.As(err, &he) && he.Name != "" {
		return diag.Errorf(st.file(he.Name), he.Line, "template: %s", he.Description)
	}
	return diag.Errorf(st.dir, 0, "%s", strings.TrimPrefix(msg, "template: "))
}

// templateReadProblem words why the template name (file in diagnostics)
// could not be read: a symlink leading outside --templates DIR is named so.
func templateReadProblem(templatesDir, file, name string, err error) diag.Diagnostic {
	if templatesDir != "" {
		full := filepath.Join(templatesDir, filepath.FromSlash(name))
		if fi, lerr := os.Lstat(full); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			if _, serr := os.Stat(full); serr == nil {
				target, _ := os.Readlink(full)
				return diag.Errorf(file, 0, "symlink leads outside the templates directory (to %s)", target).
					WithHint("copy what it points to into " + filepath.ToSlash(templatesDir) + ", or point the link inside it")
			}
		}
	}
	return diag.Errorf(file, 0, "cannot read template: %v", err)
}

// IDs are the element ids the templates write literally (id="content"):
// heading slugs avoid them.
func (st *Templates) IDs() []string { return st.ids }

// Hash is a hash of every template's name and source and of the base path:
// part of the key of cached page HTML.
func (st *Templates) Hash() string { return st.hash }

// FS is the templates folder, assets/ included.
func (st *Templates) FS() fs.FS { return st.fsys }

// Execute executes the template name with data into w.
func (st *Templates) Execute(w io.Writer, name string, data any) error {
	return st.t.ExecuteTemplate(w, name, data)
}

// Nav renders the sidebar list (SiteData.NavHTML) with the templates' url
// function.
func (st *Templates) Nav() *nav.Markup { return st.nav }

// Dir is the templates folder as diagnostics show it: "templates" or the
// --templates DIR.
func (st *Templates) Dir() string { return st.dir }
