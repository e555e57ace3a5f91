package secret

import (
	"os"
	"testing"
)

// BenchmarkMayUnfoldPage measures the gate every written file goes through,
// on a page of the built site (DOCPROOF_BENCH_PAGE) or a synthetic one.
func BenchmarkMayUnfoldPage(b *testing.B) {
	page := []byte(`<p class="note">It&#39;s &quot;fine&quot; &amp; 100% safe: <a href="/tokens/">tokens</a></p>` + "\n")
	if p := os.Getenv("DOCPROOF_BENCH_PAGE"); p != "" {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		page = data
	}
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		MayUnfold(page, true)
	}
}
