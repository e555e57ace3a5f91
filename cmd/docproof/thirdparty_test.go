package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fixtureSite copies the site under testdata/name into a temp folder and
// makes it the working folder.
func fixtureSite(t *testing.T, name string) string {
	t.Helper()
	files := map[string]string{}
	root := filepath.Join("testdata", name)
	require.NoError(t, filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	}))
	return site(t, files)
}

// TestThirdPartyFixture checks a reference page written like third-party API
// docs (REST and GraphQL samples, responses with illustrative values compared
// by shape, out-of-scope routes skipped by "unmodelled: skip") and the counts
// by comparison kind in the summary, the JSON report and the site's marks.
func TestThirdPartyFixture(t *testing.T) {
	dir := fixtureSite(t, "thirdparty")
	code, stdout, stderr := runCLI("check", "--json", "report.json")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stdout, "9 samples: 6 verified, 0 failed, 3 skipped; compared: 5 body (1 exact, 4 shape), 1 status only;")
	assert.Contains(t, stdout, "skipped: content/index.md:119: the mock does not model POST /v3/stacks/register (unmodelled: skip; 1 sample: content/index.md:119)")
	assert.Contains(t, stdout, "skipped: content/index.md:126: the mock does not model GET /v2/organizations/acme-inc/pipelines/website/builds (unmodelled: skip; 1 sample: content/index.md:126)")

	var rep struct {
		Summary struct {
			Verified, Skipped, Unmodelled int
			Compared                      map[string]int
		}
		Samples []struct {
			ID            string
			Compared      string
			ComparedLabel string `json:"compared_label"`
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "report.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &rep))
	assert.Equal(t, 2, rep.Summary.Unmodelled)
	assert.Equal(t, map[string]int{"body": 5, "subset": 0, "exact": 1, "shape": 4, "headers": 0, "status_only": 1, "skipped": 3}, rep.Summary.Compared)
	labels := map[string]string{}
	for _, s := range rep.Samples {
		labels[s.ID] = s.Compared + ": " + s.ComparedLabel
	}
	assert.Equal(t, map[string]string{
		"register":       "body: status and the shape of 7 fields",
		"connect":        "body: status and the shape of 2 fields",
		"ping":           "status only: status only",
		"no-token":       "body: status and the exact body (1 field)",
		"org":            "body: status and the shape of 3 fields",
		"tokens":         "body: status and the shape of 4 fields",
		"stack-register": "skipped: ",
		"failed-builds":  "skipped: ",
		"index#9":        "skipped: ",
	}, labels)

	code, stdout, stderr = runCLI("check", "--strict")
	require.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stderr, `content/index.md:46: sample "ping": compares only the status (--strict)`)

	code, stdout, stderr = runCLI("build")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stdout, "6 samples verified (compared: 5 body (1 exact, 4 shape), 1 status only), 3 skipped")
	page, err := os.ReadFile(filepath.Join(dir, "public", "index.html"))
	require.NoError(t, err)
	for _, label := range []string{"verified: status 200 and the shape of 7 fields matched", "verified: status 200 matched", "verified: status 401 and the exact body (1 field) matched"} {
		assert.Contains(t, string(page), `role="img" aria-label="`+label+`"`)
	}
	assert.Equal(t, 6, strings.Count(string(page), `class="verified"`), "skipped samples carry no mark")
}

// TestThirdPartyDriftGolden keeps what `docproof check --strict` prints for a
// drifted third-party style page (a renamed and a retyped field in shape
// mode, a GraphQL error with its location, a null organization, unmodelled
// routes, a status-only sample) in testdata/thirdparty-drift.golden
// (go test -update rewrites it).
func TestThirdPartyDriftGolden(t *testing.T) {
	path, err := filepath.Abs(filepath.Join("testdata", "thirdparty-drift.golden"))
	require.NoError(t, err)
	fixtureSite(t, "thirdparty-drift")
	code, stdout, stderr := runCLI("check", "--strict")
	require.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	got := regexp.MustCompile(`; [0-9.]+[µm]?s\)`).ReplaceAllString(stderr, "; <elapsed>)")
	if *updateBad {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create %s", path)
	assert.Equal(t, string(want), got, "%s is out of date: run go test -update and review the diff", path)
}
