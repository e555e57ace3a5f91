package match

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// TestDiffGolden keeps the diffs writers see for typical drifts in
// testdata/diff.golden (go test -update rewrites it).
func TestDiffGolden(t *testing.T) {
	cases := []struct {
		name, doc, act string
		exact          bool
	}{
		{"field renamed", `{"id":"<uuid:agent-id>","access_token":"<token:agent-access-token>"}`,
			`{"id":"` + uuid1 + `","session_token":"` + tok1 + `"}`, false},
		{"status text changed, extra field in exact mode", `{"status":"connected"}`, `{"status":"lost","reason":"timeout"}`, true},
		{"number became a string", `{"ping_interval":10}`, `{"ping_interval":"10"}`, false},
		{"array grew", `{"meta_data":["queue=default"]}`, `{"meta_data":["queue=default","os=linux"]}`, false},
		{"placeholder bound to another value", `{"agents":[{"id":"<id>"},{"id":"<id>"}]}`, `{"agents":[{"id":"a-1"},{"id":"a-2"}]}`, false},
		{"pattern no longer matches", `{"header":"Token <agent-token>"}`, `{"header":"Bearer xyz"}`, false},
		{"typed placeholder got the wrong kind", `{"created_at":"<timestamp:created>","n":"<number:n>"}`, `{"created_at":"yesterday","n":null}`, false},
		{"answer is not JSON", `{"ok":true}`, "<html>502 Bad Gateway</html>", false},
	}
	var b strings.Builder
	for _, c := range cases {
		_, mm, err := JSON([]byte(c.doc), []byte(c.act), nil, Options{Exact: c.exact})
		require.NoError(t, err, c.name)
		require.NotEmpty(t, mm, c.name)
		fmt.Fprintf(&b, "## %s\ndocumented: %s\nactual:     %s\n%s\n", c.name, c.doc, c.act, Diff(mm))
	}
	golden(t, filepath.Join("testdata", "diff.golden"), b.String())
}

// golden compares got with the file at path, or rewrites it with -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create %s", path)
	assert.Equal(t, string(want), got, "%s is out of date: run go test -update and review the diff", path)
}
