package sample

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/fence"
)

// Sample is one runnable block of a page with the test metadata from its
// fence attributes and the blocks that belong to it.
type Sample struct {
	File      string            // page file as shown in diagnostics
	ID        string            // sample=ID, or "<page>#<n>"
	Kind      Kind              // Curl, HTTP or GraphQL
	Block     fence.Block       // the sample block itself
	Status    int               // status=N; 0 when not given
	Captures  []Capture         // capture="NAME=path ..."
	Binds     map[string]string // literal → variable name (front matter bind: plus bind=)
	Skip      string            // skip reason; "" runs the sample
	Token     string            // graphql: env var holding the Bearer token
	Variables string            // graphql: variables JSON (attribute or following block); "" for none
	Response  *fence.Block      // the documented response block, nil when none
	Env       EnvMap            // reader-facing variable names → the mock's (docproof.yaml and front matter env:)
	Adjacent  bool              // Response is a plain json block taken by responses: adjacent: compared by shape
	// SiteCaptures are docproof.yaml's capture: paths tried on the answer
	// when the sample passes; a path the answer does not have sets nothing.
	SiteCaptures []Capture
}

// Line is the 1-based line of the sample's opening fence.
func (s *Sample) Line() int { return s.Block.Line }

// Capture binds variable Name to the value at Path in the JSON response.
type Capture struct {
	Name string
	Path string
}

// PageInput is what extraction needs from a page.
type PageInput struct {
	File   string            // e.g. "content/agent/v3/tokens.md"
	Rel    string            // e.g. "agent/v3/tokens.md"; names default sample ids
	Blocks []fence.Block     // every fenced block, in order
	Bind   map[string]string // front matter bind: literal → VAR
	Env    EnvMap            // env: of docproof.yaml with the front matter's over it
	// Adjacent (responses: adjacent in docproof.yaml) makes a plain json
	// block right after a sample its documented response, compared by shape.
	Adjacent bool
	// Capture (docproof.yaml capture:) sets a variable from any answer on
	// the page that has its path, for the samples after it.
	Capture []Capture
}

var (
	varName      = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	sampleOnly   = []string{"sample", "status", "capture", "skip", "variables", "token", "bind"}
	responseOnly = []string{"exact", "shape"}
)

// Extract finds the samples of one page and ties each to its documented
// response and variables blocks. Misplaced blocks and bad attribute values
// are Error diagnostics at the block's line; nothing is skipped silently.
func Extract(p PageInput) ([]*Sample, diag.List) {
	var (
		out   []*Sample
		diags diag.List
		prev  *Sample // the sample the next response/variables block may attach to
		ids   = map[string]int{}
	)
	errAt := func(b fence.Block, format string, args ...any) {
		diags = append(diags, diag.Errorf(p.File, b.Line, format, args...))
	}
	for _, b := range p.Blocks {
		kind := Classify(b)
		switch kind {
		case Response:
			if prev == nil || prev.Response != nil {
				errAt(b, "response block has no sample before it")
				diags[len(diags)-1].Hint = "put it right after the curl, http or graphql block it documents, or drop the response attribute"
				continue
			}
			if b.Lang != "json" && b.Lang != "http" {
				errAt(b, "response block must be json or http, not %q", b.Lang)
				continue
			}
			diags = append(diags, misplaced(p.File, b, sampleOnly, "a response block")...)
			diags = append(diags, misplaced(p.File, b, []string{"example"}, "a response block (it is compared; {example} says a block is not)")...)
			rb := b
			prev.Response = &rb
			continue
		case Variables:
			if prev == nil || prev.Kind != GraphQL || prev.Response != nil || prev.Variables != "" {
				errAt(b, "variables block must follow a graphql sample (before its response)")
				continue
			}
			if err := checkJSONObject(b.Code); err != nil {
				errAt(b, "variables block: %v", err)
				continue
			}
			prev.Variables = b.Code
			continue
		}
		if d, ok := adjacentJSON(p, prev, b); ok {
			if d != nil {
				diags = append(diags, *d)
				prev = nil
				continue
			}
			rb := b
			prev.Response, prev.Adjacent = &rb, true
			continue
		}
		prev = nil
		if !kind.IsSample() {
			diags = append(diags, notASample(p.File, b)...)
			continue
		}
		s, d := newSample(p, b, kind, len(out)+1)
		diags = append(diags, d...)
		if first, dup := ids[s.ID]; dup {
			errAt(b, "sample id %q is already used at line %d", s.ID, first)
		}
		ids[s.ID] = b.Line
		out = append(out, s)
		prev = s
	}
	return out, diags
}

