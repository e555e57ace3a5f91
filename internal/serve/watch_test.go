package serve

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startWatcher runs the native watcher over dir/content and dir/docproof.yaml.
func startWatcher(t *testing.T, dir string) <-chan change {
	t.Helper()
	ws, err := newWatchSet([]string{filepath.Join(dir, "content")}, []string{filepath.Join(dir, "docproof.yaml")})
	require.NoError(t, err)
	n, err := newNotifyWatcher(ws, io.Discard)
	require.NoError(t, err)
	out := make(chan change, 256)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = n.run(ctx, out) }()
	t.Cleanup(func() { cancel(); <-done })
	return out
}

// waitFor reads changes until one is about path. Events only arrive when
// the kernel sends them, so this waits on a channel, bounded by a generous
// timeout that only a missing event reaches.
func waitFor(t *testing.T, out <-chan change, path string) change {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case c := <-out:
			require.False(t, isEditorTemp(filepath.Base(c.path)), "editor temp file reported: %s", c.path)
			if c.path == path {
				return c
			}
		case <-timeout:
			t.Fatalf("no event for %s", path)
		}
	}
}

// waitForKind reads changes until one of the given kind is about path.
func waitForKind(t *testing.T, out <-chan change, path string, kind changeKind) {
	t.Helper()
	for waitFor(t, out, path).kind != kind {
	}
}

// eventually repeats write until an event about path arrives: for states
// that the watcher reaches asynchronously. Each try waits up to 250ms.
func eventually(t *testing.T, out <-chan change, path string, write func(i int)) {
	t.Helper()
	for i := range 40 {
		write(i)
		timeout := time.After(250 * time.Millisecond)
	wait:
		for {
			select {
			case c := <-out:
				if c.path == path {
					return
				}
			case <-timeout:
				break wait
			}
		}
	}
	t.Fatalf("no event for %s", path)
}

// waitAny waits for the next change.
func waitAny(t *testing.T, out <-chan change) change {
	t.Helper()
	select {
	case c := <-out:
		return c
	case <-time.After(10 * time.Second):
		t.Fatal("no event")
	}
	return change{}
}

func ws(dir string) watchSet {
	return watchSet{trees: []string{filepath.Join(dir, "content")}, files: []string{filepath.Join(dir, "docproof.yaml")}}
}

