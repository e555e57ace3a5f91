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
// the actual answer (docproof check --update), and says what it changed:
//   - placeholders stay where the answer still fits them;
//   - a block compared by shape keeps every value whose JSON type still
//     fits: its values are illustrative, the mock's fixtures never replace them;
//   - a new value that varies between runs (a UUID, a timestamp) is written
//     as a placeholder (<uuid>, <timestamp>), never as the mock's value;
//   - object keys keep the documented order; keys the answer no longer has are
//     dropped; keys not shown are added only for `exact` blocks or when a
//     shown key disappeared (so a renamed field shows up);
//   - token values never enter the docs: they become <token:...> placeholders;
//   - the indentation unit of the original block is kept.
func rewriteResponse(id string, b *fence.Block, a *answer, got []byte, mode match.Options, issued []string) (string, []string) {
	if i := strings.LastIndex(id, "/"); i >= 0 {
		id = id[i+1:]
	}
	m := &merger{exact: mode.Exact, shape: mode.Shape, issued: issued,
		tokName: func(key string) string { return tokenPlaceholder(id + "-" + key) }}
	if b.Lang != "http" {
		return m.rewriteJSON(b.Code, got), m.summary()
	}
	_, _, headers, body, err := readHTTPResponse(b.Code)
	if err != nil {
		return "", nil
	}
	tokName := m.tokName
	if code, _, _, _, _ := readHTTPResponse(b.Code); code != a.Status {
		m.changed = append(m.changed, "the status line")
	}
	first, _, _ := strings.Cut(strings.TrimLeft(b.Code, "\n"), "\n")
	proto, _, _ := strings.Cut(first, " ")
	var out strings.Builder
	fmt.Fprintf(&out, "%s %d %s\n", proto, a.Status, http.StatusText(a.Status))
	for _, h := range headers {
		vals := a.Header.Values(h[0])
		if len(vals) == 0 {
			m.removed = append(m.removed, "header "+h[0])
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
		m.changed = append(m.changed, "header "+h[0])
		fmt.Fprintf(&out, "%s: %s\n", h[0], actual)
	}
	if strings.TrimSpace(body) != "" {
		out.WriteString("\n")
		out.WriteString(m.rewriteJSON(body, got))
	}
	return strings.TrimRight(out.String(), "\n") + "\n", m.summary()
}

func tokenPlaceholder(key string) string {
	key = strings.Trim(nonName.ReplaceAllString(strings.ToLower(key), "-"), "-")
	if key == "" {
		key = "value"
	}
	return "<token:" + key + ">"
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
