package generator

import (
	"context"
	"errors"
	"github.com/docproof/docproof/internal/mockbackend"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/fence"
	"github.com/docproof/docproof/generator/internal/pool"
	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/sample"
	"github.com/docproof/docproof/generator/source"
	"github.com/docproof/docproof/mockapi"
)

const verifyTree = "testdata/verify/content"

// checkTree runs the pipeline in check mode (NoWrite) on dir against a mock
// with the given drifts, and returns the result and the error diagnostics.
func checkTree(t *testing.T, dir string, drift ...mockapi.Drift) (*Result, diag.List) {
	t.Helper()
	cfg := Config{
		ContentDir: dir,
		OutDir:     filepath.Join(t.TempDir(), "public"),
		NoWrite:    true,
		Verify: VerifyOptions{NewBackend: func() sample.Backend {
			return mockapi.New(mockapi.WithSeed(1), mockapi.WithClock(mockbackend.Epoch), mockapi.WithDrift(drift...))
		}},
	}
	res, err := Build(context.Background(), cfg)
	if err == nil {
		return res, nil
	}
	var list diag.List
	require.True(t, errors.As(err, &list), "want a diag.List, got %v", err)
	return res, list
}

// firstFailure returns the first error diagnostic about file.
func firstFailure(t *testing.T, list diag.List, file string) diag.Diagnostic {
	t.Helper()
	for _, d := range list {
		if d.File == file {
			return d
		}
	}
	require.Failf(t, "no failure", "no diagnostic for %s in:\n%v", file, list)
	return diag.Diagnostic{}
}

func TestVerifyTreePassesAgainstTheMock(t *testing.T) {
	res, list := checkTree(t, verifyTree)
	require.Empty(t, list, "%v", list)
	sum := sample.Summarize(res.Samples)
	assert.Equal(t, 14, sum.Verified)
	assert.Zero(t, sum.Failed)
	assert.Zero(t, sum.Skipped)
}

// TestDriftIsCaught changes the mock's behaviour and checks that the build
// fails naming the sample that documents the old behaviour.
func TestDriftIsCaught(t *testing.T) {
	tests := []struct {
		drift    mockapi.Drift
		page     string
		sampleID string
		line     int
		message  string
	}{
		{mockapi.DriftRegistrationTokenMetaData, "meta-data.md", "registration-token-meta-data", 9, "expected status 401"},
		{mockapi.DriftChunkOverwrite, "chunks.md", "chunks-log", 53, "$.log"},
		{mockapi.DriftRevokedTokenRegisters, "revoke.md", "revoked-register", 47, "expected status 401"},
		{mockapi.DriftRegisterFieldRename, "register.md", "register", 9, "$.access_token"},
		{mockapi.DriftRegisterStatus, "register.md", "register", 9, "expected status 200, got 201"},
	}
	for _, tt := range tests {
		t.Run(string(tt.drift), func(t *testing.T) {
			_, list := checkTree(t, verifyTree, tt.drift)
			require.NotEmpty(t, list, "drift %s went unnoticed", tt.drift)
			d := firstFailure(t, list, filepath.Join(verifyTree, tt.page))
			assert.Equal(t, tt.sampleID, d.SampleID)
			assert.Equal(t, tt.line, d.Line)
			assert.Contains(t, d.Message+d.Diff, tt.message)
			assert.NotEmpty(t, d.Diff, "a drift failure shows expected vs actual")
		})
	}
}

