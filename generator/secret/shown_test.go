package secret

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestShown(t *testing.T) {
	assert.Equal(t, "bkaa_…", Shown("bkaa_"+body73))
	assert.Equal(t, "bkpat_…", Shown("bkpat_"+body73))
	assert.Equal(t, "…", Shown("c0ffee12deadbeef4242"), "no kind prefix: the ellipsis alone")
	assert.Empty(t, Find(Shown("bkar_"+body73), nil))
}

// TestShownTokensKeepTheFastPath: a page that shows masked tokens needs no
// scan, but a real token beside, inside or after one is still seen.
func TestShownTokensKeepTheFastPath(t *testing.T) {
	f := NewFinder(nil)
	for _, text := range []string{"bkaa_…", `"<a class="ph">bkaa_…</a>" and bkpat_… and bkct_…`} {
		assert.False(t, f.MayMatch([]byte(text)), text)
		assert.False(t, MayUnfold(text, true), text)
	}
	for _, text := range []string{
		"bkaa_… bkar_" + body73,
		"bkaa_…bkar_" + body73,
		"bkbkar_" + body73,
		"bkaa_" + body73,
		"bkaa_<b>…</b> b<i>k</i>ar_" + body73,
		"bkaaaa_…", // not a shown form: scanned
	} {
		assert.True(t, f.MayMatch([]byte(text)) || MayUnfold(text, true), text)
	}
}

// FuzzShownGates holds the gates safe with shown tokens about: when
// MayMatch says no, Find finds nothing; when MayUnfold says no, nothing is
// found in any unfolded view either.
func FuzzShownGates(f *testing.F) {
	f.Add("bkaa_… bkar_" + body73)
	f.Add("bkaa_…<i>bk</i>ar_" + body73)
	f.Add(`b"kaa_…` + body73)
	f.Add("bkpat_…&#98;kar_" + body73)
	f.Fuzz(func(t *testing.T, s string) {
		fd := NewFinder(nil)
		if !fd.MayMatch([]byte(s)) && len(fd.Find(s)) > 0 {
			t.Fatalf("MayMatch(%q) = false, but Find finds %v", s, fd.Find(s))
		}
		for _, markup := range []bool{false, true} {
			if !MayUnfold(s, markup) && len(fd.Find(Unfold(s, markup))) > 0 {
				t.Fatalf("MayUnfold(%q, %v) = false, but the unfolded text holds a token", s, markup)
			}
		}
	})
}
