package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/goccy/go-yaml"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/gitdate"
	"github.com/docproof/docproof/generator/output"
	"github.com/docproof/docproof/generator/sample"
	"github.com/docproof/docproof/generator/source"
	"github.com/docproof/docproof/generator/theme"
)

// Config says what to build and how. The zero value of each field has a sensible default.
type Config struct {
	ContentDir   string        // Markdown sources; default "content"
	OutDir       string        // published site; default "public"
	TemplatesDir string        // replaces the embedded templates when set
	SiteFile     string        // site config (title, base_url, description); default "docproof.yaml", optional
	Workers      int           // parallelism; 0 means GOMAXPROCS
	NoWrite      bool          // check mode: load, render and verify, but write nothing
	Cache        *Cache        // in-memory cache shared between builds (serve); nil disables it
	CacheDir     string        // on-disk cache between processes (generator/diskcache.go); "" disables it
	Verify       VerifyOptions // how samples run
	AtRoot       bool          // emit site links from "/" even when base_url has a path (docproof serve previews at the root)
	Output       output.Output // where the site goes; nil: a temp dir beside OutDir, renamed over it (generator/output.go)
	// Dates reads each page's last commit date ("Last updated") once per
	// build; nil means gitdate.Log. Tests inject a fixed lookup.
	Dates gitdate.Lookup

	siteFileOptional bool            // SiteFile was defaulted, so a missing file is fine
	siteTried        []string        // the paths looked at for a defaulted SiteFile when none exists (a warning names them)
	basePath         string          // path every emitted site link starts with: "/" or base_url's path ("/docs/"); see nav.SitePath
	reservedIDs      []string        // ids the templates use; heading slugs avoid them
	cacheVersion     string          // tests: the docproof identity for CacheDir; "" means a hash of the executable
	onPage           func(live bool) // tests: called when a page's source and rendering come alive (true) and are dropped
	onDiskStep       func(op string) // tests: called before each change the disk output makes (publish_kill_test.go)
	conv             Conventions     // docproof.yaml's Markdown conventions, resolved (Build sets it)
	dates            gitdate.Dates   // what Dates returned (readDates); nil for none
	datesRead        bool            // Dates ran already for this build (the disk cache hashes its answer first)
	datesDiags       diag.List       // a failure of Dates, a warning of the build
}

// VerifyOptions controls the sample verification stage.
type VerifyOptions struct {
	Skip       bool                  // do not run samples at all (never the default)
	Target     string                // base URL of a running server; "" runs in-process against the embedded mock
	Update     bool                  // rewrite documented responses from actual answers
	Strict     bool                  // fail every status-only sample that is not a negative one (sample.Strict)
	Timeout    time.Duration         // per-sample timeout; 0 means 10s
	Mock       sample.Mock           // the in-process API samples run against (cmd/docproof: internal/mockbackend)
	NewBackend func() sample.Backend // tests: a custom backend per page instead of Mock's, its results never cached
	Env        sample.EnvMap         // env: of docproof.yaml (Build sets it); a page's front matter env: goes over it
	Adjacent   bool                  // responses: adjacent in docproof.yaml (Build sets it)

	// SkipUnmodelled skips the samples whose request the mock does not
	// model; Build sets it from docproof.yaml's "unmodelled: skip".
	SkipUnmodelled bool
	Bind           map[string]string   // bind: of docproof.yaml (Build sets it); a page's front matter bind: goes over it
	Capture        []sample.Capture    // capture: of docproof.yaml (Build sets it)
	Schemas        *sample.SchemaCheck // graphql_schema: of docproof.yaml, parsed (Build sets it); nil: no schema check

	siteKey string // Bind, Capture and the published schema's hash, for cache keys (applyVerify)
}

// ConfigError is bad usage or a bad site config: the CLI exits 2 for it.
type ConfigError struct {
	File string
	Line int
	Msg  string
}

