package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"github.com/docproof/docproof/internal/mockbackend"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator"
	"github.com/docproof/docproof/generator/sample"
	"github.com/docproof/docproof/templates"
)

var updateBad = flag.Bool("update", false, "rewrite the cmp files of ../../testdata/bad/*.txtar")

// badDir holds the bad-input catalogue: one testscript (txtar) file per
// case, holding its input files, the docproof command it runs, the exit code
// it must end with and the exact stdout and stderr (testdata/bad/README.md).
const badDir = "../../testdata/bad"

// cliEnv, when set in the environment, makes the test binary act as the
// docproof command (TestMain): "run" is the CLI itself, "hang" a build
// against a mock that never answers GET /v3/ping.
const cliEnv = "DOCPROOF_TEST_CLI"

// TestMain lets the catalogue run docproof as a child process of the test
// binary, in the case's own folder, so cases run in parallel without
// changing this process's working directory.
func TestMain(m *testing.M) {
	switch os.Getenv(cliEnv) {
	case "run":
		os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	case "hang":
		os.Exit(buildWithHangingMock())
	}
	os.Exit(m.Run())
}

// TestBadInput runs every case of the catalogue. Before each script runs, a
// good site is built into public/, so there is a previous site to protect.
// The docproof command checks what every case must hold: a failing exit
// code, no panic, no token value printed, and public/ and the folder around
// it byte-for-byte as they were.
func TestBadInput(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join(badDir, "*.txtar"))
	require.NoError(t, err)
	assert.GreaterOrEqual(t, len(cases), 30, "the catalogue must hold at least 30 cases")
	testscript.Run(t, testscript.Params{
		Dir:           badDir,
		UpdateScripts: *updateBad,
		Setup:         buildGoodSite,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"docproof":              func(ts *testscript.TestScript, neg bool, args []string) { docproofCmd(ts, neg, "run", args) },
			"docproof-hanging-mock": func(ts *testscript.TestScript, neg bool, args []string) { docproofCmd(ts, neg, "hang", args) },
			"status":                statusCmd,
			"setup":                 setupCmd,
		},
	})
}

// buildGoodSite builds a small good site (good/ into public/) in the case's
// folder. The case's files are already there; its docproof.yaml is set
// aside meanwhile, since the good site is built before the case's input is.
func buildGoodSite(env *testscript.Env) (err error) {
	cfg := filepath.Join(env.WorkDir, "docproof.yaml")
	if _, statErr := os.Lstat(cfg); os.IsNotExist(statErr) {
		// A site config, as a real site has: no case shows the missing-config warning.
		if err := writeAt(env.WorkDir, "docproof.yaml", "title: Bad input\nbase_url: https://docs.example.invalid/\n"); err != nil {
			return err
		}
	} else if statErr == nil {
		aside := filepath.Join(env.WorkDir, ".docproof.yaml.case")
		if err := os.Rename(cfg, aside); err != nil {
			return err
		}
		defer func() {
			if back := os.Rename(aside, cfg); err == nil {
				err = back
			}
		}()
	}
	files := map[string]string{
		"good/index.md": "# Good\n\nSee [tokens](tokens.md).\n",
		"good/tokens.md": "# Tokens\n\n```bash\ncurl -sS -X POST \"$BUILDKITE_AGENT_ENDPOINT/register\" \\\n" +
			"  -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\" -H \"Content-Type: application/json\" -d '{\"name\": \"good\"}'\n```\n\n```json {response}\n{\"name\": \"good\"}\n```\n",
	}
	for name, body := range files {
		if err := writeAt(env.WorkDir, name, body); err != nil {
			return err
		}
	}
	code, _, stderr, err := runChild(env.WorkDir, "run", nil, "build", "--content", "good", "--out", "public")
	if err != nil || code != 0 {
		return fmt.Errorf("building the good site: exit %d, %v: %s", code, err, stderr)
	}
	return nil
}

