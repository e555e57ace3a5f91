package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watchSet is what a rebuild depends on: directory trees watched recursively
// (content/, templates/) and single files (the site config).
type watchSet struct {
	trees []string // absolute, cleaned
	files []string // absolute, cleaned
}

func newWatchSet(trees, files []string) (watchSet, error) {
	var ws watchSet
	for _, t := range trees {
		abs, err := filepath.Abs(t)
		if err != nil {
			return ws, fmt.Errorf("watch %s: %w", t, err)
		}
		ws.trees = append(ws.trees, abs)
	}
	for _, f := range files {
		abs, err := filepath.Abs(f)
		if err != nil {
			return ws, fmt.Errorf("watch %s: %w", f, err)
		}
		ws.files = append(ws.files, abs)
	}
	return ws, nil
}

// relevant reports whether a change at path can affect the build: it is
// inside a tree, is a tree root, or is a watched file; editors' temporary
// files are not.
func (ws watchSet) relevant(path string) bool {
	if isEditorTemp(filepath.Base(path)) {
		return false
	}
	for _, f := range ws.files {
		if path == f {
			return true
		}
	}
	return ws.inTree(path)
}

func (ws watchSet) inTree(path string) bool {
	for _, t := range ws.trees {
		if path == t || strings.HasPrefix(path, t+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// parents are the directories whose entries name the trees and files: they
// are watched (non-recursively) so that a config file replaced by an atomic
// rename, or a content/ folder deleted and created again, is noticed.
func (ws watchSet) parents() []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range append(append([]string{}, ws.trees...), ws.files...) {
		if d := filepath.Dir(p); !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	return out
}

// errFallBack means native events cannot cover the tree (no inotify, too many
// watches): the caller switches to polling.
var errFallBack = errors.New("native file events unavailable")

// notifyWatcher watches a watchSet with fsnotify, adding directories created
// later as they appear.
type notifyWatcher struct {
	ws       watchSet
	w        *fsnotify.Watcher
	log      io.Writer
	addWatch func(dir string) error // w.Add; tests simulate exhausted watches
}

func newNotifyWatcher(ws watchSet, log io.Writer) (*notifyWatcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errFallBack, err)
	}
	n := &notifyWatcher{ws: ws, w: w, log: log, addWatch: w.Add}
	for _, p := range ws.parents() {
		if err := n.add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			_ = w.Close()
			return nil, err
		}
	}
	for _, t := range ws.trees {
		if err := n.addTree(t); err != nil {
			_ = w.Close()
			return nil, err
		}
	}
	return n, nil
}

// add watches one directory. Running out of inotify watches or descriptors
// is errFallBack.
func (n *notifyWatcher) add(dir string) error {
	err := n.addWatch(dir)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EMFILE), errors.Is(err, syscall.ENFILE):
		return fmt.Errorf("%w: watching %s: %v", errFallBack, dir, err)
	}
	return fmt.Errorf("watch %s: %w", dir, err)
}

// addTree watches dir and every directory below it. A tree that does not
// exist (yet) is not an error: its parent's watch reports its creation.
func (n *notifyWatcher) addTree(dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // gone meanwhile, or not there yet
			}
			return fmt.Errorf("watch %s: %w", path, err)
		}
		if !d.IsDir() {
			return nil
		}
		if err := n.add(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	})
}

// run sends a change for every relevant event until ctx is done. It returns
// errFallBack when the watches can no longer cover the tree.
func (n *notifyWatcher) run(ctx context.Context, out chan<- change) error {
	defer n.w.Close()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-n.w.Events:
			if !ok {
				return nil
			}
			if err := n.handle(ctx, ev, out); err != nil {
				return err
			}
		case err, ok := <-n.w.Errors:
			if !ok {
				return nil
			}
			if !errors.Is(err, fsnotify.ErrEventOverflow) {
				fmt.Fprintf(n.log, "watch: %v\n", err)
			}
			// Events were lost: re-add every directory (new ones may be
			// unwatched) and rebuild, which reads the whole tree anyway.
			for _, t := range n.ws.trees {
				if err := n.addTree(t); err != nil {
					return err
				}
			}
			if !send(ctx, out, change{"", structuralChange}) {
				return nil
			}
		}
	}
}

func (n *notifyWatcher) handle(ctx context.Context, ev fsnotify.Event, out chan<- change) error {
	if !n.ws.relevant(ev.Name) {
		return nil
	}
	kind := structuralChange
	if ev.Op&(fsnotify.Create|fsnotify.Remove|fsnotify.Rename) == 0 {
		kind = contentChange
	}
	if ev.Has(fsnotify.Rename) && n.ws.inTree(ev.Name) {
		// A watched folder moved: fsnotify drops the watch of the name it
		// left, which is the same inode as the name it arrived at. Watch
		// every folder again so its new name stays covered.
		for _, t := range n.ws.trees {
			if err := n.addTree(t); err != nil {
				return err
			}
		}
	}
	if ev.Has(fsnotify.Create) && n.ws.inTree(ev.Name) {
		if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
			// A new folder (or one moved in): watch it and everything
			// already inside it before anything else is written there.
			if err := n.addTree(ev.Name); err != nil {
				return err
			}
		}
	}
	send(ctx, out, change{ev.Name, kind})
	return nil
}

func send(ctx context.Context, out chan<- change, c change) bool {
	select {
	case out <- c:
		return true
	case <-ctx.Done():
		return false
	}
}

// watch reports changes to ws on out until ctx is done, with native events
// when it can and by polling every interval when it cannot (or when poll is
// set). It calls ready once the watches are in place.
func watch(ctx context.Context, ws watchSet, poll bool, interval time.Duration, clock Clock, log io.Writer, out chan<- change, ready func()) error {
	if !poll {
		n, err := newNotifyWatcher(ws, log)
		if err == nil {
			ready()
			err = n.run(ctx, out)
		}
		if !errors.Is(err, errFallBack) {
			return err
		}
		fmt.Fprintf(log, "watch: %v; polling every %v instead\n", err, interval)
		if !send(ctx, out, change{"", structuralChange}) { // changes may have been missed
			return nil
		}
	}
	p := poller{ws: ws, interval: interval, clock: clock}
	p.run(ctx, out, ready)
	return nil
}
