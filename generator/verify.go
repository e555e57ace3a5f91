package generator

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/sample"
)

// backends returns the maker of one build's per-page backends: the custom
// NewBackend, else the Mock's; nil when neither is set.
func (o VerifyOptions) backends() func() sample.Backend {
	switch {
	case o.NewBackend != nil:
		return o.NewBackend
	case o.Mock != nil:
		return o.Mock.Backends()
	}
	return nil
}

// pageRun is one page's verification outcome, cacheable by page content.
type pageRun struct {
	res   sample.PageResult
	diags diag.List
}

// verifyPage extracts and runs one page's samples, using cfg.Cache when the
// run depends only on the page's content (default backend, in-process, no --update).
func verifyPage(ctx context.Context, cfg Config, p *markdown.Page, newBackend func() sample.Backend, remote *sample.Remote, opts sample.Options) (run pageRun) {
	defer func() {
		if v := recover(); v != nil {
			run = pageRun{diags: diag.List{diag.Errorf(p.File, 0, "internal error while verifying this page's samples: %v", v).
				WithHint("please report it with this page")}}
		}
	}()
	if err := ctx.Err(); err != nil {
		return pageRun{diags: diag.List{diag.Errorf(p.File, 0, "samples not verified: %v", err)}}
	}
	// A warm rebuild (serve) gets the very same *markdown.Page for an unchanged file
	// from the render cache: its run is answered without re-extracting the
	// samples or hashing the page.
	c := cfg.Cache.orNone()
	memo := c.runMemo != nil && cfg.Verify.NewBackend == nil && remote == nil && !opts.Update && !cfg.Verify.Skip
	if memo {
		if m, ok := c.runMemo.Load(p.File); ok {
			if m.page == p && m.timeout == opts.Timeout && m.adjacent == cfg.Verify.Adjacent && reflect.DeepEqual(m.env, cfg.Verify.Env) && m.skipUnmodelled == opts.SkipUnmodelled && m.site == cfg.Verify.siteKey {
				return m.run
			}
		}
	}
	remember := func(r pageRun) pageRun {
		if memo && ctx.Err() == nil {
			c.runMemo.Store(p.File, verifyMemo{page: p, timeout: opts.Timeout, env: cfg.Verify.Env, adjacent: cfg.Verify.Adjacent, skipUnmodelled: opts.SkipUnmodelled, site: cfg.Verify.siteKey, run: r})
		}
		return r
	}
	in := p.SampleInput(cfg.Verify.Env.Over(p.Front.Env.EnvMap), cfg.Verify.Adjacent)
	in.Bind, in.Capture = siteOver(cfg.Verify.Bind, p.Front.Bind), cfg.Verify.Capture
	samples, d := sample.Extract(in)
	run = pageRun{diags: d}
	if len(samples) == 0 {
		return run
	}
	if cfg.Verify.Skip {
		for _, s := range samples {
			run.res.Results = append(run.res.Results, sample.Result{File: s.File, Line: s.Line(), ID: s.ID, Kind: s.Kind,
				Outcome: "skip", SkipReason: "sample verification is turned off"})
		}
		return run
	}
	if d.Err() != nil || p.BrokenBlocks {
		// Broken metadata (here, or a code block the render stage reported):
		// run nothing on this page rather than guess what it meant; its
		// samples count as failed.
		for _, s := range samples {
			run.res.Results = append(run.res.Results, sample.Result{File: s.File, Line: s.Line(), ID: s.ID, Kind: s.Kind,
				Outcome: "fail", Message: "not run: this page's front matter or sample attributes have errors", Compared: sample.CompareOf(s.Response)})
		}
		return run
	}
	if remote == nil && newBackend == nil {
		for _, s := range samples {
			run.res.Results = append(run.res.Results, sample.Result{File: s.File, Line: s.Line(), ID: s.ID, Kind: s.Kind,
				Outcome: "fail", Message: "not run: the build has no mock to run samples against", Compared: sample.CompareOf(s.Response)})
		}
		run.diags = append(run.diags, diag.Errorf(p.File, 0, "samples not run: the build has no mock to run them against").
			WithHint("set Config.Verify.Mock (docproof passes its embedded mock, internal/mockbackend)"))
		return run
	}
	cacheable := c.runs != nil && cfg.Verify.NewBackend == nil && remote == nil && !opts.Update
	key := ""
	if cacheable {
		key = verifyKey(p, opts, cfg.Verify)
		if r, ok := c.runs.Load(key); ok {
			return remember(r)
		}
	}
	if remote != nil {
		run.res = remote.RunPage(ctx, samples, opts)
	} else {
		run.res = sample.RunPage(ctx, samples, newBackend(), opts)
	}
	run.diags = append(run.diags, run.res.Diags...)
	if cacheable && ctx.Err() == nil {
		c.runs.Store(key, run)
		remember(run)
	}
	return run
}

