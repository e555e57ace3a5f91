package output

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/gofrs/flock"
)

// Every build that writes an output holds a shared lock (flock) on the
// output's parent folder until its temp dir is published or removed: no
// lock file is created. A build that gets the lock exclusively knows no other build of
// that output is running, so every temp dir beside the output is a killed
// build's: it removes them before it starts. A build that finds another
// running leaves them to a later build.

// tempPrefix starts the names of the temp dirs of out's builds.
func tempPrefix(out string) string { return "." + filepath.Base(out) + "-tmp-" }

// outputLock is a build's shared lock on its output.
type outputLock struct{ f *flock.Flock }

// lockOutput takes the shared lock on out's parent, removing stale temp
// dirs first when no other build holds it. Where the system cannot lock a
// folder, the build goes on without the lock and removes nothing: a temp
// dir is only ever removed when it provably belongs to no running build.
func lockOutput(out string, step func(string)) *outputLock {
	f := flock.New(filepath.Dir(out), flock.SetFlag(os.O_RDONLY))
	alone, err := f.TryLock()
	if err != nil {
		return nil
	}
	l := &outputLock{f: f}
	if alone {
		for _, p := range staleTrees(out) {
			step("remove stale " + filepath.Base(p))
			_ = os.RemoveAll(p)
		}
	}
	if err := f.RLock(); err != nil { // from exclusive to shared: other builds may start now
		l.release()
		return nil
	}
	return l
}

// release drops the lock; a nil lock is fine.
func (l *outputLock) release() {
	if l != nil {
		_ = l.f.Close()
	}
}

// staleTrees lists what earlier builds of out left beside it: temp dirs
// (".public-tmp-*": a killed build's tree, or the site it had just replaced)
// and the spare tree older docproof kept (".public-spare-public").
func staleTrees(out string) []string {
	parent, base := filepath.Dir(out), filepath.Base(out)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil
	}
	var stale []string
	for _, e := range entries {
		if name := e.Name(); strings.HasPrefix(name, tempPrefix(out)) || name == ".public-spare-"+base {
			stale = append(stale, filepath.Join(parent, name))
		}
	}
	return stale
}