// TestDocChangesAreCaught edits the docs instead of the mock: a wrong
// expected value, a wrong status and a header the API does not send must fail.
func TestDocChangesAreCaught(t *testing.T) {
	tests := []struct {
		name, page, old, new, sampleID, message string
	}{
		{"wrong expected value", "register.md", `"name": "drift-1",` + "\n  \"access", `"name": "drift-2",` + "\n  \"access", "register", `$.name`},
		{"wrong status", "meta-data.md", "status=401", "status=403", "registration-token-meta-data", "expected status 403, got 401"},
		{"wrong status line", "register.md", "HTTP/1.1 200 OK", "HTTP/1.1 202 Accepted", "register", "expected status 202, got 200"},
		{"missing header", "register.md", "Content-Type: application/json\n\n{", "Content-Type: application/json\nX-Buildkite-Drift: yes\n\n{", "register", "header X-Buildkite-Drift is missing"},
		{"wrong log text", "chunks.md", `{"log": "Running tests\n"}`, `{"log": "All passed!!!\n"}`, "chunks-log", "$.log"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyTree(t, verifyTree)
			path := filepath.Join(dir, tt.page)
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			require.Contains(t, string(data), tt.old)
			require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(data), tt.old, tt.new, 1)), 0o644))
			_, list := checkTree(t, dir)
			require.NotEmpty(t, list)
			d := firstFailure(t, list, path)
			assert.Equal(t, tt.sampleID, d.SampleID)
			assert.Contains(t, d.Message+"\n"+d.Diff, tt.message)
		})
	}
}

func TestVerifyReportsAllFailuresTogether(t *testing.T) {
	_, list := checkTree(t, verifyTree, mockapi.DriftRegisterStatus, mockapi.DriftRevokedTokenRegisters, mockapi.DriftRegistrationTokenMetaData)
	files := map[string]bool{}
	for _, d := range list {
		files[filepath.Base(d.File)] = true
	}
	assert.Equal(t, map[string]bool{"register.md": true, "revoke.md": true, "meta-data.md": true}, files)
}

func TestVerifyNoTokenInDiagnostics(t *testing.T) {
	// A documented literal where the answer holds a token: the diff must show
	// the mismatch without the token value.
	dir := copyTree(t, verifyTree)
	path := filepath.Join(dir, "register.md")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(data), `"<token:access-token>"`, `"not-the-token"`, 1)), 0o644))
	_, list := checkTree(t, dir)
	require.NotEmpty(t, list)
	d := firstFailure(t, list, path)
	assert.Contains(t, d.Diff, "$.access_token")
	text := list.Error()
	m := mockapi.New(mockapi.WithSeed(1), mockapi.WithClock(mockbackend.Epoch))
	for _, v := range m.Env() {
		if strings.HasPrefix(v, "bk") {
			assert.NotContains(t, text, v)
		}
	}
	assert.NotRegexp(t, `bka[art]_[A-Za-z0-9]{20}`, text, "no token-shaped value in the output")
}

// TestVerifyTimeoutFailsTheSampleNotTheBuild: a mock that never answers fails
// its sample after the timeout (and the rest of that page is not run), while
// the build finishes.
func TestVerifyTimeoutFailsTheSampleNotTheBuild(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "hang.md"), []byte("# Hang\n\n```bash {sample=hang}\ncurl https://agent.buildkite.com/v3/hang\n```\n\n```bash {sample=after}\ncurl https://agent.buildkite.com/v3/ok\n```\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "ok.md"), []byte("# OK\n\n```bash {sample=other-page}\ncurl https://agent.buildkite.com/v3/ok\n```\n"), 0o644))
	release := make(chan struct{})
	defer close(release)
	cfg := Config{ContentDir: dir, NoWrite: true, Verify: VerifyOptions{
		Timeout: 50 * time.Millisecond,
		NewBackend: func() sample.Backend {
			return hangBackend{Backend: mockbackend.New(), release: release}
		},
	}}
	res, err := Build(context.Background(), cfg)
	var list diag.List
	require.True(t, errors.As(err, &list), "%v", err)
	require.Len(t, list, 2)
	assert.Equal(t, "hang", list[0].SampleID)
	assert.Contains(t, list[0].Message, "no answer to GET /v3/hang")
	assert.Equal(t, "after", list[1].SampleID)
	assert.Contains(t, list[1].Message, "not run")
	require.Len(t, res.Samples, 3)
	assert.Equal(t, "other-page", res.Samples[2].ID)
	assert.Equal(t, "pass", res.Samples[2].Outcome, "other pages are not held up")
}

