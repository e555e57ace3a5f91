package search

import (
	"strings"
	"unicode/utf8"

	"github.com/docproof/docproof/generator/internal/space"
	"github.com/docproof/docproof/generator/secret"
)

// maxSectionText caps the text indexed per section, so one huge section
// cannot bloat the index every reader downloads.
const maxSectionText = 4000

// minOpaque is the length from which a run of letters, digits, '_' and '-'
// that holds a digit counts as opaque: a token value, hash or UUID. Such
// runs are useless as search terms and may be secrets, so the index never
// carries them.
const minOpaque = 20

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// dropOpaque blanks every opaque run in s, in one pass.
func dropOpaque(s string) string {
	var b []byte // allocated on the first opaque run
	for i := 0; i < len(s); {
		if !isWordByte(s[i]) {
			i++
			continue
		}
		j, digit := i, false
		for ; j < len(s) && isWordByte(s[j]); j++ {
			digit = digit || s[j] >= '0' && s[j] <= '9'
		}
		if digit && j-i >= minOpaque {
			if b == nil {
				b = []byte(s)
			}
			for k := i; k < j; k++ {
				b[k] = ' '
			}
		}
		i = j
	}
	if b == nil {
		return s
	}
	return string(b)
}

// Text is s as the index holds it: white space collapsed, opaque and
// token-shaped words dropped, the length capped. Section text comes
// collapsed already and seldom holds anything to drop, so one scan
// (indexClean) usually shows there is nothing to do.
func Text(s string) string {
	if strings.Contains(s, "bk") { // every token shape secret.Find knows starts with "bk"
		s = blankSpans(s, secret.Find(s, nil))
	}
	if !indexClean(s) {
		s = space.Collapse(dropOpaque(s))
	}
	if len(s) > maxSectionText {
		cut := strings.LastIndexByte(s[:maxSectionText], ' ')
		if cut <= 0 {
			cut = maxSectionText
		}
		s = s[:cut]
	}
	return s
}

// indexClean reports whether space.Collapse(dropOpaque(s)) is s itself: s is
// ASCII, collapsed (isCollapsed) and holds no opaque run. Non-ASCII text
// takes the long way.
func indexClean(s string) bool {
	prevSpace := true // a space at the start is not collapsed
	run, digit := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isWordByte(c) {
			run++
			digit = digit || c >= '0' && c <= '9'
			prevSpace = false
			continue
		}
		if digit && run >= minOpaque {
			return false
		}
		run, digit = 0, false
		switch {
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
		case c >= utf8.RuneSelf || space.IsASCII(c):
			return false
		default:
			prevSpace = false
		}
	}
	return !(digit && run >= minOpaque) && (!prevSpace || s == "")
}

// blankSpans replaces the bytes of every span with spaces; overlapping or
// out-of-range spans are tolerated.
func blankSpans(s string, spans []secret.Span) string {
	if len(spans) == 0 {
		return s
	}
	b := []byte(s)
	for _, sp := range spans {
		if sp.Start < 0 || sp.End > len(b) || sp.Start >= sp.End {
			continue
		}
		for i := sp.Start; i < sp.End; i++ {
			b[i] = ' '
		}
	}
	return string(b)
}
