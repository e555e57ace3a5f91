// Package space is the white-space rule of the search index's text, which
// rendering applies to headings and section text as it gathers them:
// Collapse is strings.Join(strings.Fields(s), " ") without the slice of
// fields, AppendCollapsed the same into a buffer.
package space

import (
	"unicode"
	"unicode/utf8"
)

// Collapse returns s with leading and trailing white space removed and
// every run of white space inside it replaced by one ' ': exactly
// strings.Join(strings.Fields(s), " "), without the slice of fields. Text
// that is already collapsed comes back as it is, without a copy. It runs on
// every heading and search-index section, so it is on a cold build's hot path.
func Collapse(s string) string {
	if isCollapsed(s) {
		return s
	}
	return string(AppendCollapsed(make([]byte, 0, len(s)), s))
}

// IsASCII reports the bytes below utf8.RuneSelf that unicode.IsSpace
// reports: ' ' and '\t', '\n', '\v', '\f', '\r' (9 to 13).
func IsASCII(c byte) bool { return c == ' ' || c-'\t' <= '\r'-'\t' }

// spaceAt reports whether the character at s[i] (not ASCII) is white space
// as unicode.IsSpace sees it, and its length; invalid UTF-8 is one byte of
// U+FFFD, not a space, as strings.Fields reads it.
func spaceAt[T string | []byte](s T, i int) (space bool, size int) {
	n := min(len(s)-i, utf8.UTFMax)
	r, size := utf8.DecodeRuneInString(string(s[i : i+n])) // ≤ 4 bytes: converted on the stack
	return unicode.IsSpace(r), size
}

// AppendCollapsed appends Collapse(s) to dst. Text that is collapsed
// already (printable ASCII words with single spaces between them: nearly all
// of it) is copied a run at a time. dst may be s[:0]: the output never
// passes the input.
func AppendCollapsed[T string | []byte](dst []byte, s T) []byte {
	start := len(dst)
	pending := false // a separator is due before the next word
	for i := 0; i < len(s); {
		c := s[i]
		if c > ' ' && c < utf8.RuneSelf { // a word: copy it and what follows it collapsed
			j := i + 1
			for j < len(s) {
				if c := s[j]; c > ' ' && c < utf8.RuneSelf {
					j++
				} else if c == ' ' && j+1 < len(s) && s[j+1] > ' ' && s[j+1] < utf8.RuneSelf {
					j += 2
				} else {
					break
				}
			}
			if pending {
				dst = append(dst, ' ')
				pending = false
			}
			dst = append(dst, s[i:j]...)
			i = j
			continue
		}
		size := 1
		space := IsASCII(c)
		if c >= utf8.RuneSelf {
			space, size = spaceAt(s, i)
		}
		if space {
			pending = len(dst) > start
		} else {
			if pending {
				dst = append(dst, ' ')
				pending = false
			}
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return dst
}

// isCollapsed reports whether Collapse would return s unchanged: white
// space only as single ASCII spaces, and not at either end.
func isCollapsed(s string) bool {
	prevSpace := true // a space at the start is not collapsed
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
			i++
		case c >= utf8.RuneSelf:
			space, size := spaceAt(s, i)
			if space {
				return false
			}
			prevSpace = false
			i += size
		case IsASCII(c):
			return false
		default:
			prevSpace = false
			i++
		}
	}
	return !prevSpace || s == ""
}
