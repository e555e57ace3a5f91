// Package secret finds and redacts Buildkite token values in text: the values
// a mock issued, and any string of a real Buildkite token shape that is not
// an obvious placeholder.
//
// # Token shape
//
// A token is one of the prefixes bkua_, bkaa_, bkaj_, bkar_, bkct_, bkpt_,
// bkpat_, bkps_, not preceded by a letter or digit, followed by at least 20
// letters or digits. The token runs on over letters, digits, '_', '-' and
// '.' (job tokens are JWT-shaped), minus any trailing '.' or '-'.
//
// # Obvious placeholders
//
// A shaped string is an obvious placeholder, and is not reported, when its
// body (the text after the prefix) does one of these:
//
//   - contains, in any case, example, xxxx, placeholder, redacted, dummy,
//     fake, your, sample or token (bkua_EXAMPLE…, bkar_xxxxxxxx…);
//   - uses at most 3 distinct characters (bkar_aaaa…, bkar_0000…, bkar_abab…);
//   - is mostly a counting run: at least 3 in 4 neighbouring characters step
//     up by one (bkar_abcdefghijklmnopqrstuvwxyz, bkua_0123456789…);
//   - is shorter than 40 characters and followed by "...", "…", "<" or "*"
//     (an elided or templated value).
//
// An exempt string never exempts what is glued to it: a token shape or an
// issued value inside or right after it (bkaa_exampleexample1bkaa_Q8f…) is
// still reported.
//
// Values a mock issued are always reported, whatever they look like; those
// shorter than 8 bytes are ignored because they cannot be told apart from
// ordinary text.
package secret

import (
	"bytes"
	"sort"
	"strconv"
	"strings"
)

// Span is a token found in a string: s[Start:End].
type Span struct {
	Start, End int
	Issued     bool // a value the mock issued; otherwise a real token shape
}

// minIssued is the shortest issued value Find looks for.
const minIssued = 8

// maxElided bounds the body of an elided value ("bkar_Xq3vB9…"): a body as
// long as a whole token's (the shortest, bkua_, has 40) followed by "…" is
// a token with an ellipsis after it, as a cut diff line shows one.
const maxElided = 40

// shapeAt reports whether a token shape starts at s[i]: a known prefix and
// at least 20 letters or digits. It returns where that run of letters and
// digits ends. (A hand-written scan: a regexp is ten times slower here.)
func shapeAt(s string, i int) (int, bool) {
	if !strings.HasPrefix(s[i:], "bk") {
		return 0, false
	}
	j := i + 2
	switch {
	case strings.HasPrefix(s[j:], "pat_"):
		j += 4
	case len(s) >= j+3 && s[j+2] == '_' && isKind(s[j:j+2]):
		j += 3
	default:
		return 0, false
	}
	k := j
	for k < len(s) && isAlnum(s[k]) {
		k++
	}
	return k, k-j >= 20
}

func isKind(k string) bool {
	switch k {
	case "ua", "aa", "aj", "ar", "ct", "pt", "ps":
		return true
	}
	return false
}

// Finder looks for a fixed set of issued values and for token shapes. Build
// it once with NewFinder and reuse it for many strings; it is safe for
// concurrent use.
type Finder struct {
	shaped  map[string]bool // issued values Find's shape scan finds whole
	lengths []int           // distinct lengths of shaped values, longest first
	others  []string        // issued values searched for directly
}

// NewFinder prepares a Finder for the issued values.
func NewFinder(issued []string) *Finder {
	f := &Finder{shaped: map[string]bool{}}
	seen := map[int]bool{}
	for _, v := range issued {
		switch {
		case len(v) < minIssued || f.shaped[v]:
		case isWholeShape(v):
			f.shaped[v] = true
			if !seen[len(v)] {
				seen[len(v)] = true
				f.lengths = append(f.lengths, len(v))
			}
		default:
			f.others = append(f.others, v)
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(f.lengths)))
	sort.Strings(f.others)
	f.others = dedupe(f.others)
	return f
}