// hangBackend never answers /v3/hang until released, and answers /v3/ok with {}.
type hangBackend struct {
	sample.Backend
	release chan struct{}
}

func (h hangBackend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/v3/hang":
		<-h.release
	case "/v3/ok":
		_, _ = w.Write([]byte("{}"))
	default:
		h.Backend.ServeHTTP(w, r)
	}
}

func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	require.NoError(t, err)
	return dst
}

// TestUpdateRewritesResponses runs check --update against a drifted mock: the
// register response block is rewritten in place (placeholders kept, the token
// value never written), the run reports it, and the next run passes.
func TestUpdateRewritesResponses(t *testing.T) {
	dir := copyTree(t, verifyTree)
	run := func(update bool) (*Result, error) {
		cfg := Config{ContentDir: dir, NoWrite: true, Verify: VerifyOptions{Update: update, NewBackend: func() sample.Backend {
			return mockapi.New(mockapi.WithSeed(1), mockapi.WithClock(mockbackend.Epoch), mockapi.WithDrift(mockapi.DriftRegisterStatus))
		}}}
		return Build(context.Background(), cfg)
	}
	_, err := run(false)
	require.Error(t, err, "the drift fails a plain check")

	res, err := run(true)
	require.NoError(t, err)
	var updated []string
	for _, s := range res.Samples {
		if s.Updated {
			updated = append(updated, s.ID)
		}
	}
	assert.Equal(t, []string{"register"}, updated)
	require.Len(t, res.Warnings, 1)
	assert.Equal(t, "response block rewritten from the mock's answer (--update): changed the status line", res.Warnings[0].Message, "it says what it changed")

	data, err := os.ReadFile(filepath.Join(dir, "register.md"))
	require.NoError(t, err)
	assert.Contains(t, string(data), "```http {response}\nHTTP/1.1 201 Created\nContent-Type: application/json\n\n{\n  \"id\": \"<uuid:agent-id>\",\n  \"name\": \"drift-1\",\n  \"access_token\": \"<token:access-token>\"\n}\n```")
	assert.NotRegexp(t, `bkaa_[A-Za-z0-9]{20}`, string(data))

	_, err = run(false)
	require.NoError(t, err, "after --update the docs match the changed behaviour")
}

func TestVerifyPlacementErrors(t *testing.T) {
	dir := t.TempDir()
	page := "# P\n\n```json {response}\n{}\n```\n\n```bash {sample=one}\ncurl https://agent.buildkite.com/v3/metrics\n```\n\n```bash {status=200}\necho hello\n```\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "p.md"), []byte(page), 0o644))
	res, list := checkTree(t, dir)
	require.Len(t, list, 2, "%v", list)
	assert.Equal(t, 3, list[0].Line)
	assert.Contains(t, list[0].Message, "response block has no sample before it")
	assert.Equal(t, 11, list[1].Line)
	assert.Contains(t, list[1].Message, `attribute "status" is not allowed on a block that is not a sample`)
	require.Len(t, res.Samples, 1)
	assert.Equal(t, "fail", res.Samples[0].Outcome, "a page with broken sample metadata runs nothing")
}

func TestVerifySamplesCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	page := &markdown.Page{Source: source.Source{Rel: "p.md", File: "content/p.md"}, Blocks: []fence.Block{{Line: 3, EndLine: 5, Lang: "bash", Code: "curl https://agent.buildkite.com/v3/ping\n"}}}
	rep, list := verifySamples(ctx, Config{}, []*markdown.Page{page})
	require.Len(t, list, 1)
	assert.Contains(t, list[0].Message, "samples not verified: context canceled")
	assert.Empty(t, rep.Results)
}

