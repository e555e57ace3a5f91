package secretscan

import (
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/output"
	"github.com/docproof/docproof/generator/search"
	"github.com/docproof/docproof/generator/secret"
	"github.com/docproof/docproof/generator/source"
)

// Scan is the secrets scan of a site as it is written: it refuses output
// containing any token value a mock issued or any string of a real Buildkite
// token shape that is not an obvious placeholder (the rules are package
// secret's). Every file is scanned from the bytes handed to the output.Tree, when
// they are written, so the scan never lists or re-reads a tree: HTML pages
// (also with their tags removed and entities decoded), the search index
// (from its fragments, generator/searchscan.go), the sitemap, assets and
// copied static files.
//
// Pages are written while other pages' samples still run, so a value a mock
// issues later may be missing from the finder a file was scanned with. finish
// scans such a file again, read back from the tree, unless the rescan cannot
// change its finds: every late value has a token shape and the file holds no
// token prefix at all (mayHideToken), so no shape scan can meet one there.
//
// Each distinct value is reported once, at the page source line that holds
// it when a page does, else at the first output file (in walk order) and
// line. Messages show the value only redacted (bkar_…(73 chars)).
type Scan struct {
	memo Memo

	mu     sync.Mutex
	values []string        // issued values known so far, in the order first seen
	seen   map[string]bool // values as a set
	finder *secret.Finder  // for values
	key    string          // issuedKey(values)
	files  []scanned
	errs   diag.List
}

// scanned is one file's scan.
type scanned struct {
	rel     string
	known   int  // how many of Scan.values the finder knew
	mayHide bool // the text holds a token prefix
	key     string
	finds   []find
}

// New starts the scan of one build's site: memo keeps finds between
// builds, issued are the token values known to be issued already.
func New(memo Memo, issued []string) *Scan {
	s := &Scan{memo: memo, seen: map[string]bool{}}
	s.AddIssued(issued)
	if s.finder == nil {
		s.finder, s.key = secret.NewFinder(nil), issuedKey(nil)
	}
	return s
}

// AddIssued makes the scan look for more issued values from now on (and in
// finish, for the files scanned before).
func (s *Scan) AddIssued(vs []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	grew := false
	for _, v := range vs {
		if !s.seen[v] {
			s.seen[v] = true
			s.values = append(s.values, v)
			grew = true
		}
	}
	if grew {
		s.finder, s.key = secret.NewFinder(s.values), issuedKey(s.values)
	}
}

func (s *Scan) current() (*secret.Finder, string, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.finder, s.key, len(s.values)
}

// File scans the bytes written to rel. key is the hash of everything the
// bytes derive from (a page's HTML key), "" when unknown: with a key, the
// finds of an earlier scan of the same bytes are reused.
func (s *Scan) File(rel string, data []byte, key string) {
	f, ikey, known := s.current()
	if s.memo.Files == nil {
		key = "" // no memo to store under it
	}
	sc := scanned{rel: rel, known: known, key: key}
	var ok bool
	if sc.finds, sc.mayHide, ok = s.memo.load(rel, key, ikey); !ok {
		// Most pages hold neither "bk" (every token prefix starts with it),
		// nor an encoded one (secret.MayUnfold), nor another issued value:
		// then there is nothing to find, and no token prefix to hide,
		// without copying the page into a string.
		ext := strings.ToLower(path.Ext(rel))
		if f.MayMatch(data) || secret.MayUnfold(data, isMarkup(ext)) {
			text := string(data)
			sc.finds, sc.mayHide = scanFile(f, text, ext), mayHideToken(text) || secret.MayUnfold(text, isMarkup(ext))
		}
		s.memo.store(rel, key, ikey, sc.finds, sc.mayHide)
	}
	s.mu.Lock()
	s.files = append(s.files, sc)
	s.mu.Unlock()
}