// docproofCmd runs docproof (mode: cliEnv) with args in the script's folder
// and leaves its normalised output as the script's stdout and stderr; the
// exit code is kept for the status command.
func docproofCmd(ts *testscript.TestScript, neg bool, mode string, args []string) {
	dir := ts.Getenv("WORK")
	before, err := treeState(dir)
	ts.Check(err)
	code, stdout, stderr, err := runChild(dir, mode, []string{"HOME=" + ts.Getenv("HOME")}, args...)
	ts.Check(err)
	after, err := treeState(dir)
	ts.Check(err)
	ts.Setenv("DOCPROOF_EXIT", strconv.Itoa(code))
	fmt.Fprint(ts.Stdout(), normalise(stdout, dir))
	fmt.Fprint(ts.Stderr(), normalise(stderr, dir))
	all := stdout + stderr
	switch {
	case before != after:
		ts.Fatalf("public/ or the folder around it changed")
	case strings.Contains(all, "panic") || strings.Contains(all, "internal error"):
		ts.Fatalf("docproof panicked:\n%s", all)
	case strings.Contains(all, "bkua_4f9Q"):
		ts.Fatalf("a token value was printed")
	case code == 0:
		ts.Fatalf("a bad input must fail the build")
	case !neg:
		ts.Fatalf("docproof failed (exit %d); write ! docproof to expect it", code)
	}
}

// statusCmd checks the exit code of the last docproof command: status N.
func statusCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: status N")
	}
	if got := ts.Getenv("DOCPROOF_EXIT"); got != args[0] {
		ts.Fatalf("docproof exited with %s, want %s", got, args[0])
	}
}

// setupCmd prepares an input that cannot or should not be committed:
// setup NAME (badSetups).
func setupCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: setup NAME")
	}
	fn, ok := badSetups[args[0]]
	if !ok {
		ts.Fatalf("unknown setup %q", args[0])
	}
	ts.Check(fn(ts.Getenv("WORK")))
}

// badSetups prepare what a case cannot commit: bytes git would mangle or that
// are too big, symlinks, a token-shaped string, an unwritable out path.
var badSetups = map[string]func(dir string) error{
	"non-utf8": func(dir string) error {
		return writeAt(dir, "content/index.md", "# Tokens\n\nLatin-1 text: caf\xe9 au lait.\n")
	},
	"nul-byte": func(dir string) error {
		return writeAt(dir, "content/index.md", "# Tokens\n\nA stray \x00 byte.\n")
	},
	"file-50mb": func(dir string) error {
		line := strings.Repeat("All work and no play. ", 4) + "\n"
		return writeAt(dir, "content/huge.md", "# Huge\n\n"+strings.Repeat(line, 50<<20/len(line)+1))
	},
	"symlink-loop": func(dir string) error {
		if err := os.MkdirAll(filepath.Join(dir, "content/tokens"), 0o755); err != nil {
			return err
		}
		return os.Symlink("..", filepath.Join(dir, "content/tokens/again"))
	},
	"broken-symlink": func(dir string) error {
		if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
			return err
		}
		return os.Symlink("missing.md", filepath.Join(dir, "content/gone.md"))
	},
	"public-unwritable": func(dir string) error {
		// Root ignores permission bits, so the out dir's parent is made a
		// regular file: nothing, not even root, can create a directory in it.
		return writeAt(dir, "blocker", "a file, not a directory\n")
	},
	"symlink-outside-file": func(dir string) error { // read, never written
		if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
			return err
		}
		return os.Symlink("/etc/passwd", filepath.Join(dir, "content/passwd.txt"))
	},
	"symlink-outside-dir": func(dir string) error {
		return os.Symlink("../outside", filepath.Join(dir, "content/linked"))
	},
	"template-symlink-outside": func(dir string) error {
		tmpl := filepath.Join(dir, "templates")
		if err := os.CopyFS(tmpl, templates.FS()); err != nil {
			return err
		}
		if err := os.Remove(filepath.Join(tmpl, "_footer.html")); err != nil {
			return err
		}
		return os.Symlink("../outside/_footer.html", filepath.Join(tmpl, "_footer.html"))
	},
	"token-in-content": func(dir string) error {
		return writeAt(dir, "content/index.md", "# Tokens\n\nStart the agent:\n\n```sh\nbuildkite-agent start --token "+badToken()+"\n```\n")
	},
	// Disguises that passed the secrets scan (issue 19 item 4).
	"token-glued-to-placeholder": func(dir string) error {
		return writeAt(dir, "content/index.md", "# Tokens\n\nThe token is bkaa_exampleexampleexample1"+badToken()+".\n")
	},
	"token-entity-encoded": func(dir string) error {
		tok := badToken()
		return writeAt(dir, "content/index.md", "# Tokens\n\n<p>Token: &#98;&#x6B;"+tok[2:4]+"&#95;"+tok[5:]+"</p>\n")
	},
	"token-percent-encoded": func(dir string) error {
		tok := badToken()
		return writeAt(dir, "content/index.md", "# Tokens\n\nOpen [the agent page](https://example.com/agents?token=%62%6B"+tok[2:4]+"%5F"+tok[5:]+").\n")
	},
	"token-quote-wrapped": func(dir string) error {
		tok := badToken()
		return writeAt(dir, "content/index.md", "# Tokens\n\n```sh\nexport TOKEN='"+tok[:5]+"'\""+tok[5:20]+"\"'"+tok[20:]+"'\n```\n")
	},
}