func TestNotifyWatcherEditorSaves(t *testing.T) {
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	page := filepath.Join(content, "agent", "tokens.md")
	writeFile(t, page, "v1")
	writeFile(t, filepath.Join(dir, "docproof.yaml"), "title: a\n")
	out := startWatcher(t, dir)

	t.Run("in-place write is a content change", func(t *testing.T) {
		require.NoError(t, os.WriteFile(page, []byte("v2"), 0o644))
		assert.Equal(t, contentChange, waitFor(t, out, page).kind)
	})
	t.Run("vim: swap file, 4913 probe, backup rename, new file", func(t *testing.T) {
		swap := filepath.Join(content, "agent", ".tokens.md.swp")
		writeFile(t, swap, "swap")
		writeFile(t, filepath.Join(content, "agent", "4913"), "")
		require.NoError(t, os.Remove(filepath.Join(content, "agent", "4913")))
		require.NoError(t, os.Rename(page, page+"~"))
		writeFile(t, page, "v3")
		require.NoError(t, os.Remove(page+"~"))
		require.NoError(t, os.Remove(swap))
		waitForKind(t, out, page, structuralChange)
	})
	t.Run("JetBrains safe write", func(t *testing.T) {
		tmp := page + "___jb_tmp___"
		writeFile(t, tmp, "v4")
		require.NoError(t, os.Rename(page, page+"___jb_old___"))
		require.NoError(t, os.Rename(tmp, page))
		require.NoError(t, os.Remove(page+"___jb_old___"))
		waitFor(t, out, page)
	})
	t.Run("emacs lock and autosave", func(t *testing.T) {
		require.NoError(t, os.Symlink("user@host.1234", filepath.Join(content, "agent", ".#tokens.md")))
		writeFile(t, filepath.Join(content, "agent", "#tokens.md#"), "autosave")
		require.NoError(t, os.WriteFile(page, []byte("v5"), 0o644))
		waitFor(t, out, page)
	})
	t.Run("new folder with a file written right away", func(t *testing.T) {
		newPage := filepath.Join(content, "new", "deep", "page.md")
		writeFile(t, newPage, "new")
		waitFor(t, out, filepath.Join(content, "new"))
		// The folders' watches are added as their events arrive (the rebuild
		// the folder's event triggers covers a write in that instant): from
		// then on a write inside the new folder is seen.
		eventually(t, out, newPage, func(i int) { require.NoError(t, os.WriteFile(newPage, []byte(fmt.Sprint("newer ", i)), 0o644)) })
	})
	t.Run("folder renamed, then edited under its new name", func(t *testing.T) {
		require.NoError(t, os.Rename(filepath.Join(content, "new"), filepath.Join(content, "moved")))
		waitFor(t, out, filepath.Join(content, "moved"))
		// fsnotify re-watches the moved folder as its events arrive: a write
		// landing in that instant is covered by the rebuild the rename itself
		// triggers, and from then on the folder is watched under its new name.
		top := filepath.Join(content, "moved", "top.md")
		eventually(t, out, top, func(i int) { writeFile(t, top, fmt.Sprint("top ", i)) })
		// Deeper folders keep their watch; fsnotify may still name them by
		// their old path, which is harmless: every event means "rebuild all".
		require.NoError(t, os.WriteFile(filepath.Join(content, "moved", "deep", "page.md"), []byte("moved"), 0o644))
		c := waitAny(t, out)
		assert.True(t, ws(dir).relevant(c.path), c.path)
	})
	t.Run("folder moved in from outside the tree", func(t *testing.T) {
		outside := filepath.Join(dir, "elsewhere")
		writeFile(t, filepath.Join(outside, "sub", "x.md"), "x")
		require.NoError(t, os.Rename(outside, filepath.Join(content, "in")))
		waitFor(t, out, filepath.Join(content, "in"))
		x := filepath.Join(content, "in", "sub", "x.md")
		require.NoError(t, os.WriteFile(x, []byte("x2"), 0o644))
		waitFor(t, out, x)
	})
	t.Run("delete a file", func(t *testing.T) {
		x := filepath.Join(content, "in", "sub", "x.md")
		require.NoError(t, os.Remove(x))
		waitForKind(t, out, x, structuralChange)
	})
	t.Run("config replaced by an atomic rename", func(t *testing.T) {
		cfg := filepath.Join(dir, "docproof.yaml")
		writeFile(t, cfg+".tmp", "title: b\n")
		require.NoError(t, os.Rename(cfg+".tmp", cfg))
		waitFor(t, out, cfg)
		require.NoError(t, os.WriteFile(cfg, []byte("title: c\n"), 0o644))
		waitFor(t, out, cfg)
	})
	t.Run("content folder deleted and created again", func(t *testing.T) {
		require.NoError(t, os.RemoveAll(content))
		waitFor(t, out, content)
		writeFile(t, page, "reborn")
		waitFor(t, out, content) // its creation is seen: that alone rebuilds
		// and the new folder is watched as soon as its creation is handled.
		eventually(t, out, page, func(i int) { writeFile(t, page, fmt.Sprint("reborn ", i)) })
	})
}

func TestWatchSetRelevant(t *testing.T) {
	ws := watchSet{trees: []string{"/site/content"}, files: []string{"/site/docproof.yaml"}}
	tests := []struct {
		path string
		want bool
	}{
		{"/site/content", true},
		{"/site/content/a.md", true},
		{"/site/content/x/y/z.png", true},
		{"/site/docproof.yaml", true},
		{"/site/content/.a.md.swp", false},
		{"/site/content/a.md~", false},
		{"/site/docproof.yaml~", false},
		{"/site/content-old/a.md", false},
		{"/site/public/index.html", false},
		{"/site/README.md", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, ws.relevant(tt.path), tt.path)
	}
}

