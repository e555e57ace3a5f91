package secret

import "strings"

// Shown is how a page shows a token without its value: its kind prefix and
// an ellipsis ("bkaa_…"), or the ellipsis alone. The scans' gates (MayMatch,
// MayUnfold) know this form, so a page that shows masked tokens (the sample
// cards' placeholders) does not pay for a full scan.
func Shown(tok string) string {
	if i := strings.IndexByte(tok, '_'); i >= 0 && shownAt(tok[:i+1]+ellipsis, 0) {
		return tok[:i+1] + ellipsis
	}
	return ellipsis
}

const ellipsis = "…"

// shownAt reports whether s[i:] starts with a Shown form with a prefix: "bk",
// 2 or 3 lower-case letters, "_" and "…". No token starts there, in s or in
// what Unfold makes of it: Unfold leaves letters, "_" and "…" as they are,
// and "…" is no token character, so the shape ends before its 20 characters.
func shownAt[T string | []byte](s T, i int) bool {
	if i+2 > len(s) || s[i] != 'b' || s[i+1] != 'k' {
		return false
	}
	j := i + 2
	for j < len(s) && j-i-2 < 3 && 'a' <= s[j] && s[j] <= 'z' {
		j++
	}
	return j-i-2 >= 2 && j+1+len(ellipsis) <= len(s) && s[j] == '_' && s[j+1] == ellipsis[0] && s[j+2] == ellipsis[1] && s[j+3] == ellipsis[2]
}

// IsShownAt reports whether s[i:] starts with a Shown token with its prefix
// ("bkaa_…"), which no token value starts at.
func IsShownAt(s string, i int) bool { return shownAt(s, i) }