func dedupe(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// isWholeShape reports whether the shape scan finds v as exactly one token.
func isWholeShape(v string) bool {
	end, ok := shapeAt(v, 0)
	return ok && extend(v, end) == len(v)
}

func isTokenChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// extend returns where the token whose shape match ends at end really ends.
func extend(s string, end int) int {
	for end < len(s) && isTokenChar(s[end]) {
		end++
	}
	for end > 0 && (s[end-1] == '.' || s[end-1] == '-') {
		end--
	}
	return end
}

// Find returns the spans of issued values and of real token shapes in s,
// in order, overlapping spans merged.
func (f *Finder) Find(s string) []Span {
	var spans []Span
	for _, v := range f.others {
		for i := 0; ; {
			j := strings.Index(s[i:], v)
			if j < 0 {
				break
			}
			spans = append(spans, Span{Start: i + j, End: i + j + len(v), Issued: true})
			i += j + len(v)
		}
	}
	exempt := 0 // end of the last run let through as a placeholder or as part of a word
	for i := 0; ; {
		j := strings.Index(s[i:], "bk")
		if j < 0 {
			break
		}
		start := i + j
		run, ok := shapeAt(s, start)
		if !ok {
			i = start + 2
			continue
		}
		end := extend(s, run)
		switch sp, issued := f.issuedAt(s, start, end); {
		case issued:
			spans = append(spans, sp)
		case start > 0 && isAlnum(s[start-1]) && start >= exempt, IsPlaceholder(s[start:end], s[end:]):
			// Not a token itself, but it never exempts what is glued to
			// it: look for tokens inside the run too, where a shape after
			// a letter or digit of the exempt run counts.
			exempt = max(exempt, end)
			i = start + 2
			continue
		default:
			spans = append(spans, Span{Start: start, End: end})
		}
		i = end
	}
	return merge(spans)
}

// MayMatch reports whether Find could report anything in b, without
// copying it: every token shape and every issued value the shape scan finds
// starts with "bk" (but none starts at a Shown one, "bkaa_…"), and the
// other issued values are looked for directly.
// When it returns false, Find(string(b)) returns no span. It lets a caller
// holding bytes (a written page) skip the string conversion and the scan
// for the common text that holds neither.
func (f *Finder) MayMatch(b []byte) bool {
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte("bk"))
		if j < 0 {
			break
		}
		if !shownAt(b, i+j) { // a Shown token ("bkaa_…") starts no token
			return true
		}
		i += j + 2
	}
	for _, v := range f.others {
		if bytes.Contains(b, []byte(v)) {
			return true
		}
	}
	return false
}

// issuedAt checks whether an issued value starts at start within
// s[start:end]; the span then covers the whole token, so nothing glued to
// the issued value is left readable.
func (f *Finder) issuedAt(s string, start, end int) (Span, bool) {
	for _, n := range f.lengths {
		if start+n <= end && f.shaped[s[start:start+n]] {
			return Span{Start: start, End: end, Issued: true}, true
		}
	}
	return Span{}, false
}

func merge(spans []Span) []Span {
	if len(spans) < 2 {
		return spans
	}
	sort.Slice(spans, func(i, j int) bool {
		if spans[i].Start != spans[j].Start {
			return spans[i].Start < spans[j].Start
		}
		return spans[i].End > spans[j].End
	})
	out := spans[:1]
	for _, sp := range spans[1:] {
		last := &out[len(out)-1]
		if sp.Start < last.End {
			last.End = max(last.End, sp.End)
			last.Issued = last.Issued || sp.Issued
			continue
		}
		out = append(out, sp)
	}
	return out
}

// Find returns the spans of issued values and of real token shapes in s.
// Use a Finder to search many strings for the same issued values.
func Find(s string, issued []string) []Span { return NewFinder(issued).Find(s) }

// Redact replaces every span Find reports with its Mask.
func Redact(s string, issued []string) string { return NewFinder(issued).Redact(s) }

// Redact replaces every span f finds in s with its Mask.
func (f *Finder) Redact(s string) string { return f.Replace(s, Mask) }

// Replace replaces every span f finds in s with what mask makes of it.
func (f *Finder) Replace(s string, mask func(tok string) string) string {
	spans := f.Find(s)
	if len(spans) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		b.WriteString(s[last:sp.Start])
		b.WriteString(mask(s[sp.Start:sp.End]))
		last = sp.End
	}
	b.WriteString(s[last:])
	return b.String()
}

// Mask is the redacted form of a token: its kind prefix, if any, and how
// many characters were hidden, as in "bkar_…(73 chars)".
func Mask(tok string) string {
	prefix := ""
	if _, ok := shapeAt(tok, 0); ok {
		prefix = tok[:strings.IndexByte(tok, '_')+1]
	}
	return prefix + "…(" + strconv.Itoa(len(tok)-len(prefix)) + " chars)"
}

// IsPlaceholder reports whether tok, a string of token shape followed in
// the text by after, is an obvious placeholder (see the package comment).
func IsPlaceholder(tok, after string) bool {
	body := tok[strings.IndexByte(tok, '_')+1:]
	for _, w := range []string{"example", "xxxx", "placeholder", "redacted", "dummy", "fake", "your", "sample", "token"} {
		if containsFold(body, w) {
			return true
		}
	}
	if len(body) < maxElided {
		for _, p := range []string{"...", "…", "<", "*"} {
			if strings.HasPrefix(after, p) {
				return true
			}
		}
	}
	var seen [256]bool
	distinct, steps := 0, 0
	for i := 0; i < len(body); i++ {
		if !seen[body[i]] {
			seen[body[i]] = true
			distinct++
		}
		if i > 0 && body[i] == body[i-1]+1 {
			steps++
		}
	}
	return distinct <= 3 || len(body) > 1 && steps*4 >= (len(body)-1)*3
}

// containsFold reports whether s contains the lower-case ASCII word w, in any case.
func containsFold(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		j := 0
		for j < len(w) && s[i+j]|0x20 == w[j] {
			j++
		}
		if j == len(w) {
			return true
		}
	}
	return false
}
