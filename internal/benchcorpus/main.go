// Command benchcorpus writes a reproducible documentation corpus for
// docproof's benchmarks: N pages of about 9 KB of Markdown, each with front
// matter, a {:toc} marker, 8 sections, lists, a table, internal links and 5
// curl samples with JSON response blocks that verify against the mock.
//
//	go run ./internal/benchcorpus -pages 1000 -out /tmp/corpus
//
// The output directory gets content/ (for docproof) and hugo/ (the same
// Markdown laid out as a Hugo site, for the comparison in `make bench`).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/docproof/docproof/internal/benchcorpus/corpus"
)

func main() {
	pages := flag.Int("pages", 1000, "number of pages to generate")
	out := flag.String("out", "", "output directory (required)")
	seed := flag.Uint64("seed", 1, "random seed; the same seed gives the same corpus")
	flag.Parse()
	if *out == "" || *pages < 1 {
		fmt.Fprintln(os.Stderr, "usage: benchcorpus -pages N -out DIR [-seed S]")
		os.Exit(2)
	}
	if err := corpus.Write(*out, corpus.Options{Pages: *pages, Seed: *seed}); err != nil {
		fmt.Fprintln(os.Stderr, "benchcorpus:", err)
		os.Exit(1)
	}
}
