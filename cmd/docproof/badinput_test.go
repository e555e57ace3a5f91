package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator"
	"github.com/docproof/docproof/generator/sample"
)

var updateBad = flag.Bool("update", false, "rewrite the want.txt files of ../../testdata/bad/")

// badDir holds the bad-input catalogue: one directory per case with the
// input tree (content/, templates/, docproof.yaml), optional "args" (extra
// flags for docproof build, one per line), optional "setup" (the name of an
// environmental setup below, for inputs that cannot or should not be
// committed) and "want.txt" (the exit code, stdout and stderr).
const badDir = "../../testdata/bad"

// badSetups prepare what a case cannot commit: bytes git would mangle or that
// are too big, symlinks, a token-shaped string, an unwritable out path.
var badSetups = map[string]func(t *testing.T){
	"non-utf8": func(t *testing.T) {
		writeFile(t, "content/index.md", "# Tokens\n\nLatin-1 text: caf\xe9 au lait.\n")
	},
	"nul-byte": func(t *testing.T) {
		writeFile(t, "content/index.md", "# Tokens\n\nA stray \x00 byte.\n")
	},
	"file-50mb": func(t *testing.T) {
		line := strings.Repeat("All work and no play. ", 4) + "\n"
		writeFile(t, "content/huge.md", "# Huge\n\n"+strings.Repeat(line, 50<<20/len(line)+1))
	},
	"symlink-loop": func(t *testing.T) {
		require.NoError(t, os.MkdirAll("content/tokens", 0o755))
		require.NoError(t, os.Symlink("..", "content/tokens/again"))
	},
	"broken-symlink": func(t *testing.T) {
		require.NoError(t, os.Symlink("missing.md", "content/gone.md"))
	},
	"public-unwritable": func(t *testing.T) {
		// Root ignores permission bits, so the out dir's parent is made a
		// regular file: nothing, not even root, can create a directory in it.
		writeFile(t, "blocker", "a file, not a directory\n")
	},
	"token-in-content": func(t *testing.T) {
		tok := "bkua_" + "4f9Qz7LmX2pR8sTn" + "3VbK6wYc1HjD5gEe0Ao" // built here so no token shape is committed
		writeFile(t, "content/index.md", "# Tokens\n\nStart the agent:\n\n```sh\nbuildkite-agent start --token "+tok+"\n```\n")
	},
	"hang": func(t *testing.T) {},
}

// TestBadInput runs every case of the catalogue through the CLI in-process,
// after building a good site into public/: each must exit with the code and
// print exactly the lines of its want.txt, and leave public/ (and the folder
// around it) as it was.
func TestBadInput(t *testing.T) {
	cases, err := os.ReadDir(badDir)
	require.NoError(t, err)
	abs, err := filepath.Abs(badDir)
	require.NoError(t, err)
	n := 0
	for _, c := range cases {
		if !c.IsDir() {
			continue
		}
		n++
		t.Run(c.Name(), func(t *testing.T) { runBadCase(t, filepath.Join(abs, c.Name())) })
	}
	assert.GreaterOrEqual(t, n, 30, "the catalogue must hold at least 30 cases")
}

func runBadCase(t *testing.T, caseDir string) {
	dir := t.TempDir()
	t.Chdir(dir)

	// A good site first, so there is a previous public/ to protect.
	writeFile(t, "good/index.md", "# Good\n\nSee [tokens](tokens.md).\n")
	writeFile(t, "good/tokens.md", "# Tokens\n\n```bash\ncurl -sS -X POST \"$BUILDKITE_AGENT_ENDPOINT/register\" \\\n"+
		"  -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\" -d '{\"name\": \"good\"}'\n```\n\n```json {response}\n{\"name\": \"good\"}\n```\n")
	code, _, stderr := runCLI("build", "--content", "good", "--out", "public")
	require.Equal(t, 0, code, stderr)

	require.NoError(t, os.CopyFS(dir, os.DirFS(caseDir)))
	for _, meta := range []string{"want.txt", "args", "setup"} {
		_ = os.Remove(meta)
	}
	setup := strings.TrimSpace(readOptional(t, filepath.Join(caseDir, "setup")))
	if setup != "" {
		fn, ok := badSetups[setup]
		require.True(t, ok, "unknown setup %q", setup)
		fn(t)
	}
	args := append([]string{"build"}, strings.Fields(readOptional(t, filepath.Join(caseDir, "args")))...)

	before := treeState(t, dir)
	var out, errOut string
	if setup == "hang" {
		code, out, errOut = buildWithHangingMock(t)
	} else {
		code, out, errOut = runCLI(args...)
	}
	assert.Equal(t, before, treeState(t, dir), "public/ or the folder around it changed")
	assert.NotEqual(t, 0, code, "a bad input must fail the build")
	assert.NotContains(t, out+errOut, "panic", "no panic")
	assert.NotContains(t, out+errOut, "internal error", "no recovered panic")
	assert.NotContains(t, out+errOut, "bkua_4f9Q", "no token value in the output")

	got := fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", code, normalise(out, dir), normalise(errOut, dir))
	wantFile := filepath.Join(caseDir, "want.txt")
	if *updateBad {
		require.NoError(t, os.WriteFile(wantFile, []byte(got), 0o644))
	}
	want, err := os.ReadFile(wantFile)
	require.NoError(t, err, "run go test ./cmd/docproof -run TestBadInput -update to create it, then read it")
	assert.Equal(t, string(want), got)
}

// elapsed is the build time in the summary line, the one part of the output
// that changes from run to run.
var elapsed = regexp.MustCompile(`\bin [0-9][0-9.]*(ns|µs|ms|s|m[0-9.]+s)\)`)

func normalise(s, dir string) string {
	s = strings.ReplaceAll(s, dir, "$DIR")
	return elapsed.ReplaceAllString(s, "in <elapsed>)")
}

// treeState is a digest of everything in the working folder (paths, modes,
// bytes, symlink targets): public/ and any other out dir must be exactly as
// before, with no half-written site or temp dir left beside them.
func treeState(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(h, "%s %v\n", rel, info.Mode())
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			fmt.Fprintf(h, "-> %s\n", target)
		case d.Type().IsRegular():
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			defer f.Close()
			if _, err := io.Copy(h, f); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(t, err)
	return hex.EncodeToString(h.Sum(nil))
}

// buildWithHangingMock builds content/ like `docproof build` does, against
// a mock whose GET /v3/ping never answers (it waits for the request's
// context), with a short per-sample timeout.
func buildWithHangingMock(t *testing.T) (int, string, string) {
	t.Helper()
	cfg := generator.Config{Verify: generator.VerifyOptions{
		Timeout:    300 * time.Millisecond,
		NewBackend: func() sample.Backend { return hangingBackend{generator.DefaultBackend()} },
	}}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := generator.Build(ctx, cfg)
	pages := 0
	if res != nil {
		pages = res.Pages
	}
	var out, errb bytes.Buffer
	code := report(res, err, &out, &errb, buildWhat(pages, generator.DefaultOutDir, err))
	return code, out.String(), errb.String()
}

// hangingBackend is the default mock, except that ping blocks until the
// caller gives up.
type hangingBackend struct{ sample.Backend }

func (b hangingBackend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/v3/ping" {
		<-r.Context().Done()
		return
	}
	b.Backend.ServeHTTP(w, r)
}

func writeFile(t *testing.T, name, body string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(name), 0o755))
	require.NoError(t, os.WriteFile(name, []byte(body), 0o644))
}

func readOptional(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if os.IsNotExist(err) {
		return ""
	}
	require.NoError(t, err)
	return string(data)
}