// TestPagesRunAgainstFreshMocks: two pages that each take the first job of
// the fixture both get it, which only holds when each page has its own mock.
func TestPagesRunAgainstFreshMocks(t *testing.T) {
	page := "# P\n\n```bash {capture=\"A=access_token\"}\n" +
		"curl -sS -X POST \"$BUILDKITE_AGENT_ENDPOINT/register\" -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\" -H \"Content-Type: application/json\" -d '{\"name\": \"x\"}'\n```\n\n" +
		"```bash\ncurl -sS -X POST \"$BUILDKITE_AGENT_ENDPOINT/connect\" -H \"Authorization: Token $A\"\n```\n\n" +
		"```bash\ncurl -sS \"$BUILDKITE_AGENT_ENDPOINT/ping\" -H \"Authorization: Token $A\"\n```\n\n" +
		"```json {response}\n{\"job\": {\"id\": \"01f7a2c4-3d5e-4b6f-9b8d-2f3e4d5c6b01\"}}\n```\n"
	dir := t.TempDir()
	for _, name := range []string{"a.md", "b.md", "c.md"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(page), 0o644))
	}
	res, err := Build(context.Background(), Config{ContentDir: dir, NoWrite: true, Workers: 3, Verify: VerifyOptions{Mock: mockbackend.Mock{}}})
	require.NoError(t, err)
	assert.Equal(t, 9, sample.Summarize(res.Samples).Verified)
}

// verifySamples runs every sample of every page and compares documented
// responses: the verify stage over a whole site at once, for tests (Build
// verifies each page in its page stream).
// Each page runs against a fresh backend, pages in parallel (bounded by
// cfg.Workers); with cfg.Verify.Target pages run one after another against the
// running server, reset before each page.
func verifySamples(ctx context.Context, cfg Config, pages []*markdown.Page) (sample.Report, diag.List) {
	opts := cfg.Verify
	newBackend := opts.NewBackend
	if newBackend == nil {
		newBackend = mockbackend.Mock{}.Backends()
	}
	runOpts := sample.Options{Timeout: opts.Timeout, Update: opts.Update, SkipUnmodelled: opts.SkipUnmodelled}
	runs := make([]pageRun, len(pages))
	var remote *sample.Remote
	if opts.Target != "" && !opts.Skip {
		r, err := sample.NewRemote(opts.Target, nil)
		if err != nil {
			return sample.Report{}, diag.List{diag.Errorf("", 0, "%v", err)}
		}
		remote = r
	}
	workers := cfg.Workers
	switch {
	case remote != nil:
		workers = 1 // one server, reset before each page
	case workers <= 0:
		workers = runtime.GOMAXPROCS(0)
	}
	pool.Run(context.Background(), workers, len(pages), func(i int) {
		runs[i] = strictRun(cfg, verifyPage(ctx, cfg, pages[i], newBackend, remote, runOpts))
	})

	var rep sample.Report
	var diags diag.List
	var reqs []sample.Request
	for _, r := range runs {
		rep.Results = append(rep.Results, r.res.Results...)
		rep.Issued = append(rep.Issued, r.res.Issued...)
		rep.Updates = append(rep.Updates, r.res.Updates...)
		reqs = append(reqs, r.res.Requests...)
		diags = append(diags, r.diags...)
	}
	sortReport(&rep)
	if !opts.Skip {
		if rt, ok := newBackend().(sample.Router); ok {
			cov := sample.ComputeCoverage(rt.Routes(), reqs)
			rep.Coverage = &cov
		}
	}
	if opts.Update && len(rep.Updates) > 0 {
		paths := map[string]string{}
		for _, p := range pages {
			paths[p.File] = filepath.Join(cfg.ContentDir, filepath.FromSlash(p.Rel))
		}
		if err := sample.ApplyUpdates(rep.Updates, func(f string) string { return paths[f] }); err != nil {
			diags = append(diags, diag.Errorf("", 0, "%v", err))
		}
	}
	return rep, diags
}
