package secretscan

import (
	"strings"

	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/search"
	"github.com/docproof/docproof/generator/secret"
)

// The search index is rewritten whole on any text edit, and it is the
// biggest file of the site (megabytes), so the secrets scan takes its finds
// from its parts instead of reading it: the constant head, middle and tail,
// and each page's fragments, whose finds are cached per page. That equals
// scanning the file when no match can span two parts:
//
//   - every fragment is a JSON object: it starts with '{' and ends with '}',
//     and parts are joined by ',', so text spanning two parts holds one of
//     , [ ] { } — which token shapes never do, and which joinSafe rules out
//     for the issued values;
//   - a token inside a fragment sits in a JSON string, so the character
//     before it and the one after it (the placeholder rules look at both) are
//     inside the fragment too;
//   - the file has no newline before its last byte (JSON escapes them), so
//     every find is on line 1, within a part as in the file.

// joinSafe reports whether no issued value holds a character that joins
// the parts of the search index.
func joinSafe(issued []string) bool {
	for _, v := range issued {
		if strings.ContainsAny(v, ",[]{}") {
			return false
		}
	}
	return true
}

// FragmentFinds is the cached finds of one page's search index fragments.
type FragmentFinds struct {
	of             *markdown.Page
	n              int
	issued         string
	page, sections []find
}

// indexFinds returns the finds of search-index.json as scanFile would return
// them for its bytes, from its n fragments (get returns them in file
// order); ok is false when the file must be read instead (an issued value
// could span two fragments).
func (m Memo) indexFinds(n int, get func(int) (search.PagePart, error), f *secret.Finder, issued string, safe bool) ([]find, bool, error) {
	if !safe {
		return nil, false, nil
	}
	per := make([]FragmentFinds, n)
	for i := range n {
		fr, err := get(i)
		if err != nil {
			return nil, false, err
		}
		per[i] = m.fragmentFinds(fr, f, issued)
	}
	out := scanFile(f, search.Head, ".json")
	for _, e := range per {
		out = append(out, e.page...)
	}
	out = append(out, scanFile(f, search.Mid, ".json")...)
	for _, e := range per {
		out = append(out, e.sections...)
	}
	return append(out, scanFile(f, search.Tail, ".json")...), true, nil
}

// fragmentFinds scans one page's fragments, or answers from the cache when
// the same *markdown.Page at the same position was scanned for the same values.
func (m Memo) fragmentFinds(fr search.PagePart, f *secret.Finder, issued string) FragmentFinds {
	if fr.Of != nil && m.Fragments != nil {
		if e, ok := m.Fragments.Load(fr.URL); ok && e.of == fr.Of && e.n == fr.N && e.issued == issued {
			return e
		}
	}
	e := FragmentFinds{of: fr.Of, n: fr.N, issued: issued,
		page: scanFile(f, string(fr.Page), ".json"), sections: scanFile(f, string(fr.Sections), ".json")}
	if fr.Of != nil && m.Fragments != nil {
		m.Fragments.Store(fr.URL, e)
	}
	return e
}
