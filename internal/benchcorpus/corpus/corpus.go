// Package corpus generates the benchmark documentation corpus: reproducible
// Markdown pages whose samples verify against docproof's mock, laid out both
// as docproof content and as a Hugo site.
package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// Options controls the corpus.
type Options struct {
	Pages int    // number of pages
	Seed  uint64 // the same seed gives byte-identical output
}

// pagesPerSection groups pages into folders, as a real docs tree would be.
const pagesPerSection = 50

// marker names the file Write leaves in the corpus folder: a folder holding
// it was written by Write, so a later Write may replace it.
const marker = ".docproof-benchcorpus"

// Write generates the corpus under dir: dir/content and dir/docproof.yaml for
// docproof, dir/hugo for Hugo (both sites carry the same title). dir must be
// missing, empty, or an earlier corpus (it holds the marker file): any other
// folder is refused, never cleared.
func Write(dir string, opt Options) error {
	if err := clearCorpus(dir); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, marker), nil); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15))
	content := filepath.Join(dir, "content")
	hugoContent := filepath.Join(dir, "hugo", "content")
	for i := 0; i < opt.Pages; i++ {
		rel := PagePath(i)
		md := Page(rng, i, opt.Pages)
		for _, root := range []string{content, hugoContent} {
			if err := writeFile(filepath.Join(root, rel), md); err != nil {
				return err
			}
		}
	}
	index := "---\ntitle: Benchmark corpus\n---\n\n# Benchmark corpus\n\nStart at [the first page](" + PagePath(0) + ").\n"
	if err := writeFile(filepath.Join(content, "index.md"), []byte(index)); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(hugoContent, "_index.md"), []byte(index)); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, "docproof.yaml"), []byte("title: Benchmark corpus\nbase_url: https://bench.example.invalid/\n")); err != nil {
		return err
	}
	return writeHugoSite(filepath.Join(dir, "hugo"))
}

// PagePath is the content-relative path of page i, e.g. "section-03/page-0142.md".
func PagePath(i int) string {
	return fmt.Sprintf("section-%02d/page-%04d.md", i/pagesPerSection, i)
}

// clearCorpus removes dir when it is an earlier corpus; a missing or empty
// dir is left as it is, any other is an error.
func clearCorpus(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("corpus folder %s: %w", dir, err)
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Lstat(filepath.Join(dir, marker)); err != nil {
		return fmt.Errorf("corpus folder %s is not empty and holds no %s, so it was not written by benchcorpus: pass a new or empty folder", dir, marker)
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("clear %s: %w", dir, err)
	}
	return nil
}

func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// link returns a relative link from page `from` to a section anchor of page `to`.
func link(from, to, section int) string {
	target := PagePath(to)
	if from/pagesPerSection == to/pagesPerSection {
		target = filepath.Base(target)
	} else {
		target = "../" + target
	}
	return fmt.Sprintf("%s#%s", target, sectionID(section))
}

func topics() []string {
	return []string{
		"Registration", "Connecting", "Heartbeats", "Polling for work", "Accepting jobs",
		"Streaming logs", "Meta-data", "Artifacts", "Annotations", "Disconnecting",
	}
}

func sectionTitle(s int) string { return fmt.Sprintf("Part %d: %s", s+1, topics()[s%len(topics())]) }

// sectionID is the GitHub-style id of sectionTitle(s).
func sectionID(s int) string {
	t := strings.ToLower(sectionTitle(s))
	t = strings.NewReplacer(":", "", " ", "-").Replace(t)
	return t
}

// words is the vocabulary of the generated prose.
const words = `agent token registration session job queue organization pipeline build step
artifact annotation meta-data log chunk offset sequence heartbeat ping connect disconnect accept start finish
scope revoke access endpoint request response header status secret rotate cluster worker spawn hook plugin`

func sentence(rng *rand.Rand) string {
	vocab := strings.Fields(words)
	n := 8 + rng.IntN(10)
	w := make([]string, n)
	for i := range w {
		w[i] = vocab[rng.IntN(len(vocab))]
	}
	w[0] = strings.ToUpper(w[0][:1]) + w[0][1:]
	return strings.Join(w, " ") + "."
}

func paragraph(rng *rand.Rand, sentences int) string {
	s := make([]string, sentences)
	for i := range s {
		s[i] = sentence(rng)
	}
	return strings.Join(s, " ")
}
