package gitdate

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// git runs git in dir with a fixed identity and commit date, away from the
// user's git configuration.
func git(t *testing.T, dir, date string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.invalid", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.invalid",
		"GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "git %v: %s", args, out)
}

func write(t *testing.T, path, text string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
}

func TestLog(t *testing.T) {
	root := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", root) // the temp folders are never taken for a repository above them
	repo := filepath.Join(root, "repo")
	content := filepath.Join(repo, "content")
	git(t, root, "", "init", "-q", repo)
	write(t, filepath.Join(content, "a.md"), "one")
	write(t, filepath.Join(content, "dir", "b é.md"), "one")
	write(t, filepath.Join(repo, "outside.md"), "one")
	git(t, repo, "2024-01-02T03:04:05+02:00", "add", "-A")
	git(t, repo, "2024-01-02T03:04:05+02:00", "commit", "-q", "-m", "first")
	write(t, filepath.Join(content, "a.md"), "two")
	git(t, repo, "2024-03-04T10:00:00Z", "commit", "-q", "-am", "second")
	write(t, filepath.Join(content, "dir", "b é.md"), "uncommitted change")
	write(t, filepath.Join(content, "new.md"), "never committed")
	noRepo := filepath.Join(root, "plain")
	write(t, filepath.Join(noRepo, "a.md"), "one")

	first := time.Date(2024, 1, 2, 1, 4, 5, 0, time.UTC)
	second := time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC)
	dates, err := Log(context.Background(), content)
	require.NoError(t, err)
	plain, err := Log(context.Background(), noRepo)
	require.NoError(t, err, "outside a repository is not an error")
	assert.Nil(t, plain)
	tests := []struct {
		name  string
		dates Dates
		file  string
		want  time.Time // zero: no date
	}{
		{"changed by the second commit", dates, "a.md", second},
		{"committed once, uncommitted change since", dates, "dir/b é.md", first},
		{"never committed", dates, "new.md", time.Time{}},
		{"outside the content folder", dates, "outside.md", time.Time{}},
		{"no git repository", plain, "a.md", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.dates[tt.file]
			assert.Equal(t, !tt.want.IsZero(), ok)
			assert.True(t, tt.want.Equal(got), "got %v, want %v", got, tt.want)
		})
	}
	assert.Len(t, dates, 2, "only the committed files under content/: %v", dates)
}

func TestLogCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Log(ctx, t.TempDir())
	require.ErrorIs(t, err, context.Canceled)
}

func TestLogWithoutGit(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // no git on PATH
	dates, err := Log(context.Background(), t.TempDir())
	require.NoError(t, err)
	assert.Nil(t, dates)
}

func TestParse(t *testing.T) {
	out := "\x012024-03-04T10:00:00Z\x00\x00\x012024-01-01T00:00:00+01:00\x00\na.md\x00b.md\x00\x00\x012023-01-01T00:00:00Z\x00\na.md\x00"
	dates, err := Parse([]byte(out))
	require.NoError(t, err)
	assert.Equal(t, Dates{"a.md": time.Date(2023, 12, 31, 23, 0, 0, 0, time.UTC), "b.md": time.Date(2023, 12, 31, 23, 0, 0, 0, time.UTC)}, dates)
	_, err = Parse([]byte("a.md\x00"))
	require.Error(t, err)
	_, err = Parse([]byte("\x01yesterday\x00"))
	require.Error(t, err)
}
