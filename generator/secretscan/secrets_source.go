package secretscan

import (
	"strings"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/secret"
)

// ScanSources is the secret scan of check mode (and of a build that
// failed before publishing), which scans no site: it refuses page sources
// holding a token value the mock issued or a string of a real Buildkite token
// shape, by the same rules as the site scan, so that `docproof check` in CI
// fails on a committed token exactly as `docproof build` would. each hands
// every page source to its function, in page order. Each value is reported
// once, at its first source line, shown only redacted.
func ScanSources(issued []string, each func(fn func(file string, data []byte))) diag.List {
	f := secret.NewFinder(issued)
	seen := map[string]bool{}
	var diags diag.List
	each(func(file string, data []byte) {
		text := string(data)
		line, last := 1, 0
		report := func(line int, value string, issued bool) {
			if seen[value] {
				return
			}
			seen[value] = true
			what, hint := (&Leak{issued: issued}).describe()
			diags = append(diags, diag.Errorf(file, line, "page holds %s: %s", what, secret.Mask(value)).WithHint(hint))
		}
		for _, sp := range f.Find(text) {
			line += strings.Count(text[last:sp.Start], "\n")
			last = sp.Start
			report(line, text[sp.Start:sp.End], sp.Issued)
		}
		// Markdown may hold raw HTML: look through its disguises as the
		// site scan does (the line is the page's first).
		for _, plain := range unfolded(text, true) {
			for _, sp := range f.Find(plain) {
				report(1, plain[sp.Start:sp.End], sp.Issued)
			}
		}
	})
	diags.Sort()
	return diags
}
