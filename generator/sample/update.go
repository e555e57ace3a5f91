package sample

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/docproof/docproof/generator/fence"
	"github.com/docproof/docproof/generator/sample/match"
	"github.com/docproof/docproof/generator/secret"
)

var (
	placeholder = regexp.MustCompile(`^<[a-z]*:?[a-z0-9_-]*>$`)
	nonName     = regexp.MustCompile(`[^a-z0-9]+`)
)

// rewriteResponse builds the new content of a documented response block from
// the actual answer (docproof check --update):
//   - placeholders stay where the answer still fits them;
//   - object keys keep the documented order; keys the answer no longer has are
//     dropped; keys not shown are added only for `exact` blocks or when a
//     shown key disappeared (so a renamed field shows up);
//   - token values never enter the docs: they become <token:...> placeholders;
//   - the indentation unit of the original block is kept.
func rewriteResponse(id string, b *fence.Block, a *answer, got []byte, exact bool, issued []string) string {
	if i := strings.LastIndex(id, "/"); i >= 0 {
		id = id[i+1:]
	}
	tokName := func(key string) string { return tokenPlaceholder(id + "-" + key) }
	if b.Lang != "http" {
		return rewriteJSON(b.Code, got, exact, issued, tokName)
	}
	_, _, headers, body, err := readHTTPResponse(b.Code)
	if err != nil {
		return ""
	}
	first, _, _ := strings.Cut(strings.TrimLeft(b.Code, "\n"), "\n")
	proto, _, _ := strings.Cut(first, " ")
	var out strings.Builder
	fmt.Fprintf(&out, "%s %d %s\n", proto, a.Status, http.StatusText(a.Status))
	for _, h := range headers {
		vals := a.Header.Values(h[0])
		if len(vals) == 0 {
			continue
		}
		actual := strings.Join(vals, ", ")
		if _, ok, _ := match.Value(h[1], headerValue(a.Header, h[0], h[1]), match.Bindings{}); ok {
			fmt.Fprintf(&out, "%s: %s\n", h[0], h[1])
			continue
		}
		if len(secret.Find(actual, issued)) > 0 {
			actual = tokName(h[0])
		}
		fmt.Fprintf(&out, "%s: %s\n", h[0], actual)
	}
	if strings.TrimSpace(body) != "" {
		out.WriteString("\n")
		out.WriteString(rewriteJSON(body, got, exact, issued, tokName))
	}
	return strings.TrimRight(out.String(), "\n") + "\n"
}

func tokenPlaceholder(key string) string {
	key = strings.Trim(nonName.ReplaceAllString(strings.ToLower(key), "-"), "-")
	if key == "" {
		key = "value"
	}
	return "<token:" + key + ">"
}

func rewriteJSON(documented string, got []byte, exact bool, issued []string, tokName func(string) string) string {
	act, err := parseJSON(got)
	if err != nil {
		return "" // the answer is not JSON: nothing sensible to write
	}
	doc, err := parseJSON([]byte(documented))
	if err != nil {
		doc = nil
	}
	var b strings.Builder
	mergeNode(doc, act, exact, issued, tokName, "").write(&b, "", indentUnit(documented))
	return b.String() + "\n"
}

func mergeNode(doc, act *jnode, exact bool, issued []string, tokName func(string) string, key string) *jnode {
	if doc == nil {
		return scrub(act, issued, tokName, key)
	}
	if doc.kind == 's' && placeholder.MatchString(doc.text) {
		if doc.text == "<any>" || act.kind == 'o' || act.kind == 'a' {
			return doc
		}
		if _, ok, _ := match.Value(doc.text, act.scalar(), match.Bindings{}); ok {
			return doc
		}
		return scrub(act, issued, tokName, key)
	}
	switch {
	case doc.kind == 'o' && act.kind == 'o':
		out := &jnode{kind: 'o'}
		dropped := false
		for i, k := range doc.keys {
			av, ok := act.get(k)
			if !ok {
				dropped = true
				continue
			}
			out.keys = append(out.keys, k)
			out.vals = append(out.vals, mergeNode(doc.vals[i], av, exact, issued, tokName, k))
		}
		if exact || dropped {
			for i, k := range act.keys {
				if _, shown := doc.get(k); !shown {
					out.keys = append(out.keys, k)
					out.vals = append(out.vals, scrub(act.vals[i], issued, tokName, k))
				}
			}
		}
		return out
	case doc.kind == 'a' && act.kind == 'a':
		out := &jnode{kind: 'a'}
		for i, av := range act.vals {
			var dv *jnode
			if i < len(doc.vals) {
				dv = doc.vals[i]
			}
			out.vals = append(out.vals, mergeNode(dv, av, exact, issued, tokName, key))
		}
		return out
	}
	return scrub(act, issued, tokName, key)
}

// scrub replaces token values in an actual value with placeholders.
func scrub(n *jnode, issued []string, tokName func(string) string, key string) *jnode {
	switch n.kind {
	case 's':
		if len(secret.Find(n.text, issued)) > 0 {
			return &jnode{kind: 's', text: tokName(key)}
		}
	case 'o', 'a':
		out := &jnode{kind: n.kind, keys: n.keys}
		for i, v := range n.vals {
			k := key
			if n.kind == 'o' {
				k = n.keys[i]
			}
			out.vals = append(out.vals, scrub(v, issued, tokName, k))
		}
		return out
	}
	return n
}

// ApplyUpdates rewrites the documented response blocks in their files. path
// maps an Update's File (as shown in diagnostics) to the file on disk. Each
// file is written atomically (temp file + rename); a file whose fences moved
// since it was read is left alone and reported.
func ApplyUpdates(updates []Update, path func(file string) string) error {
	byFile := map[string][]Update{}
	var files []string
	for _, u := range updates {
		if _, ok := byFile[u.File]; !ok {
			files = append(files, u.File)
		}
		byFile[u.File] = append(byFile[u.File], u)
	}
	sort.Strings(files)
	var errs []string
	for _, f := range files {
		if err := updateFile(path(f), byFile[f]); err != nil {
			errs = append(errs, fmt.Sprintf("%s: %v", f, err))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("--update: %s", strings.Join(errs, "; "))
	}
	return nil
}

func updateFile(path string, ups []Update) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	lines := strings.SplitAfter(string(data), "\n")
	sort.Slice(ups, func(i, j int) bool { return ups[i].Line > ups[j].Line })
	for _, u := range ups {
		if u.Line < 1 || u.EndLine <= u.Line || u.EndLine > len(lines) || !isFence(lines[u.Line-1]) || !isFence(lines[u.EndLine-1]) {
			return fmt.Errorf("the response block at line %d moved since it was read; run again", u.Line)
		}
		fenceLine := lines[u.Line-1]
		prefix := fenceLine[:len(fenceLine)-len(strings.TrimLeft(fenceLine, " \t>"))] // list indent or "> " quote
		var repl []string
		for _, l := range strings.SplitAfter(strings.TrimRight(u.Text, "\n")+"\n", "\n") {
			if l == "" {
				continue
			}
			if strings.TrimSpace(l) == "" {
				repl = append(repl, strings.TrimRight(prefix, " \t")+"\n")
				continue
			}
			repl = append(repl, prefix+l)
		}
		lines = append(lines[:u.Line], append(repl, lines[u.EndLine-1:]...)...)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".docproof-update-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(strings.Join(lines, "")); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(info.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func isFence(l string) bool {
	t := strings.TrimLeft(l, " \t>")
	return strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")
}