// Known scans rel, a page whose bytes were not handed over (hard-linked from
// the last build), from the memo; else reads it back from t.
func (s *Scan) Known(t output.Tree, rel, key string) {
	_, ikey, known := s.current()
	if finds, mayHide, ok := s.memo.load(rel, key, ikey); ok {
		s.mu.Lock()
		s.files = append(s.files, scanned{rel: rel, known: known, mayHide: mayHide, key: key, finds: finds})
		s.mu.Unlock()
		return
	}
	data, err := t.ReadFile(rel)
	if err != nil {
		s.Fail(err)
		return
	}
	s.File(rel, data, key)
}

// Fail records that the site could not be scanned whole (err): Finish
// reports it, and the build publishes nothing.
func (s *Scan) Fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errs = append(s.errs, diag.Errorf("", 0, "cannot scan the generated site for token values: %v", err).
		WithHint("the site was not published; check the output directory's permissions and disk space"))
}

// Index scans search-index.json from its n fragments (get returns them in
// file order) with the final set of issued values, or from the bytes in t
// when the fragments cannot stand for them (searchscan.go).
func (s *Scan) Index(t output.Tree, n int, get func(int) (search.PagePart, error)) {
	f, ikey, known := s.current()
	finds, ok, err := s.memo.indexFinds(n, get, f, ikey, joinSafe(s.Issued()))
	if err != nil {
		s.Fail(err)
		return
	}
	if !ok {
		data, err := t.ReadFile(search.Name)
		if err != nil {
			s.Fail(err)
			return
		}
		finds = scanFile(f, string(data), ".json")
	}
	s.mu.Lock()
	s.files = append(s.files, scanned{rel: search.Name, known: known, finds: finds})
	s.mu.Unlock()
}

// Issued returns the values issued so far, sorted.
func (s *Scan) Issued() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	vs := slices.Clone(s.values)
	slices.Sort(vs)
	return vs
}

// Finish scans again what was scanned before the last issued values were
// known, and returns the diagnostics: one per distinct value, moved by
// locate to the page source that holds it.
func (s *Scan) Finish(t output.Tree, locate func(*Leak)) diag.List {
	f, ikey, known := s.current()
	for i := range s.files {
		sc := &s.files[i]
		if sc.known == known || !s.rescan(sc) {
			continue
		}
		data, err := t.ReadFile(sc.rel)
		if err != nil {
			s.Fail(err)
			continue
		}
		text := string(data)
		sc.finds = scanFile(f, text, strings.ToLower(path.Ext(sc.rel)))
		s.memo.store(sc.rel, sc.key, ikey, sc.finds, sc.mayHide)
	}
	slices.SortFunc(s.files, func(a, b scanned) int { return source.WalkOrder(a.rel, b.rel) })
	found := map[string]*Leak{}
	var order []*Leak
	for _, sc := range s.files { // in walk order, so each value is reported at its first file
		for _, fd := range sc.finds {
			l, seen := found[fd.value]
			if fd.plain && seen {
				continue
			}
			if !seen {
				l = &Leak{value: fd.value, issued: fd.issued, file: sc.rel, line: fd.line}
				locate(l)
				found[fd.value] = l
				order = append(order, l)
			}
			if n := len(l.outputs); n == 0 || l.outputs[n-1] != sc.rel {
				l.outputs = append(l.outputs, sc.rel)
			}
		}
	}
	diags := slices.Clone(s.errs)
	for _, l := range order {
		diags = append(diags, l.diagnostic())
	}
	diags.Sort()
	return diags
}

// rescan reports whether a file scanned before the values from sc.known on
// were issued can hold one of them. A text without any token prefix holds
// no token shape, nor any value that contains a prefix.
func (s *Scan) rescan(sc *scanned) bool {
	if sc.mayHide {
		return true
	}
	for _, v := range s.values[sc.known:] {
		if !mayHideToken(v) {
			return true
		}
	}
	return false
}