// notASample reports sample attributes on a block that is not a sample, so a
// writer never believes an unverified block is tested.
func notASample(file string, b fence.Block) diag.List {
	d := misplaced(file, b, append(append([]string{}, sampleOnly...), responseOnly...), "a block that is not a sample")
	for i := range d {
		d[i].Hint = "a sample is a bash/sh/shell/console block with a curl command, a graphql block, or an http request block"
	}
	return d
}

func misplaced(file string, b fence.Block, keys []string, what string) diag.List {
	var out diag.List
	for _, k := range keys {
		if b.Attrs.Has(k) {
			out = append(out, diag.Errorf(file, b.Line, "attribute %q is not allowed on %s", k, what))
		}
	}
	return out
}

func newSample(p PageInput, b fence.Block, kind Kind, n int) (*Sample, diag.List) {
	s := &Sample{File: p.File, Kind: kind, Block: b, Token: "BUILDKITE_API_TOKEN", Binds: map[string]string{}, Env: p.Env, SiteCaptures: p.Capture}
	var diags diag.List
	errf := func(format string, args ...any) {
		diags = append(diags, diag.Errorf(p.File, b.Line, format, args...))
	}
	s.ID = strings.TrimSuffix(p.Rel, ".md") + "#" + strconv.Itoa(n)
	if v, ok := b.Attrs.Get("sample"); ok {
		if strings.TrimSpace(v) == "" {
			errf("sample= needs an id")
		} else {
			s.ID = v
		}
	}
	if v, ok := b.Attrs.Get("status"); ok {
		code, err := strconv.Atoi(v)
		if err != nil || code < 100 || code > 599 {
			errf("status=%q is not an HTTP status code (100-599)", v)
		}
		s.Status = code
	}
	if v, ok := b.Attrs.Get("skip"); ok {
		if strings.TrimSpace(v) == "" {
			errf(`skip needs a reason, as in skip="needs a real agent host"`)
			v = "no reason given"
		}
		s.Skip = v
	}
	if v, ok := b.Attrs.Get("capture"); ok {
		caps, err := parseCaptures(v)
		if err != nil {
			errf("capture: %v", err)
		}
		s.Captures = caps
	}
	for lit, name := range p.Bind {
		s.Binds[lit] = name
	}
	if v, ok := b.Attrs.Get("bind"); ok {
		binds, err := parsePairs(v)
		if err != nil {
			errf("bind: %v", err)
		}
		for _, kv := range binds {
			s.Binds[kv[0]] = kv[1]
		}
	}
	for _, name := range sortedValues(s.Binds) {
		if !varName.MatchString(name) {
			errf("bind: %q is not a variable name", name)
		}
	}
	if kind != GraphQL {
		for _, k := range []string{"variables", "token"} {
			if b.Attrs.Has(k) {
				errf("attribute %q is only allowed on graphql samples", k)
			}
		}
	}
	if v, ok := b.Attrs.Get("token"); ok && kind == GraphQL {
		if !varName.MatchString(v) {
			errf("token=%q is not a variable name", v)
		} else {
			s.Token = v
		}
	}
	if v, ok := b.Attrs.Get("variables"); ok && kind == GraphQL {
		if err := checkJSONObject(v); err != nil {
			errf("variables: %v", err)
		} else {
			s.Variables = v
		}
	}
	for _, k := range responseOnly {
		if b.Attrs.Has(k) {
			errf("attribute %q belongs on the response block, not the sample", k)
		}
	}
	if b.Attrs.Has("example") {
		errf(`attribute "example" marks a block that is shown but not compared; a sample always runs: use skip="reason" to keep it from running`)
	}
	return s, diags
}

func parseCaptures(v string) ([]Capture, error) {
	pairs, err := parsePairs(v)
	if err != nil {
		return nil, err
	}
	out := make([]Capture, 0, len(pairs))
	for _, kv := range pairs {
		if !varName.MatchString(kv[0]) {
			return out, fmt.Errorf("%q is not a variable name", kv[0])
		}
		out = append(out, Capture{Name: kv[0], Path: kv[1]})
	}
	return out, nil
}

// parsePairs splits "a=b c=d" into pairs; both sides must be non-empty.
func parsePairs(v string) ([][2]string, error) {
	var out [][2]string
	for _, f := range strings.Fields(v) {
		k, val, ok := strings.Cut(f, "=")
		if !ok || k == "" || val == "" {
			return out, fmt.Errorf("%q is not NAME=VALUE", f)
		}
		out = append(out, [2]string{k, val})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("empty list; write NAME=VALUE pairs separated by spaces")
	}
	return out, nil
}

func checkJSONObject(s string) error {
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return fmt.Errorf("not a JSON object: %v", err)
	}
	return nil
}

func sortedValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}
