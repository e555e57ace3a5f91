// Package headingid makes heading ids the way the Buildkite docs site
// does, for docproof.yaml's "heading_ids: nested":
//
//   - Slug turns a heading's text into words joined by dashes, spelling
//     out the symbols that carry meaning ("C++" → "c-plus-plus", "a & b" →
//     "a-and-b", "v2.1" → "v2-dot-1"), dropping other punctuation and
//     apostrophes, and folding runs of dashes into one.
//   - Nest prefixes the id of every heading below h2 with the id of its
//     parent heading: "### Using the REST API" under "## Create a token" is
//     "create-a-token-using-the-rest-api".
package headingid

import (
	"regexp"
	"strings"
	"unicode"
)

// words are the symbols Slug spells out, with the text around them that
// goes with them, as the site's slugs show.
var words = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`\.{3,}`), " dot dot dot "},
	{regexp.MustCompile(`\s*&\s*`), " and "},
	{regexp.MustCompile(`\s*@\s*`), " at "},
	{regexp.MustCompile(`\s*\+\s*`), " plus "},
	{regexp.MustCompile(`\s*%\s*`), " percent "},
	{regexp.MustCompile(`\s*=\s*`), " equals "},
	{regexp.MustCompile(`\s*\*\s*`), " star "},
	{regexp.MustCompile(`\s+/\s+`), " slash "},
}

// dot is a full stop between two non-space characters ("v2.1", "a.yml").
var dot = regexp.MustCompile(`(\S)\.(\S)`)

// Slug is the id of a heading whose plain text is text.
func Slug(text string) string {
	s := text
	for _, w := range words {
		if strings.ContainsAny(s, "&@+%=*/.") {
			s = w.re.ReplaceAllString(s, w.with)
		}
	}
	for strings.Contains(s, ".") && dot.MatchString(s) { // overlapping matches: "1.2.3"
		s = dot.ReplaceAllString(s, "$1 dot $2")
	}
	var b strings.Builder
	dash := false
	runes := []rune(strings.ToLower(s))
	for i, r := range runes {
		switch {
		case r == '\'' || r == '’' || r == 'ʼ':
			// an apostrophe inside a word goes ("don't" → "dont"); elsewhere it separates
			if i > 0 && i+1 < len(runes) && unicode.IsLetter(runes[i-1]) && unicode.IsLetter(runes[i+1]) {
				continue
			}
			dash = b.Len() > 0
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash {
				b.WriteByte('-')
				dash = false
			}
			b.WriteRune(r)
		default:
			dash = b.Len() > 0
		}
	}
	return b.String()
}

// Nest returns each heading's id given every heading's level (1 to 6) and
// own id, in document order: h1 and h2 keep their own id; a deeper heading
// gets its parent's id (the nearest heading before it with a lower level),
// a dash and its own. A heading without a parent keeps its own id.
func Nest(levels []int, own []string) []string {
	ids := make([]string, len(own))
	var stack []int // indexes of the open ancestors, levels increasing
	for i, lv := range levels {
		for len(stack) > 0 && levels[stack[len(stack)-1]] >= lv {
			stack = stack[:len(stack)-1]
		}
		ids[i] = own[i]
		if lv > 2 && len(stack) > 0 && levels[stack[len(stack)-1]] >= 2 && own[i] != "" {
			ids[i] = ids[stack[len(stack)-1]] + "-" + own[i]
		}
		stack = append(stack, i)
	}
	return ids
}