// Error renders "file:line: message".
func (e *ConfigError) Error() string {
	switch {
	case e.File != "" && e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	case e.File != "":
		return e.File + ": " + e.Msg
	}
	return e.Msg
}

// Site is the site-wide configuration read from docproof.yaml.
type Site struct {
	Title       string           `yaml:"title"`
	BaseURL     string           `yaml:"base_url"`
	Description string           `yaml:"description"`
	Env         source.EnvConfig `yaml:"env"`       // reader-facing variable names → the mock's (sample.EnvMap)
	Responses   string           `yaml:"responses"` // "marked" (default): only {response} blocks are compared; "adjacent": a plain json block right after a sample is too, by shape
	// Unmodelled says what a sample whose request the mock does not model
	// does: "fail" (the default) or "skip" (listed once per request).
	Unmodelled string `yaml:"unmodelled"`
	// Bind maps literals shown in samples ("organization-id", URL templates
	// such as {org.slug}) to the variables they stand for, on every page
	// (a page's front matter bind: and a sample's bind= go over it).
	Bind map[string]string `yaml:"bind"`
	// Capture sets a variable from every answer that has one of its JSON
	// paths, for the later samples of the page (VAR: [path, ...]).
	Capture map[string][]string `yaml:"capture"`
	// GraphQLSchema is the API's published GraphQL schema (SDL), relative to
	// this file: every GraphQL sample is validated against it first.
	GraphQLSchema string `yaml:"graphql_schema"`
	// EditURL is where a page's source can be edited, up to the content
	// folder ("https://github.com/org/docs/edit/main/content/"): each page
	// links to it with its path appended ("Edit this page").
	EditURL string `yaml:"edit_url"`
	// LastUpdated false turns off the pages' "Last updated" date (read from
	// git when the content folder is in a repository); on by default.
	LastUpdated *bool `yaml:"last_updated"`

	Conventions `yaml:",inline"` // dialect and Markdown conventions (dialect.go)

	schemaLine int // the line of graphql_schema:, for its errors
}

// siteKeys is the closed set of keys docproof.yaml may use (Site's yaml tags).
const siteKeys = "title, base_url, description, env, responses, unmodelled, bind, capture, graphql_schema, edit_url, last_updated, " + conventionKeys

// Defaults for Config fields left empty.
const (
	DefaultContentDir = "content"
	DefaultOutDir     = "public"
	DefaultSiteFile   = "docproof.yaml"
)

// withDefaults fills the empty fields. A SiteFile left empty means the
// default file, which may be missing; a SiteFile given explicitly must exist.
func (c Config) withDefaults() Config {
	if c.ContentDir == "" {
		c.ContentDir = DefaultContentDir
	}
	if c.OutDir == "" {
		c.OutDir = DefaultOutDir
	}
	if c.SiteFile == "" {
		c.SiteFile, c.siteTried = findSiteFile(c.ContentDir)
		c.siteFileOptional = true
	}
	if c.Workers <= 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	return c
}

// findSiteFile looks for docproof.yaml beside the content folder, then in
// the working folder, and returns the first that exists. When none does, it
// returns the first path and every path it tried.
func findSiteFile(contentDir string) (string, []string) {
	var tried []string
	for _, p := range []string{filepath.Join(filepath.Dir(filepath.Clean(contentDir)), DefaultSiteFile), DefaultSiteFile} {
		if len(tried) > 0 && filepath.Clean(p) == filepath.Clean(tried[0]) {
			continue
		}
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
		tried = append(tried, p)
	}
	return tried[0], tried
}

// siteFileNotice is the warning of `docproof build` when it found no
// docproof.yaml: a site config left behind would silently change nothing.
func siteFileNotice(cfg Config) diag.List {
	if len(cfg.siteTried) == 0 || cfg.NoWrite || cfg.Output != nil { // build only: not check, not serve's rebuilds
		return nil
	}
	return diag.List{diag.Warnf("", 0, "no %s found (looked for %s): building with the default settings", DefaultSiteFile, strings.Join(cfg.siteTried, " and ")).
		WithHint("create " + cfg.siteTried[0] + " beside the content folder, or pass --config FILE")}
}

