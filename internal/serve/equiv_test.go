package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/docproof/docproof/internal/mockbackend"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator"
	"github.com/docproof/docproof/generator/output"
	"github.com/docproof/docproof/templates"
)

// TestServedSiteEqualsColdBuild applies seeded random sequences of edits,
// creations, deletions and renames (files and folders, in place and by
// atomic rename; config, templates and assets included) to a content tree while the server
// watches it, and after each one checks that every file the server serves
// is byte-identical to a cold generator.Build of the same tree into another
// directory, and that nothing else is served.
func TestServedSiteEqualsColdBuild(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			testEquivalence(t, seed, 40)
		})
	}
}

// tree is the test's model of the content tree: pages and static files by
// slash path, and folders.
type tree struct {
	dir  string // holds content/ and docproof.yaml
	rng  *rand.Rand
	next int
}

func (tr *tree) content(rel string) string {
	return filepath.Join(tr.dir, "content", filepath.FromSlash(rel))
}

// files lists the pages and static files under content/ (slash paths).
func (tr *tree) files(t *testing.T, ext string) []string {
	var out []string
	root := filepath.Join(tr.dir, "content")
	require.NoError(t, filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if strings.HasSuffix(p, ext) && rel != "index.md" {
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	}))
	return out
}

func (tr *tree) folders(t *testing.T) []string {
	var out []string
	root := filepath.Join(tr.dir, "content")
	require.NoError(t, filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && p != root {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return err
	}))
	return out
}

func (tr *tree) name(prefix string) string {
	tr.next++
	return fmt.Sprintf("%s%d", prefix, tr.next)
}

var words = strings.Fields("agent token registration access job session revoke rotate scope cluster queue " +
	"pipeline build step artifact header bearer expiry secret hook environment")

func (tr *tree) page() string {
	r := tr.rng
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s %s\nweight: %d\n", words[r.IntN(len(words))], words[r.IntN(len(words))], r.IntN(5))
	if r.IntN(8) == 0 {
		b.WriteString("draft: true\n")
	}
	b.WriteString("---\n\n{:toc}\n\n")
	for s := range 1 + r.IntN(3) {
		fmt.Fprintf(&b, "## Section %d %s\n\n", s, words[r.IntN(len(words))])
		for range 1 + r.IntN(3) {
			for range 5 + r.IntN(10) {
				b.WriteString(words[r.IntN(len(words))] + " ")
			}
			b.WriteString("\n\n")
		}
		if r.IntN(2) == 0 {
			fmt.Fprintf(&b, "```go\nfmt.Println(%q)\n```\n\n", words[r.IntN(len(words))])
		}
		fmt.Fprintf(&b, "See [the top](#section-0-%s) and [home](/).\n\n", "x")
	}
	return strings.ReplaceAll(b.String(), "(#section-0-x)", "(/)")
}

func (tr *tree) write(t *testing.T, rel, body string) {
	writeFile(t, tr.content(rel), body)
}

// atomicWrite saves like vim or JetBrains: a temp file renamed over the page.
func (tr *tree) atomicWrite(t *testing.T, rel, body string) {
	p := tr.content(rel)
	tmp := p + "___jb_tmp___"
	writeFile(t, tmp, body)
	require.NoError(t, os.Rename(tmp, p))
}

