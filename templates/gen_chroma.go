//go:build ignore

// gen_chroma writes assets/chroma.css: `go generate ./templates`.
package main

import (
	"bytes"
	"log"
	"os"

	"github.com/docproof/docproof/templates/internal/chromacss"
)

func main() {
	var buf bytes.Buffer
	if err := chromacss.Generate(&buf, chromacss.LightStyle, chromacss.DarkStyle); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("assets/chroma.css", buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}
