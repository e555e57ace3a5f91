package curl

import (
	"strconv"
	"strings"
)

// stdin is what a command reads on standard input: a pipe from echo, printf
// or cat, a here-document or a here-string.
type stdin struct {
	data []byte
	ok   bool // something is connected (else curl would read the terminal)
	used bool // curl reads standard input once
}

// run interprets the pipelines in order: assignments and export set
// variables for later commands, echo/printf/cat feed the next command's
// standard input, and every curl command becomes a Request.
func run(pipes []*pipeline, e *env) ([]*Request, error) {
	var reqs []*Request
	for _, pl := range pipes {
		var in stdin
		for i, c := range pl.cmds {
			last := i == len(pl.cmds)-1
			if c.doc != nil || c.here != nil {
				data, err := c.stdinData(e)
				if err != nil {
					return nil, err
				}
				in = stdin{data: data, ok: true}
			}
			out, req, err := runCommand(c, e, &in, last, pl, i)
			if err != nil {
				return nil, err
			}
			if req != nil {
				reqs = append(reqs, req)
			}
			in = stdin{data: out, ok: true}
		}
	}
	return reqs, nil
}

func (c *command) stdinData(e *env) ([]byte, error) {
	if c.doc != nil {
		s, err := e.str(c.doc.body)
		return []byte(s), err
	}
	s, err := e.str(c.here)
	return []byte(s + "\n"), err
}

// runCommand runs one command and returns its standard output.
func runCommand(c *command, e *env, in *stdin, last bool, pl *pipeline, i int) ([]byte, *Request, error) {
	words := c.words
	var assigns []*word
	for len(words) > 0 {
		if _, _, ok := assignment(words[0]); !ok {
			break
		}
		assigns = append(assigns, words[0])
		words = words[1:]
	}
	if len(words) == 0 {
		// NAME=value lines set variables for the rest of the block.
		return nil, nil, setAll(e, assigns)
	}
	args, err := expandAll(e, words)
	if err != nil {
		return nil, nil, err
	}
	if len(args) == 0 {
		return nil, nil, nil
	}
	name := args[0]
	switch name.val {
	case "curl":
		if !last {
			next := pl.cmds[i+1]
			return nil, nil, next.pos.unsupportedf("piping curl's output into another command is not supported: docproof compares curl's own output with the documented response, so a pipe (such as | jq) would not be applied; remove it, or add skip=\"reason\" to the block")
		}
		req, err := parseCurl(name.pos, args[1:], in)
		return nil, req, err
	case "echo":
		return echo(args[1:]), nil, nil
	case "printf":
		out, err := printf(name.pos, args[1:])
		return out, nil, err
	case "cat":
		if len(args) > 1 {
			return nil, nil, args[1].pos.errorf("cat %s: files are not read in a sample; put the text in a here-document instead: cat <<'EOF'", args[1].val)
		}
		return in.data, nil, nil
	case "export":
		return nil, nil, export(e, words[1:])
	case "set":
		return nil, nil, checkSet(args[1:])
	}
	if strings.HasPrefix(name.val, "-") {
		return nil, nil, name.pos.errorf("%q starts a new command: the line before it ended without a continuation backslash, or with blanks after the backslash; end that line with a bare '\\'", name.val)
	}
	return nil, nil, name.pos.unsupportedf("command %q is not supported in a sample: docproof runs curl (fed by echo, printf or cat), variable assignments (NAME=value, export NAME=value) and comments", name.val)
}

func expandAll(e *env, words []*word) ([]arg, error) {
	args := make([]arg, 0, len(words)) // most words are one field
	for _, w := range words {
		var err error
		if args, err = e.appendFields(args, w); err != nil {
			return nil, err
		}
	}
	return args, nil
}

func setAll(e *env, assigns []*word) error {
	for _, w := range assigns {
		name, val, _ := assignment(w)
		v, err := e.str(val)
		if err != nil {
			return err
		}
		e.set(name, v)
	}
	return nil
}

