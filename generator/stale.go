package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gofrs/flock"
)

// Every build that writes an output holds a shared lock on a lock file
// beside it (".public-lock") until its temp dir is published or
// removed. A build that gets the lock exclusively knows no other build of
// that output is running, so every temp dir beside the output is a killed
// build's (or, after a publish, a replaced site no one removed): it removes
// them before it starts. A build that finds another running leaves them to
// a later build.

// tempPrefix starts the names of the temp dirs of out's builds.
func tempPrefix(out string) string { return "." + filepath.Base(out) + "-tmp-" }

// outputLock is a build's shared lock on its output.
type outputLock struct{ f *flock.Flock }

// lockOutput takes the shared lock on out, removing stale temp dirs first
// when no other build holds it.
func lockOutput(out string, step func(string)) (*outputLock, error) {
	f := flock.New(filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+"-lock"), flock.SetPermissions(0o644))
	alone, err := f.TryLock()
	if err != nil {
		return nil, fmt.Errorf("cannot lock the output: %w", err)
	}
	if alone {
		removeStaleTrees(out, step)
	}
	if err := f.RLock(); err != nil { // from exclusive to shared: other builds may start now
		f.Close()
		return nil, fmt.Errorf("cannot lock the output: %w", err)
	}
	return &outputLock{f: f}, nil
}

// release drops the lock; a nil lock is fine.
func (l *outputLock) release() {
	if l != nil {
		_ = l.f.Close()
	}
}

// removeStaleTrees removes what killed builds of out left beside it: temp
// dirs (".public-tmp-*", also a replaced site publish left there) and the
// spare tree older docproof kept (".public-spare-public").
func removeStaleTrees(out string, step func(string)) {
	parent, base := filepath.Dir(out), filepath.Base(out)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		if name := e.Name(); strings.HasPrefix(name, tempPrefix(out)) || name == ".public-spare-"+base {
			step("remove stale " + name)
			_ = os.RemoveAll(filepath.Join(parent, name))
		}
	}
}