func TestPollerFingerprint(t *testing.T) {
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	page := filepath.Join(content, "a.md")
	writeFile(t, page, "aaaa")
	ws, err := newWatchSet([]string{content}, []string{filepath.Join(dir, "docproof.yaml")})
	require.NoError(t, err)
	p := poller{ws: ws}
	fp := p.fingerprint()
	assert.Equal(t, fp, p.fingerprint(), "stable when nothing changed")

	writeFile(t, filepath.Join(content, ".a.md.swp"), "swap")
	assert.Equal(t, fp, p.fingerprint(), "editor temp files do not count")

	steps := []struct {
		name string
		do   func()
	}{
		{"same size, new mtime", func() {
			require.NoError(t, os.WriteFile(page, []byte("bbbb"), 0o644))
			require.NoError(t, os.Chtimes(page, time.Unix(1, 0), time.Unix(1, 0)))
		}},
		{"new file", func() { writeFile(t, filepath.Join(content, "b.md"), "b") }},
		{"new empty folder", func() { require.NoError(t, os.Mkdir(filepath.Join(content, "empty"), 0o755)) }},
		{"rename", func() { require.NoError(t, os.Rename(filepath.Join(content, "b.md"), filepath.Join(content, "c.md"))) }},
		{"delete", func() { require.NoError(t, os.Remove(filepath.Join(content, "c.md"))) }},
		{"config created", func() { writeFile(t, filepath.Join(dir, "docproof.yaml"), "title: x") }},
		{"mode change", func() { require.NoError(t, os.Chmod(page, 0o600)) }},
	}
	for _, s := range steps {
		s.do()
		next := p.fingerprint()
		assert.NotEqual(t, fp, next, s.name)
		fp = next
	}
}

// TestPollerRun: the polling fallback reports a change within one interval,
// and nothing while the tree is unchanged (virtual time, no sleeps).
func TestPollerRun(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "content", "a.md")
	writeFile(t, page, "a")
	ws, err := newWatchSet([]string{filepath.Join(dir, "content")}, nil)
	require.NoError(t, err)
	synctest.Test(t, func(t *testing.T) {
		out := make(chan change, 8)
		p := poller{ws: ws, interval: 100 * time.Millisecond, clock: realClock{}}
		ready := make(chan struct{})
		go p.run(t.Context(), out, func() { close(ready) })
		<-ready
		time.Sleep(time.Second)
		synctest.Wait()
		assert.Empty(t, out, "no change, no event")
		writeFile(t, filepath.Join(dir, "content", "b.md"), "b")
		time.Sleep(100 * time.Millisecond)
		synctest.Wait()
		assert.Len(t, out, 1)
	})
}

// TestWatchFallsBackToPolling: with poll set (what a failed
// fsnotify.NewWatcher or exhausted inotify watches lead to) changes are
// still reported.
func TestWatchFallsBackToPolling(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "content", "a.md")
	writeFile(t, page, "a")
	ws, err := newWatchSet([]string{filepath.Join(dir, "content")}, nil)
	require.NoError(t, err)
	synctest.Test(t, func(t *testing.T) {
		out := make(chan change, 8)
		ready := make(chan struct{})
		go func() {
			_ = watch(t.Context(), ws, true, 50*time.Millisecond, realClock{}, io.Discard, out, func() { close(ready) })
		}()
		<-ready
		writeFile(t, page, "changed")
		time.Sleep(50 * time.Millisecond)
		synctest.Wait()
		assert.Len(t, out, 1)
	})
}

// TestNotifyWatcherFallsBackWhenWatchesRunOut: when the kernel refuses
// another watch (the inotify limit) for a folder created later, the native
// watcher gives up with errFallBack, which makes watch() poll instead.
func TestNotifyWatcherFallsBackWhenWatchesRunOut(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "content", "index.md"), "x")
	n, err := newNotifyWatcher(ws(dir), io.Discard)
	require.NoError(t, err)
	n.addWatch = func(string) error { return fmt.Errorf("inotify_add_watch: %w", syscall.ENOSPC) }
	done := make(chan error, 1)
	go func() { done <- n.run(t.Context(), make(chan change, 64)) }()
	writeFile(t, filepath.Join(dir, "content", "new", "page.md"), "y")
	select {
	case err := <-done:
		require.ErrorIs(t, err, errFallBack)
	case <-time.After(10 * time.Second):
		t.Fatal("the watcher did not give up")
	}

	for _, errno := range []syscall.Errno{syscall.ENOSPC, syscall.EMFILE, syscall.ENFILE} {
		n.addWatch = func(string) error { return errno }
		assert.ErrorIs(t, n.add(dir), errFallBack, errno.Error())
	}
	n.addWatch = func(string) error { return syscall.EACCES }
	err = n.add(dir)
	assert.NotErrorIs(t, err, errFallBack)
	assert.ErrorIs(t, err, syscall.EACCES)
}