// step applies one random change and describes it.
func (tr *tree) step(t *testing.T) string {
	r := tr.rng
	pages, folders := tr.files(t, ".md"), tr.folders(t)
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	inFolder := func(name string) string {
		if len(folders) > 0 && r.IntN(2) == 0 {
			return pick(folders) + "/" + name
		}
		return name
	}
	switch op := r.IntN(12); {
	case op == 0 || len(pages) == 0:
		rel := inFolder(tr.name("p") + ".md")
		tr.write(t, rel, tr.page())
		return "create " + rel
	case op == 1:
		rel := tr.name("d") + "/" + tr.name("p") + ".md"
		tr.write(t, rel, tr.page())
		return "create in new folder " + rel
	case op == 2:
		rel := pick(pages)
		tr.write(t, rel, tr.page())
		return "edit in place " + rel
	case op == 3:
		rel := pick(pages)
		tr.atomicWrite(t, rel, tr.page())
		return "atomic save " + rel
	case op == 4:
		rel := pick(pages)
		require.NoError(t, os.Remove(tr.content(rel)))
		return "delete " + rel
	case op == 5:
		from := pick(pages)
		to := inFolder(tr.name("p") + ".md")
		require.NoError(t, os.Rename(tr.content(from), tr.content(to)))
		return "rename " + from + " → " + to
	case op == 6 && len(folders) > 0:
		from := pick(folders)
		to := tr.name("d")
		if strings.Contains(to, from) {
			return tr.step(t)
		}
		require.NoError(t, os.Rename(tr.content(from), tr.content(to)))
		return "rename folder " + from + " → " + to
	case op == 7 && len(folders) > 0 && r.IntN(2) == 0:
		rel := pick(folders)
		require.NoError(t, os.RemoveAll(tr.content(rel)))
		return "delete folder " + rel
	case op == 8:
		rel := inFolder(tr.name("f") + ".txt")
		if static := tr.files(t, ".txt"); len(static) > 0 && r.IntN(2) == 0 {
			rel = pick(static)
		}
		tr.write(t, rel, strings.Repeat(words[r.IntN(len(words))]+"\n", 1+r.IntN(4)))
		return "static file " + rel
	case op == 10:
		// A template edit changes every page: the HTML cache must notice.
		p := filepath.Join(tr.dir, "templates", "_footer.html")
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		rev := tr.name("rev")
		require.NoError(t, os.WriteFile(p, bytes.Replace(data, []byte("</footer>"), []byte("<p>"+rev+"</p></footer>"), 1), 0o644))
		return "template footer " + rev
	case op == 11:
		// An asset edit renames it (content hash) in every page.
		p := filepath.Join(tr.dir, "templates", "assets", "site.css")
		rev := tr.name("rev")
		f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
		require.NoError(t, err)
		_, err = f.WriteString("\n/* " + rev + " */\n")
		require.NoError(t, errors.Join(err, f.Close()))
		return "asset site.css " + rev
	default:
		title := words[r.IntN(len(words))]
		writeFile(t, filepath.Join(tr.dir, "docproof.yaml.tmp"), "title: Docs about "+title+"\n")
		require.NoError(t, os.Rename(filepath.Join(tr.dir, "docproof.yaml.tmp"), filepath.Join(tr.dir, "docproof.yaml")))
		return "config title " + title
	}
}

func testEquivalence(t *testing.T, seed uint64, steps int) {
	dir := t.TempDir()
	tr := &tree{dir: dir, rng: rand.New(rand.NewPCG(seed, 99))}
	writeFile(t, filepath.Join(dir, "docproof.yaml"), "title: Docs\n")
	tr.write(t, "index.md", "---\ntitle: Home\n---\n\n# Home\n\nWelcome.\n")
	require.NoError(t, os.CopyFS(filepath.Join(dir, "templates"), templates.FS()))
	for range 4 {
		tr.step(t)
	}
	cfg := generator.Config{ContentDir: filepath.Join(dir, "content"), SiteFile: filepath.Join(dir, "docproof.yaml"),
		TemplatesDir: filepath.Join(dir, "templates"), Verify: generator.VerifyOptions{Mock: mockbackend.Mock{}}}
	s, err := New(Options{Config: cfg})
	require.NoError(t, err)
	defer s.Close()
	ctx, cancel := context.WithCancel(t.Context())
	ready := make(chan struct{})
	runDone := make(chan error, 1)
	go func() { runDone <- s.Run(ctx, ready) }()
	defer func() { cancel(); require.NoError(t, <-runDone) }()
	<-ready
	updates, stop := s.Subscribe()
	defer stop()
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	defer s.Close() // ends the event streams first, so srv.Close does not wait for them

	require.True(t, s.Rebuild(ctx).OK, "%+v", s.Status().Problems)
	seen := map[string]bool{} // every output path of any cold build so far
	require.NoError(t, checkServed(t, s, srv.URL, coldBuild(t, cfg, seen), seen), "initial build")
	for i := range steps {
		before := time.Now()
		what := tr.step(t)
		t.Logf("step %d: %s", i, what)
		want := coldBuild(t, cfg, seen)
		waitForMatch(t, updates, before, func() error { return checkServed(t, s, srv.URL, want, seen) },
			fmt.Sprintf("step %d (%s)", i, what))
	}
}

