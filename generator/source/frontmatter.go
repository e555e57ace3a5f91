package source

import (
	"bytes"
	"errors"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/docproof/docproof/generator/diag"
)

// Front is a page's decoded front matter and where its body starts.
type Front struct {
	FM        FrontMatter
	Diags     diag.List // problems in the front matter block, at their file lines
	bodyStart int       // bytes of the file taken by the front matter block; 0 when none
}

// Body returns data with the front matter lines blanked (data itself when
// there is no front matter block).
func (fr Front) Body(data []byte) []byte {
	if fr.bodyStart == 0 {
		return data
	}
	body := make([]byte, len(data))
	copy(body, data)
	blankLines(body[:fr.bodyStart])
	return body
}

// ParseFront decodes the front matter of data (file names it in
// diagnostics): a leading YAML block ("---" … "---" or "...") before the
// Markdown body. The body keeps its position (Front.Body blanks the front
// matter lines), so every offset and line of the body is the same as in the
// file. Errors name the line in the file.
func ParseFront(file string, data []byte) Front { return ParseFrontWith(file, data, false) }

// ParseFrontWith is ParseFront; lenient ignores unknown keys
// (front_matter: lenient) instead of reporting the first.
func ParseFrontWith(file string, data []byte, lenient bool) Front {
	fm := FrontMatter{BodyLine: 1}
	first, _, ok := bytes.Cut(data, []byte("\n"))
	if !ok || !isFenceLine(first, "---") {
		return Front{FM: fm}
	}
	start := len(first) + 1
	for off, line := start, 2; ; line++ {
		l, _, more := bytes.Cut(data[off:], []byte("\n"))
		end := off + len(l)
		if isFenceLine(l, "---") || isFenceLine(l, "...") {
			bodyStart := end
			if more {
				bodyStart++
			}
			fm.BodyLine = line + 1
			diags := decodeFrontMatter(file, data[start:off], &fm, lenient)
			return Front{FM: fm, Diags: diags, bodyStart: bodyStart}
		}
		if !more {
			return Front{FM: fm, Diags: diag.List{diag.Errorf(file, 1, "front matter is never closed").
				WithHint("end the YAML block with a line holding only ---")}}
		}
		off = end + 1
	}
}

func isFenceLine(l []byte, fence string) bool {
	return strings.TrimRight(string(l), " \t\r") == fence
}

// blankLines replaces every byte but newlines with spaces.
func blankLines(b []byte) {
	for i, c := range b {
		if c != '\n' {
			b[i] = ' '
		}
	}
}

// FrontMatterKeys is the closed set of keys a page's front matter may use,
// as the unknown-key error lists them.
const FrontMatterKeys = "title, description, weight, draft, toc, bind, env"

// decodeFrontMatter decodes the YAML text that starts on line 2 of the file.
func decodeFrontMatter(file string, text []byte, fm *FrontMatter, lenient bool) diag.List {
	const firstLine = 2
	if len(bytes.TrimSpace(text)) == 0 {
		return nil
	}
	f, err := parser.ParseBytes(text, 0)
	if err != nil {
		line, msg := YAMLErrorPos(err)
		return diag.List{diag.Errorf(file, fileLine(text, line, firstLine), "front matter: %s", msg)}
	}
	if len(f.Docs) > 1 {
		return diag.List{diag.Errorf(file, firstLine, "front matter holds more than one YAML document")}
	}
	if len(f.Docs) == 1 && f.Docs[0].Body != nil {
		body := f.Docs[0].Body
		if body.Type() == ast.CommentType {
			return nil
		}
		if body.Type() != ast.MappingType && body.Type() != ast.MappingValueType {
			line := firstLine
			if tk := body.GetToken(); tk != nil && tk.Position != nil {
				line = fileLine(text, tk.Position.Line, firstLine)
			}
			return diag.List{diag.Errorf(file, line, "front matter must be a mapping of keys to values, not a %s", strings.ToLower(body.Type().String())).
				WithHint("write e.g. title: My page")}
		}
	}
	bodyLine := fm.BodyLine
	var opts []yaml.DecodeOption
	if !lenient {
		opts = append(opts, yaml.DisallowUnknownField())
	}
	if err := yaml.UnmarshalWithOptions(text, fm, opts...); err != nil {
		line, msg := YAMLErrorPos(err)
		var unknown *yaml.UnknownFieldError
		isUnknown := errors.As(err, &unknown)
		if isUnknown {
			if l, m, ok := UnknownKey(text, strings.Split(FrontMatterKeys, ", ")); ok {
				line, msg = l, m
			}
		}
		if line == 0 && strings.HasPrefix(msg, "env: ") {
			line = KeyLine(text, "env") // EnvConfig's own error carries no position
		}
		d := diag.Errorf(file, fileLine(text, line, firstLine), "front matter: %s", msg)
		if isUnknown {
			d = d.WithHint("known keys: " + FrontMatterKeys)
		}
		return diag.List{d}
	}
	fm.BodyLine = bodyLine
	return nil
}

// fileLine turns a line of the YAML text, which starts on line firstLine of
// the file, into a file line. YAML also breaks lines at a lone "\r", which
// the file's line numbering (by "\n") does not, so the YAML line is found
// in the text and its "\n"s are counted.
func fileLine(text []byte, yamlLine, firstLine int) int {
	if yamlLine <= 0 {
		return firstLine
	}
	off := 0
	for l := 1; l < yamlLine && off < len(text); off++ {
		switch {
		case text[off] == '\r' && off+1 < len(text) && text[off+1] == '\n':
			off++
			l++
		case text[off] == '\r' || text[off] == '\n':
			l++
		}
	}
	return firstLine + bytes.Count(text[:off], []byte("\n"))
}
