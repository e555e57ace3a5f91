package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// htmlValidateVersion is the html-validate release scripts/test-deps.sh installs.
const htmlValidateVersion = "10.9.0"

// htmlValidatePath is the html-validate binary: $DOCPROOF_HTML_VALIDATE,
// else the copy test-deps.sh installs. A missing one fails the test.
func htmlValidatePath(t *testing.T) string {
	t.Helper()
	p := os.Getenv("DOCPROOF_HTML_VALIDATE")
	if p == "" {
		home, err := os.UserHomeDir()
		require.NoError(t, err)
		p = filepath.Join(home, ".cache", "docproof", "html-validate-"+htmlValidateVersion, "node_modules", ".bin", "html-validate")
	}
	_, err := os.Stat(p)
	require.NoError(t, err, "html-validate %s is not installed: run scripts/test-deps.sh (or `make test`, which runs it)", htmlValidateVersion)
	return p
}

// htmlReport is html-validate's JSON output for one file.
type htmlReport struct {
	FilePath string `json:"filePath"`
	Messages []struct {
		RuleID   string `json:"ruleId"`
		Severity int    `json:"severity"` // 2 is an error, 1 a warning
		Message  string `json:"message"`
		Line     int    `json:"line"`
		Column   int    `json:"column"`
	} `json:"messages"`
}

// TestHTMLValidate builds the repository's content/ and runs html-validate
// with the committed .htmlvalidate.json over every HTML file of the site:
// no error. A canary page with a duplicate id runs in the same process, so
// the test fails if the validator stops reporting.
func TestHTMLValidate(t *testing.T) {
	root := repoRoot(t)
	bin := htmlValidatePath(t)
	dir := buildSite(t, filepath.Join(root, "content"), filepath.Join(root, "docproof.yaml"))
	var files []string
	require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			files = append(files, p)
		}
		return err
	}))
	require.GreaterOrEqual(t, len(files), 10, "content/ builds at least ten pages")
	canary := filepath.Join(t.TempDir(), "canary.html")
	require.NoError(t, os.WriteFile(canary, []byte(`<!doctype html><html lang="en"><head><title>x</title></head>`+
		`<body><p id="a">one</p><p id="a">two</p></body></html>`), 0o644))

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append([]string{"--config", filepath.Join(root, ".htmlvalidate.json"), "--formatter", "json", canary}, files...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	require.True(t, err == nil || errors.As(err, &exit), "running html-validate: %v\n%s", err, stderr.String())
	var reports []htmlReport
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &reports), "html-validate's JSON: %s\n%s", stdout.String(), stderr.String())

	var problems, canaryRules []string
	for _, r := range reports {
		for _, m := range r.Messages {
			if r.FilePath == canary {
				canaryRules = append(canaryRules, m.RuleID)
				continue
			}
			if m.Severity < 2 {
				continue
			}
			rel, _ := filepath.Rel(dir, r.FilePath)
			problems = append(problems, fmt.Sprintf("%s:%d:%d: %s (%s)", rel, m.Line, m.Column, m.Message, m.RuleID))
		}
	}
	assert.Contains(t, canaryRules, "no-dup-id", "html-validate must report the canary's duplicate id")
	assert.Empty(t, problems, "html-validate errors in the built site (fix the templates, or disable the rule in .htmlvalidate.json with a reason in README)")
}
