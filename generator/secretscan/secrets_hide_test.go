package secretscan

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// mayHideTokenRef is mayHideToken as first written: one search per prefix.
// shownToken is secret.Shown's form with a prefix.
var shownToken = regexp.MustCompile(`bk[a-z]{2,3}_…`)

func mayHideTokenRef(s string) bool {
	s = shownToken.ReplaceAllString(s, "\x00") // a shown token ("bkaa_…") hides none
	for _, p := range []string{"bkua", "bkaa", "bkaj", "bkar", "bkct", "bkpt", "bkpat", "bkps"} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

func TestMayHideToken(t *testing.T) {
	for _, s := range []string{"", "bk", "bka", "bkar", "xbkar_", "bkpa", "bkpat", "bkpax", "bkbkct", "bkp", "bkps",
		"<span>bk</span>ar", "bkxx bkaj", "no prefix here", "bkzz_bkuz_bkpt", "BKAR",
		"bkaa_…", "bkaa_… bkar", "bkpat_…", "bkbkaa_…", "bkaa_x…", "bkaa_"} {
		assert.Equal(t, mayHideTokenRef(s), mayHideToken(s), "%q", s)
	}
}

// FuzzMayHideToken holds the one-pass mayHideToken equal to one search per
// prefix.
func FuzzMayHideToken(f *testing.F) {
	f.Add("text bkar_x")
	f.Add("bkbkpat")
	f.Add("bkaa_…bkct_…")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := mayHideToken(s), mayHideTokenRef(s); got != want {
			t.Fatalf("mayHideToken(%q) = %v, want %v", s, got, want)
		}
	})
}