// loadSiteConfig reads docproof.yaml. Unknown keys, a YAML error or a
// malformed base_url are a *ConfigError with the file's line.
func loadSiteConfig(cfg Config) (Site, error) {
	data, err := os.ReadFile(cfg.SiteFile)
	if errors.Is(err, fs.ErrNotExist) && cfg.siteFileOptional {
		return Site{}, nil
	}
	if err != nil {
		return Site{}, &ConfigError{File: cfg.SiteFile, Msg: fmt.Sprintf("cannot read site config: %v", errors.Unwrap(err))}
	}
	var site Site
	if len(bytes.TrimSpace(data)) > 0 {
		if err := yaml.UnmarshalWithOptions(data, &site, yaml.DisallowUnknownField()); err != nil {
			line, msg := source.YAMLErrorPos(err)
			var unknown *yaml.UnknownFieldError
			if errors.As(err, &unknown) {
				if l, m, ok := source.UnknownKey(data, strings.Split(siteKeys, ", ")); ok {
					line, msg = l, m
				}
			}
			if line == 0 && strings.HasPrefix(msg, "env: ") {
				line = source.KeyLine(data, "env") // source.EnvConfig's own error carries no position
			}
			return Site{}, &ConfigError{File: cfg.SiteFile, Line: line, Msg: msg}
		}
	}
	if key, msg := site.Conventions.check(); key != "" {
		return Site{}, &ConfigError{File: cfg.SiteFile, Line: source.KeyLine(data, key), Msg: msg}
	}
	if d, ok := sample.DialectNamed(site.Dialect); ok { // the dialect's sample defaults, under the site's own keys
		site = site.withSampleDialect(d, cfg)
	}
	site.Conventions, site.Responses = site.Conventions.resolved(site.Responses)
	switch site.Responses {
	case "", "marked", "adjacent":
	default:
		return Site{}, &ConfigError{File: cfg.SiteFile, Line: source.KeyLine(data, "responses"), Msg: fmt.Sprintf("responses: %q is not a mode: use marked (only json {response} blocks are compared) or adjacent (a plain json block right after a sample is its response, compared by shape)", site.Responses)}
	}
	switch site.Unmodelled {
	case "", "fail", "skip":
	default:
		return Site{}, &ConfigError{File: cfg.SiteFile, Line: source.KeyLine(data, "unmodelled"),
			Msg: fmt.Sprintf("unmodelled: %q is not fail or skip", site.Unmodelled)}
	}
	if key, msg := site.checkSampleKeys(); msg != "" {
		return Site{}, &ConfigError{File: cfg.SiteFile, Line: source.KeyLine(data, key), Msg: msg}
	}
	site.schemaLine = source.KeyLine(data, "graphql_schema")
	if site.EditURL != "" {
		u, err := url.Parse(site.EditURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return Site{}, &ConfigError{File: cfg.SiteFile, Line: source.KeyLine(data, "edit_url"),
				Msg: fmt.Sprintf("edit_url %q is not an absolute http(s) URL: write the URL that edits the content folder, such as https://github.com/org/docs/edit/main/content/", site.EditURL)}
		}
		if !strings.HasSuffix(site.EditURL, "/") {
			site.EditURL += "/"
		}
	}
	if site.BaseURL != "" {
		u, err := url.Parse(site.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return Site{}, &ConfigError{File: cfg.SiteFile, Msg: fmt.Sprintf("base_url %q is not an absolute http(s) URL", site.BaseURL)}
		}
		if !strings.HasSuffix(site.BaseURL, "/") {
			site.BaseURL += "/"
		}
	}
	return site, nil
}