// export accepts NAME=value (sets NAME) and NAME (no-op: every variable is
// visible to curl's expansion anyway).
func export(e *env, words []*word) error {
	for _, w := range words {
		if _, _, ok := assignment(w); ok {
			if err := setAll(e, []*word{w}); err != nil {
				return err
			}
			continue
		}
		f, err := e.appendFields(nil, w)
		if err != nil {
			return err
		}
		for _, a := range f {
			if !isName(a.val) {
				return a.pos.errorf("export %s: expected NAME or NAME=value", a.val)
			}
		}
	}
	return nil
}

// checkSet accepts the shell options scripts commonly set (set -euo pipefail,
// set -x); they change nothing for docproof.
func checkSet(args []arg) error {
	for i := 0; i < len(args); i++ {
		a := args[i]
		opts := strings.TrimLeft(a.val, "-+")
		if len(opts) == len(a.val) || strings.Trim(opts, "euxvo") != "" {
			return a.pos.errorf("set %s is not supported in a sample (only -e, -u, -x, -v and -o pipefail are accepted)", a.val)
		}
		if strings.Contains(opts, "o") {
			i++
			if i >= len(args) || args[i].val != "pipefail" {
				return a.pos.errorf("set -o: only pipefail is accepted in a sample")
			}
		}
	}
	return nil
}

// echo behaves like bash's builtin: -n drops the newline, -e decodes escapes.
func echo(args []arg) []byte {
	newline, escapes := true, false
	for len(args) > 0 {
		v := args[0].val
		if len(v) < 2 || v[0] != '-' || strings.Trim(v[1:], "neE") != "" {
			break
		}
		for _, c := range v[1:] {
			switch c {
			case 'n':
				newline = false
			case 'e':
				escapes = true
			case 'E':
				escapes = false
			}
		}
		args = args[1:]
	}
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = a.val
		if escapes {
			parts[i] = decodeEscapes(a.val)
		}
	}
	out := strings.Join(parts, " ")
	if newline {
		out += "\n"
	}
	return []byte(out)
}

// decodeEscapes decodes echo -e / printf %b escapes.
func decodeEscapes(s string) string {
	lx := &lexer{src: s, line: 1, col: 1}
	var b strings.Builder
	for !lx.eof() {
		c := lx.advance()
		if c != '\\' || lx.eof() {
			b.WriteByte(c)
			continue
		}
		lx.decodeEscape(&b, false)
	}
	return b.String()
}

// printf supports the conversions samples use: %s, %b, %d, %i and %%, with
// the format reused while arguments remain, as the shell does.
func printf(at pos, args []arg) ([]byte, error) {
	if len(args) == 0 {
		return nil, at.errorf("printf needs a format")
	}
	format, rest := args[0], args[1:]
	var b strings.Builder
	for {
		consumed := 0
		f := format.val
		for i := 0; i < len(f); i++ {
			c := f[i]
			switch {
			case c == '\\' && i+1 < len(f):
				j := i + 1
				for j < len(f) && j < i+4 && f[j] >= '0' && f[j] <= '7' {
					j++
				}
				if j == i+1 {
					j = i + 2
				}
				b.WriteString(decodeEscapes(f[i:j]))
				i = j - 1
			case c == '%' && i+1 < len(f):
				i++
				next := ""
				if consumed < len(rest) {
					next = rest[consumed].val
				}
				switch f[i] {
				case '%':
					b.WriteByte('%')
					continue
				case 's':
					b.WriteString(next)
				case 'b':
					b.WriteString(decodeEscapes(next))
				case 'd', 'i':
					if next == "" {
						next = "0"
					}
					n, err := strconv.ParseInt(next, 10, 64)
					if err != nil {
						return nil, rest[consumed].pos.errorf("printf %%%c: %q is not a number", f[i], next)
					}
					b.WriteString(strconv.FormatInt(n, 10))
				default:
					return nil, format.pos.errorf("printf conversion %%%c is not supported in a sample (use %%s, %%b, %%d or %%%%)", f[i])
				}
				consumed++
			default:
				b.WriteByte(c)
			}
		}
		rest = rest[min(consumed, len(rest)):]
		if consumed == 0 || len(rest) == 0 {
			return []byte(b.String()), nil
		}
	}
}
