package sample

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// URL templates are the placeholders API references write in a request's
// URL instead of a value: {org.slug}, {cluster.id}, {token.id}. A template
// is bound like a quoted literal, by bind: (literal "{org.slug}", in
// docproof.yaml, the front matter or the sample's bind= attribute). Before
// a curl or http sample is parsed, each template in a URL word of its code
// is replaced by a marker (a plain path segment, so curl's { } globbing
// never sees it); after parsing, the markers become the bound values, and
// Call.Route keeps the documented path with its templates, which names an
// unmodelled request once for every page that shows it.

// templateRef is a URL template: {name} or {a.b}, a name of letters,
// digits, _ and dots.
var templateRef = regexp.MustCompile(`\{[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*\}`)

// templateMarker is the text a template stands as while a sample parses;
// its index into the template list follows.
const templateMarker = "docproof-template-"

// segmentValue is what a bound template's value may hold: it is put into a
// URL path and a shell word as it is.
var segmentValue = regexp.MustCompile(`^[A-Za-z0-9._~-]+$`)

// urlTemplate is one URL template of a sample: its text ("{id}") and the
// path segment before it ("tokens"), which a bind may name to tell apart
// templates that read alike: bind "tokens/{id}" before bind "{id}".
type urlTemplate struct {
	Name, Segment string
}

// bindKeys are the bind literals that may give t its value, first first.
func (t urlTemplate) bindKeys() []string {
	if t.Segment == "" {
		return []string{t.Name}
	}
	return []string{t.Segment + "/" + t.Name, t.Name}
}

// markTemplates returns code with every URL template replaced by a marker,
// and the templates in marker order. Only templates inside a URL word (one
// holding "://" or starting with "/") count, never ${VAR} or braces in a
// JSON body.
func markTemplates(code string) (string, []urlTemplate) {
	if !strings.Contains(code, "{") {
		return code, nil
	}
	var names []urlTemplate
	var b strings.Builder
	last := 0
	for _, m := range templateRef.FindAllStringIndex(code, -1) {
		if m[0] > 0 && code[m[0]-1] == '$' || !inURLWord(code, m[0], m[1]) {
			continue
		}
		b.WriteString(code[last:m[0]])
		b.WriteString(templateMarker + strconv.Itoa(len(names)) + "x")
		seg := ""
		if before := code[:m[0]]; strings.HasSuffix(before, "/") {
			before = before[:len(before)-1]
			seg = before[strings.LastIndexAny(before, "/ \t\n'\"")+1:]
		}
		names = append(names, urlTemplate{Name: code[m[0]:m[1]], Segment: seg})
		last = m[1]
	}
	if names == nil {
		return code, nil
	}
	b.WriteString(code[last:])
	return b.String(), names
}

// inURLWord reports whether code[start:end] is part of a word (a run
// without blanks and quotes) that holds "://" or starts with "/".
func inURLWord(code string, start, end int) bool {
	const stops = " \t\n'\""
	from := strings.LastIndexAny(code[:start], stops) + 1
	to := len(code)
	if i := strings.IndexAny(code[end:], stops); i >= 0 {
		to = end + i
	}
	word := code[from:to]
	return strings.Contains(word, "://") || strings.HasPrefix(word, "/")
}

// templateValues resolves the sample's templates: the value of the
// variable each is bound to. An unbound template, or one whose variable is
// unset, is a *lineError naming it in Unset ("{pipeline.slug}", or the
// variable) so the unmodelled probe runs first. lenient leaves such
// templates as their markers (a plain path segment the mock can route).
func (s *Sample) templateValues(names []urlTemplate, env map[string]string, lenient bool) ([]string, error) {
	vals := make([]string, len(names))
	for i, name := range names {
		v, err := s.templateValue(name, env)
		if err != nil {
			if lenient {
				vals[i] = templateMarker + strconv.Itoa(i) + "x"
				continue
			}
			return nil, err
		}
		vals[i] = v
	}
	return vals, nil
}

func (s *Sample) templateValue(t urlTemplate, env map[string]string) (string, error) {
	var name, varName string
	for _, k := range t.bindKeys() {
		if v, ok := s.Binds[k]; ok {
			name, varName = k, v
			break
		}
	}
	if varName == "" {
		return "", &lineError{Line: s.Line(), Msg: fmt.Sprintf("URL template %s is not bound to a value", t.Name), Unset: t.bindKeys()[0]}
	}
	v, ok := env[varName]
	if !ok {
		return "", &lineError{Line: s.Line(), Msg: fmt.Sprintf("bind %q=%s: $%s is not set", name, varName, varName), Unset: varName}
	}
	if !segmentValue.MatchString(v) {
		return "", &lineError{Line: s.Line(), Msg: fmt.Sprintf("bind %q=%s: the value of $%s is not a URL path segment (letters, digits, . _ ~ -)", name, varName, varName)}
	}
	return v, nil
}

// fillTemplates puts the values in place of the markers of calls (URL,
// body, headers) and records each call's Route: its method's path as
// documented, templates included.
func fillTemplates(calls []Call, names []urlTemplate, vals []string) {
	if len(names) == 0 {
		return
	}
	pairs := make([]string, 0, 4*len(names))
	route := make([]string, 0, 2*len(names))
	for i := len(names) - 1; i >= 0; i-- { // marker 12 before marker 1
		m := templateMarker + strconv.Itoa(i) + "x"
		pairs = append(pairs, m, vals[i])
		route = append(route, m, names[i].Name)
	}
	fill, doc := strings.NewReplacer(pairs...), strings.NewReplacer(route...)
	for i := range calls {
		c := &calls[i]
		if u, err := url.Parse(c.URL); err == nil && strings.Contains(u.Path, templateMarker) {
			c.Route = doc.Replace(u.Path)
		}
		c.URL = fill.Replace(c.URL)
		if len(c.Body) > 0 {
			c.Body = []byte(fill.Replace(string(c.Body)))
		}
		for k, vs := range c.Header {
			for j, v := range vs {
				c.Header[k][j] = fill.Replace(v)
			}
		}
	}
}

// templateHint says how to bind a template that has no value.
func templateHint(name string) string {
	return fmt.Sprintf(`bind it to a variable the mock sets: bind="%s=NAME" on the sample, or bind: {"%s": NAME} in the front matter or docproof.yaml`, name, name)
}

// isTemplate reports whether a bind's literal is a URL template: "{id}",
// or one with the path segment before it, "tokens/{id}".
func isTemplate(lit string) bool {
	_, t, _ := strings.Cut(lit, "/")
	if t == "" {
		t = lit
	}
	return strings.HasPrefix(t, "{") && templateRef.FindString(t) == t
}
