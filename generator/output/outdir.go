package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// MarkerFile is the file docproof writes at the root of every output folder
// it publishes. A build replaces a non-empty --out folder only when it
// carries this file: a folder docproof did not make is never replaced.
const MarkerFile = ".docproof-output"

// markerText is MarkerFile's content: it says what the folder is to whoever
// finds it.
const markerText = "This folder is a site published by docproof (docproof build --out).\n" +
	"The next build replaces all of it: keep nothing else here.\n"

// legacySignature is in the head of every page the built-in templates
// render. An output folder published before docproof wrote MarkerFile is
// recognised by its index.html or 404.html carrying it.
var legacySignature = []byte(`<meta name="generator" content="docproof">`)

// systemDirs are folders an --out must never be, contain or lie inside.
var systemDirs = []string{
	"/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/proc", "/run",
	"/sbin", "/sys", "/usr", "/System", "/Library", "/private/etc", "/private/var/db",
}

// sharedDirs are folders an --out must never be or contain; a folder below
// them (/var/www/site, /tmp/site, /home/ann/site) is fine.
var sharedDirs = []string{"/var", "/opt", "/srv", "/home", "/Users", "/mnt", "/media", "/tmp", "/private", "/Applications"}

// CheckOutDir refuses (with an error saying why and what to do) an --out folder that publishing could destroy
// something in. out is absolute. Refused: a system folder, the root, the
// home, working, content or templates folder or a folder holding one of
// them; a folder inside a system folder; and an existing folder that is not
// empty and was not published by docproof (MarkerFile, or an older
// docproof's pages). protect lists the folders an --out must not hold or be
// inside of, with how to name them.
func CheckOutDir(flag, out string, protect []Protected) error {
	refuse := func(why string) error {
		return fmt.Errorf("--out %s %s; docproof replaces the whole --out folder, so pass --out with a new folder (for example public)", flag, why)
	}
	for _, p := range outForms(out) {
		if isRoot(p) {
			return refuse("is the file system's root")
		}
		for _, d := range systemDirs {
			if within(p, d) || within(d, p) {
				return refuse(fmt.Sprintf("is, holds or lies inside the system folder %s", d))
			}
		}
		for _, d := range append(sharedDirs, os.TempDir()) {
			if within(d, p) {
				return refuse(fmt.Sprintf("is or holds the shared folder %s", d))
			}
		}
		for _, d := range protect {
			if within(d.Path, p) {
				return refuse(fmt.Sprintf("is or holds %s (%s)", d.What, d.Shown))
			}
			if d.NoInside && within(p, d.Path) {
				return refuse(fmt.Sprintf("lies inside %s (%s): its pages would be read back as sources", d.What, d.Shown))
			}
		}
	}
	return checkOwnFolder(flag, out)
}

// Protected is a folder an --out must not be or hold (noInside: nor lie
// inside), named for the error.
type Protected struct {
	Path, What string // Path is absolute; What names it ("the home folder")
	Shown      string // Path as the user gave it
	NoInside   bool   // an --out inside it is refused too
}

// outForms is out as given and with its symlinks resolved (as far as it
// exists), so a link to a system folder is refused like the folder.
func outForms(out string) []string {
	forms := []string{out}
	existing, rest := out, ""
	for {
		if real, err := filepath.EvalSymlinks(existing); err == nil {
			if r := filepath.Join(real, rest); r != out {
				forms = append(forms, r)
			}
			return forms
		}
		parent := filepath.Dir(existing)
		if parent == existing {
			return forms
		}
		existing, rest = parent, filepath.Join(filepath.Base(existing), rest)
	}
}

// isRoot reports whether p is a file system root ("/", "C:\").
func isRoot(p string) bool { return filepath.Dir(p) == p }

// checkOwnFolder accepts an --out that does not exist, is an empty folder,
// or is a folder docproof published; anything else is refused, saying why
// and what to do.
func checkOwnFolder(flag, out string) error {
	fi, err := os.Lstat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR): // nothing there yet (or a file in its path: publishing says so)
		return nil
	case err != nil:
		return fmt.Errorf("cannot read --out %s: %v", flag, err)
	case fi.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("--out %s is a symlink; docproof publishes by replacing the folder itself, so pass --out with the real folder", flag)
	case !fi.IsDir():
		return fmt.Errorf("--out %s is a file, not a directory: the site would replace it (pass --out DIR, or remove the file)", flag)
	}
	if ownFolder(out) {
		return nil
	}
	return fmt.Errorf("--out %s is a folder docproof did not create (it is not empty and holds no %s file); "+
		"docproof replaces the whole --out folder, so it refuses to: pass --out with a new or empty folder, "+
		"or delete %s yourself if nothing in it is needed", flag, MarkerFile, flag)
}

// ownFolder reports whether the folder dir may be replaced: it is empty,
// holds MarkerFile, or is the site an older docproof published (its
// index.html or 404.html carries legacySignature).
func ownFolder(dir string) bool {
	if fi, err := os.Lstat(filepath.Join(dir, MarkerFile)); err == nil && fi.Mode().IsRegular() {
		return true
	}
	f, err := os.Open(dir)
	if err != nil {
		return false
	}
	names, err := f.Readdirnames(1)
	f.Close()
	if errors.Is(err, io.EOF) && len(names) == 0 {
		return true
	}
	for _, page := range []string{"index.html", "404.html"} {
		if hasLegacySignature(filepath.Join(dir, page)) {
			return true
		}
	}
	return false
}

// hasLegacySignature reports whether the head of the regular file at p
// (its first 8 KiB) carries legacySignature.
func hasLegacySignature(p string) bool {
	if fi, err := os.Lstat(p); err != nil || !fi.Mode().IsRegular() {
		return false
	}
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 8<<10)
	n, _ := io.ReadFull(f, head)
	return bytes.Contains(head[:n], legacySignature)
}

// HomeDir is the user's home folder, or "" when unknown.
func HomeDir() string {
	h, err := os.UserHomeDir()
	if err != nil || h == "" || !filepath.IsAbs(h) {
		return ""
	}
	return filepath.Clean(h)
}

// within reports whether path is dir or lies below it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
