package generator

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// collapseSpace returns s with leading and trailing white space removed and
// every run of white space inside it replaced by one ' ': exactly
// strings.Join(strings.Fields(s), " "), without the slice of fields. Text
// that is already collapsed comes back as it is, without a copy. It runs on
// every heading and search-index section, so it is on a cold build's hot path.
func collapseSpace(s string) string {
	if isCollapsed(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false // a separator is due before the next word
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if unicode.IsSpace(r) {
			pending = b.Len() > 0
		} else {
			if pending {
				b.WriteByte(' ')
				pending = false
			}
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isCollapsed reports whether collapseSpace would return s unchanged: ASCII
// spaces only, single, and not at either end; any other byte at or above
// utf8.RuneSelf sends s the slow way (it may be a Unicode space).
func isCollapsed(s string) bool {
	prevSpace := true // a space at the start is not collapsed
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
		case c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c >= utf8.RuneSelf:
			return false
		default:
			prevSpace = false
		}
	}
	return !prevSpace || s == ""
}
