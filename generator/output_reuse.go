package generator

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// Reused trees (double-buffering). Publishing swaps the new tree in and keeps
// the site it replaces beside the output as the spare (spareOf), instead of
// deleting it: the next build claims the spare (a rename) and writes into it.
// Its folders already exist (a page costs no mkdir), a page unchanged since
// that tree was published is already the hard link the disk cache would make,
// and a file no other tree links is truncated in place rather than replaced
// (no inode allocated). Commit first removes everything this build did not
// write (sweep), so the published tree holds exactly the build's files; the
// swap stays one rename and a failed build discards the tree as before.
//
// Why: on a journal-less ext4 every inode freed in the last ~30 s is skipped
// one by one when another is allocated (recently_deleted), so deleting the old
// site at the end of one build made the folder and file creations of the next
// several times slower, and the deletion itself was billed to the build.

// spareOf is where the site a publish replaced is kept for the next build.
func spareOf(out string) string {
	return filepath.Join(filepath.Dir(out), ".public-spare-"+filepath.Base(out))
}

// claimSpare moves the spare of out, if there is one, to tmp (an empty
// folder the build just made) and reports whether it did. A spare that is not
// a folder is removed.
func claimSpare(out, tmp string) bool {
	spare := spareOf(out)
	fi, err := os.Lstat(spare)
	switch {
	case err != nil:
		return false
	case !fi.IsDir():
		_ = os.Remove(spare)
		return false
	}
	return renameOver(spare, tmp) == nil
}

// mark records that rel was written into a reused tree (sweep keeps it).
func (t *diskTree) mark(rel string) {
	if !t.reuse {
		return
	}
	t.mu.Lock()
	t.written[rel] = true
	t.mu.Unlock()
}

// sweep removes from a reused tree every file and folder this build did not
// write or make: what the earlier build left there.
func (t *diskTree) sweep() error {
	if err := t.sweepDir(t.root, "."); err != nil {
		return fmt.Errorf("clear the reused output tree: %w", err)
	}
	return nil
}

func (t *diskTree) sweepDir(dir, rel string) error {
	names, err := readNames(dir)
	if err != nil {
		return err
	}
	for _, name := range names {
		abs, r := filepath.Join(dir, name), path.Join(rel, name)
		switch {
		case t.dirs.has(abs): // made or checked to be a real folder in this build
			err = t.sweepDir(abs, r)
		case t.written[r]: // created or truncated as a regular file in this build, never through a link
		default: // not this build's: whatever it is, it goes
			err = os.RemoveAll(abs)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// has reports whether dir was made (or found to be a folder) in this tree.
func (s *dirSet) has(dir string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.made[dir]
}

// makeWay removes what a reused tree holds at p before a file is created
// there with O_EXCL (static files, the search index, hard links).
func (t *diskTree) makeWay(p string) error {
	if !t.reuse {
		return nil
	}
	_, err := t.dirs.reclaim(p, false)
	return err
}

// keepOld reports whether publish keeps the replaced site as the spare
// rather than deleting it: a folder (not a symlink) on a system that can
// reuse it.
func keepOld(fi fs.FileInfo) bool { return canReuseTrees && fi.IsDir() }

// moveOld moves the published site out away before the new tree is renamed
// in: to its spare when keep, else (or when that fails: a spare in the way) to old,
// which the caller removes. It returns where it went and whether that is
// the spare.
func moveOld(out, old string, keep bool) (string, bool, error) {
	if keep {
		spare := spareOf(out)
		if os.Rename(out, spare) == nil {
			return spare, true, nil
		}
	}
	return old, false, os.Rename(out, old)
}
