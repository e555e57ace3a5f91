package generator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/docproof/docproof/generator/sample"
)

// applyVerify sets what docproof.yaml says about samples on cfg.Verify:
// env:, responses:, unmodelled:, bind:, capture: and graphql_schema: (the
// published schema is read and parsed here, once per build; a missing or
// broken file is a *ConfigError).
func (s Site) applyVerify(cfg *Config) error {
	v := &cfg.Verify
	v.Env, v.Adjacent = s.Env.EnvMap, s.Responses == "adjacent"
	v.SkipUnmodelled = v.SkipUnmodelled || s.Unmodelled == "skip"
	v.Bind = s.Bind
	v.Capture = nil
	for _, name := range slices.Sorted(maps.Keys(s.Capture)) {
		for _, path := range s.Capture[name] {
			v.Capture = append(v.Capture, sample.Capture{Name: name, Path: path})
		}
	}
	if s.GraphQLSchema != "" && !v.Skip {
		sc, err := loadSchemas(cfg.SiteFile, s.GraphQLSchema, v.Mock)
		if err != nil {
			return &ConfigError{File: cfg.SiteFile, Line: s.schemaLine, Msg: err.Error()}
		}
		v.Schemas = sc
	}
	v.siteKey = ""
	if len(v.Bind) == 0 && len(v.Capture) == 0 && v.Schemas == nil {
		return nil // the cache keys of sites without these keys stay as they were
	}
	key, _ := json.Marshal(struct { // what the site adds to every page's run, for its cache keys
		Bind      map[string]string
		Capture   []sample.Capture
		Published string
	}{v.Bind, v.Capture, schemaHash(v.Schemas)})
	v.siteKey = string(key)
	return nil
}

// loadSchemas parses the published schema at path (relative to the site
// file's folder) and the mock's own schema.
func loadSchemas(siteFile, path string, mock sample.Mock) (*sample.SchemaCheck, error) {
	shown := path
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(siteFile), path)
	}
	sdl, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("graphql_schema: %s does not exist (the path is relative to this file's folder)", path)
	}
	if err != nil {
		return nil, fmt.Errorf("graphql_schema: %v", err)
	}
	published, err := sample.ParseSchema(shown, sdl)
	if err != nil {
		return nil, fmt.Errorf("graphql_schema: %v", err)
	}
	if mock == nil {
		return nil, errors.New("graphql_schema: the build has no mock whose schema the published one is compared with")
	}
	modelled, err := sample.ParseSchema("the mock's schema", []byte(mock.GraphQLSchema()))
	if err != nil {
		return nil, err
	}
	return &sample.SchemaCheck{Published: published, Modelled: modelled}, nil
}

func schemaHash(sc *sample.SchemaCheck) string {
	if sc == nil || sc.Published == nil {
		return ""
	}
	return sc.Published.Hash
}

// checkSampleKeys checks bind: and capture: of docproof.yaml: variable
// names, and JSON paths without empty segments.
func (s Site) checkSampleKeys() (key, msg string) {
	for _, lit := range slices.Sorted(maps.Keys(s.Bind)) {
		if name := s.Bind[lit]; !validVarName(name) {
			return "bind", fmt.Sprintf("bind: %q: %q is not a variable name", lit, name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(s.Capture)) {
		if !validVarName(name) {
			return "capture", fmt.Sprintf("capture: %q is not a variable name", name)
		}
		for _, p := range s.Capture[name] {
			if p == "" || slices.Contains(strings.Split(p, "."), "") {
				return "capture", fmt.Sprintf("capture: %s: %q is not a JSON path such as data.organization.id", name, p)
			}
		}
	}
	return "", ""
}

func validVarName(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for _, r := range s {
		if r != '_' && (r < 'A' || r > 'Z') && (r < 'a' || r > 'z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// withSampleDialect returns s with d's sample settings wherever s leaves
// them unset: env: and bind: entries the site does not name, captures of
// variables it does not capture, responses:, unmodelled:, and the
// published schema when the file is where the dialect keeps it. The
// `dialect:` key of docproof.yaml applies it (sample.Buildkite for
// `dialect: buildkite`).
func (s Site) withSampleDialect(d sample.Dialect, cfg Config) Site {
	s.Env.EnvMap = d.Env.Over(s.Env.EnvMap)
	if len(d.Bind) > 0 {
		bind := maps.Clone(d.Bind)
		maps.Copy(bind, s.Bind)
		s.Bind = bind
	}
	if len(d.Capture) > 0 {
		capture := map[string][]string{}
		for _, c := range d.Capture {
			if _, own := s.Capture[c.Name]; !own {
				capture[c.Name] = append(capture[c.Name], c.Path)
			}
		}
		maps.Copy(capture, s.Capture)
		s.Capture = capture
	}
	if s.Responses == "" {
		s.Responses = d.Responses
	}
	if s.Unmodelled == "" {
		s.Unmodelled = d.Unmodelled
	}
	if s.GraphQLSchema == "" && d.GraphQLSchema != "" {
		p := filepath.Join(filepath.Dir(filepath.Clean(cfg.ContentDir)), filepath.FromSlash(d.GraphQLSchema))
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			if rel, err := filepath.Rel(filepath.Dir(cfg.SiteFile), p); err == nil {
				p = rel
			}
			s.GraphQLSchema = p
		}
	}
	return s
}