// strictRun applies cfg.Verify.Strict to a page's run (a copy: runs are cached).
func strictRun(cfg Config, run pageRun) pageRun {
	if !cfg.Verify.Strict {
		return run
	}
	results, d := sample.Strict(run.res.Results)
	if len(d) == 0 {
		return run
	}
	run.res.Results = results
	run.diags = append(slices.Clip(run.diags), d...)
	return run
}

// verifyMemo is the last run of the page at a file, by *markdown.Page identity.
type verifyMemo struct {
	page           *markdown.Page
	timeout        time.Duration
	env            sample.EnvMap // docproof.yaml's env:
	adjacent       bool          // responses: adjacent
	skipUnmodelled bool
	site           string // VerifyOptions.siteKey
	run            pageRun
}

// runOptions are the options each page's samples run with.
func (o VerifyOptions) runOptions() sample.Options {
	return sample.Options{Timeout: o.Timeout, Update: o.Update, SkipUnmodelled: o.SkipUnmodelled, Schemas: o.Schemas}
}

// siteOver is the site's binds with the page's over them.
func siteOver(site, page map[string]string) map[string]string {
	if len(site) == 0 {
		return page
	}
	out := maps.Clone(site)
	maps.Copy(out, page)
	return out
}

func verifyKey(p *markdown.Page, opts sample.Options, site VerifyOptions) string {
	h := sha256.New()
	bind, _ := json.Marshal(p.Front.Bind) // map keys are sorted by encoding/json
	env, _ := json.Marshal(struct {       // docproof.yaml's env:, responses: and unmodelled: (the page's own env: is in p.Data)
		Env            sample.EnvMap
		Adjacent       bool
		SkipUnmodelled bool
		Site           string `json:",omitempty"` // bind:, capture:, graphql_schema: (keys of sites without them stay as they were)
	}{site.Env, site.Adjacent, site.SkipUnmodelled, site.siteKey})
	for _, part := range [][]byte{[]byte(p.File), []byte(p.Rel), p.Data, bind, env, []byte(opts.Timeout.String())} {
		h.Write(part)
		h.Write([]byte{0})
	}
	if opts.SkipUnmodelled { // keys of the default options stay as they were
		h.Write([]byte("unmodelled: skip\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// sortReport puts a build's sample results and updates in file and line
// order, whatever order the pages finished in: the one order every report
// (terminal, JUnit, JSON) shows.
func sortReport(rep *sample.Report) {
	byPosition := func(af string, al int, bf string, bl int) int {
		if c := strings.Compare(af, bf); c != 0 {
			return c
		}
		return cmp.Compare(al, bl)
	}
	slices.SortStableFunc(rep.Results, func(a, b sample.Result) int { return byPosition(a.File, a.Line, b.File, b.Line) })
	slices.SortStableFunc(rep.Updates, func(a, b sample.Update) int { return byPosition(a.File, a.Line, b.File, b.Line) })
}
