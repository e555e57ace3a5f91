package curl

import (
	"errors"
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

// TestErrorMessagesGolden keeps every error message writers can meet in one
// reviewable file, testdata/errors.golden (go test -update rewrites it).
func TestErrorMessagesGolden(t *testing.T) {
	var b strings.Builder
	for _, tc := range errorCases() {
		_, err := Parse(tc.code, lookup)
		var ce *Error
		require.True(t, errors.As(err, &ce), tc.name)
		fmt.Fprintf(&b, "## %s\n%s\n-> %v\n\n", tc.name, tc.code, err)
	}
	golden(t, filepath.Join("testdata", "errors.golden"), b.String())
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