// badToken is a string of a real token's shape, built here so that none is
// committed.
func badToken() string { return "bkua_" + "4f9Qz7LmX2pR8sTn" + "3VbK6wYc1HjD5gEe0Ao" }

// runChild runs this test binary as docproof (TestMain) in dir and returns
// its exit code and output. err is set only when it could not run at all.
func runChild(dir, mode string, env []string, args ...string) (code int, stdout, stderr string, err error) {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), cliEnv+"="+mode), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code, err = exit.ExitCode(), nil
	}
	return code, out.String(), errb.String(), err
}

// elapsed is the build time in the summary line, the one part of the output
// that changes from run to run.
var elapsed = regexp.MustCompile(`\bin [0-9][0-9.]*(ns|µs|ms|s|m[0-9.]+s)\)`)

func normalise(s, dir string) string {
	s = strings.ReplaceAll(s, dir, "$WORK")
	return elapsed.ReplaceAllString(s, "in <elapsed>)")
}

// treeState is a digest of everything in the working folder (paths, modes,
// bytes, symlink targets): public/ and any other out dir must be exactly as
// before, with no half-written site or temp dir left beside them. The build
// cache's entries are left out: a failed build keeps the stage results it
// computed (keyed by content, they serve the fix), never a page's record.
func treeState(dir string) (string, error) {
	h := sha256.New()
	cacheDir := filepath.Join(dir, ".cache", "docproof")
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if filepath.Dir(p) == cacheDir && d.IsDir() {
			return fs.SkipDir // pages/, runs/
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
	return hex.EncodeToString(h.Sum(nil)), err
}

// buildWithHangingMock builds content/ like `docproof build` does, against
// a mock whose GET /v3/ping never answers (it waits for the request's
// context), with a short per-sample timeout, and prints like the CLI.
func buildWithHangingMock() int {
	cfg := generator.Config{Verify: generator.VerifyOptions{
		Timeout:    300 * time.Millisecond,
		NewBackend: func() sample.Backend { return hangingBackend{mockbackend.New()} },
	}}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := generator.Build(ctx, cfg)
	pages := 0
	if res != nil {
		pages = res.Pages
	}
	return report(res, err, os.Stdout, os.Stderr, buildWhat(pages, generator.DefaultOutDir, err))
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

func writeAt(dir, name, body string) error {
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(body), 0o644)
}