// basePath is the path part of base_url, with a trailing slash: "/docs/"
// for https://example.com/docs/, "/" when base_url is unset or has no path.
func (s Site) basePath() string {
	if s.BaseURL == "" {
		return "/"
	}
	u, err := url.Parse(s.BaseURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	p := u.EscapedPath()
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// checkPaths refuses a missing content directory, and an output directory
// that publishing could destroy something in (checkOutDir): publish replaces
// OutDir whole.
func (c Config) checkPaths() error {
	out, err := filepath.Abs(c.OutDir)
	if err != nil {
		return &ConfigError{Msg: fmt.Sprintf("bad --out %q: %v", c.OutDir, err)}
	}
	if fi, err := os.Stat(c.ContentDir); err != nil || !fi.IsDir() {
		msg := fmt.Sprintf("content directory %q does not exist (create it, or pass --content DIR)", c.ContentDir)
		if err == nil {
			msg = fmt.Sprintf("content path %q is a file, not a directory (pass --content DIR with the folder of Markdown pages)", c.ContentDir)
		}
		return &ConfigError{Msg: msg}
	}
	if c.Output != nil || c.NoWrite { // no folder is published (docproof serve, check): OutDir is unused
		return nil
	}
	cwd, err := os.Getwd()
	if err != nil {
		return &ConfigError{Msg: fmt.Sprintf("cannot read the working directory: %v", err)}
	}
	protect := []output.Protected{{Path: cwd, What: "the working directory", Shown: cwd}}
	if h := output.HomeDir(); h != "" {
		protect = append(protect, output.Protected{Path: h, What: "the home folder", Shown: h})
	}
	for _, d := range []output.Protected{{Path: c.ContentDir, Shown: c.ContentDir, What: "the content directory", NoInside: true},
		{Path: c.TemplatesDir, Shown: c.TemplatesDir, What: "the templates directory", NoInside: true}} {
		if d.Path == "" {
			continue
		}
		if abs, err := filepath.Abs(d.Path); err == nil {
			d.Path = abs
			protect = append(protect, d)
		}
	}
	if err := output.CheckOutDir(c.OutDir, out, protect); err != nil {
		return &ConfigError{Msg: err.Error()}
	}
	return nil
}

// baseURLNotice warns when a site config exists but sets no base_url: the
// site then has no sitemap.xml (its locations must be absolute URLs) and its
// pages no canonical or og:url. Without a site config (the defaults), and in
// docproof serve's preview, nothing is said.
func baseURLNotice(cfg Config, site Site) diag.List {
	if site.BaseURL != "" || cfg.AtRoot {
		return nil
	}
	if _, err := os.Stat(cfg.SiteFile); err != nil {
		return nil
	}
	return diag.List{diag.Warnf(cfg.SiteFile, 0, "base_url is not set: sitemap.xml is not written and pages get no canonical or og:url").
		WithHint("set base_url to the address the site is published at, such as https://docs.example.com/docs/")}
}

// prepare completes cfg for a build: defaults, the --out checks, the site
// config (docproof.yaml) and the templates, whose literal ids heading slugs
// avoid. Bad configuration is an error (*ConfigError); the diagnostics are
// template problems and notices about the site config.
func prepare(cfg Config) (Config, Site, *theme.Templates, diag.List, error) {
	cfg = cfg.withDefaults()
	if err := cfg.checkPaths(); err != nil {
		return cfg, Site{}, nil, nil, err
	}
	site, err := loadSiteConfig(cfg)
	if err != nil {
		return cfg, Site{}, nil, nil, err
	}
	if err := site.applyVerify(&cfg); err != nil { // env:, responses:, unmodelled:, bind:, capture:, graphql_schema:
		return cfg, Site{}, nil, nil, err
	}
	cfg.conv = site.Conventions
	cfg.basePath = "/"
	if !cfg.AtRoot {
		cfg.basePath = site.basePath()
	}
	tmpl, diags := theme.Load(cfg.TemplatesDir, cfg.basePath)
	diags = append(diags, baseURLNotice(cfg, site)...)
	diags = append(diags, siteFileNotice(cfg)...)
	if tmpl != nil {
		cfg.reservedIDs = tmpl.IDs()
	}
	return cfg, site, tmpl, diags, nil
}
