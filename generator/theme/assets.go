package theme

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// assetsRoot is the folder of the templates FS that holds static assets.
const assetsRoot = "assets"

// hashedName inserts the first 8 hex digits of the SHA-256 of data before
// the extension of name: "site.css" → "site.3f2a1b9c.css".
func hashedName(name string, data []byte) string {
	sum := sha256.Sum256(data)
	h := hex.EncodeToString(sum[:4])
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + h + ext
}

// WriteAssets copies every file under assets/ in fsys to assets/ in w with a
// content-hash name (assets/site.css → assets/site.3f2a1b9c.css) and
// returns the map from logical name, relative to assets/ ("site.css",
// "icons/logo.svg"), to its root-absolute URL ("/assets/site.3f2a1b9c.css").
//
// A templates FS without an assets/ folder yields an empty map. Hidden files
// (".DS_Store", ".gitkeep") are not published.
func WriteAssets(fsys fs.FS, w Writer) (map[string]string, error) {
	urls := map[string]string{}
	err := fs.WalkDir(fsys, assetsRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == assetsRoot && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != assetsRoot {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("asset %s is not a regular file", p)
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		logical := strings.TrimPrefix(p, assetsRoot+"/")
		rel := path.Join(assetsRoot, hashedName(logical, data))
		if err := w.WriteFile(rel, data); err != nil {
			return err
		}
		urls[logical] = "/" + rel
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("writing assets: %w", err)
	}
	return urls, nil
}

// Writer is where the theme writes the files it makes (assets, extras): a
// build's output tree, through the secrets scan.
type Writer interface {
	WriteFile(rel string, data []byte) error
}
