package templates

import (
	"embed"
	"io/fs"
)

//go:generate go run gen_chroma.go

//go:embed *.html assets
var files embed.FS

// FS returns the embedded templates: *.html at the root and assets/ below it.
func FS() fs.FS { return files }