// waitForMatch waits for builds that started after the change began until
// the served site matches. Usually the first one does; a build that began
// while the change was still being made is followed by another one, because
// the watcher reports the rest of the change. Only a lost change, or a
// served site that differs from the cold build, reaches the timeout.
func waitForMatch(t *testing.T, updates <-chan Status, before time.Time, check func() error, what string) {
	t.Helper()
	timeout := time.After(30 * time.Second)
	lastErr := errors.New("no rebuild")
	for {
		select {
		case st := <-updates:
			if !st.Started.After(before) {
				continue
			}
			if !st.OK {
				lastErr = fmt.Errorf("build failed: %+v", st.Problems)
				continue
			}
			if lastErr = check(); lastErr == nil {
				return
			}
		case <-timeout:
			t.Fatalf("%s: %v", what, lastErr)
		}
	}
}

// waitForBuildAfter waits for a finished build that started after t0. The
// watcher always delivers an event for a change, so one comes; the timeout
// only catches a lost event.
func waitForBuildAfter(t *testing.T, updates <-chan Status, t0 time.Time, what string) Status {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case st := <-updates:
			if st.Started.After(t0) {
				return st
			}
		case <-timeout:
			t.Fatalf("no rebuild after %s", what)
		}
	}
}

// coldBuild builds the tree into a fresh directory with no cache and returns
// every output file by slash path; it adds them to seen.
func coldBuild(t *testing.T, cfg generator.Config, seen map[string]bool) map[string][]byte {
	t.Helper()
	cold := filepath.Join(t.TempDir(), "cold")
	cfg.OutDir = cold
	_, err := generator.Build(t.Context(), cfg)
	require.NoError(t, err, "cold build")
	want := map[string][]byte{}
	require.NoError(t, filepath.WalkDir(cold, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(cold, p)
		if rel == output.MarkerFile { // marks a folder docproof publishes to; serve has none
			return nil
		}
		data, err := os.ReadFile(p)
		want[filepath.ToSlash(rel)] = data
		seen[filepath.ToSlash(rel)] = true
		return err
	}))
	return want
}

var clientTagRE = regexp.MustCompile(`<script src="/_docproof/client\.js" data-docproof-site="[0-9a-f]+-\d+" defer></script>`)

// checkServed compares every file of the cold build with what the server
// answers over HTTP (HTML without the injected client tag), checks that the
// files of earlier builds that are gone answer 404, and that the served tree
// holds exactly the cold build's files.
func checkServed(t *testing.T, s *Server, base string, want map[string][]byte, seen map[string]bool) error {
	for rel, data := range want {
		code, body := httpGet(t, base+"/"+rel)
		if code != http.StatusOK {
			return fmt.Errorf("GET /%s: %d", rel, code)
		}
		if path.Ext(rel) == ".html" {
			if n := len(clientTagRE.FindAll(body, -1)); n != 1 {
				return fmt.Errorf("/%s has the client %d times", rel, n)
			}
			body = clientTagRE.ReplaceAll(body, nil)
		}
		if !bytes.Equal(data, body) {
			return fmt.Errorf("GET /%s differs from the cold build:\nwant %q\n got %q", rel, data, body)
		}
	}
	for rel := range seen {
		if _, ok := want[rel]; !ok {
			if code, _ := httpGet(t, base+"/"+rel); code != http.StatusNotFound {
				return fmt.Errorf("/%s is gone from the cold build but answers %d", rel, code)
			}
		}
	}
	var served []string
	if err := fs.WalkDir(s.Site(), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			served = append(served, p)
		}
		return err
	}); err != nil {
		return err
	}
	var names []string
	for rel := range want {
		names = append(names, rel)
	}
	slices.Sort(served)
	slices.Sort(names)
	if !slices.Equal(names, served) {
		return fmt.Errorf("served tree %v, cold build %v", served, names)
	}
	return nil
}

func httpGet(t *testing.T, url string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, body
}
