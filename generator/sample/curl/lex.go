package curl

import (
	"strings"
)

// pos is a 1-based line and byte column within the sample's code (int32:
// a word and its parts are carved by the thousand).
type pos struct{ line, col int32 }

func (p pos) errorf(format string, args ...any) *Error {
	return newError(int(p.line), int(p.col), format, args...)
}

// unsupportedf is an *Error for shell docproof does not run (Unsupported).
func (p pos) unsupportedf(format string, args ...any) *Error {
	e := newError(int(p.line), int(p.col), format, args...)
	e.Unsupported = true
	return e
}

type partKind uint8

const (
	partLit partKind = iota // literal text
	partVar                 // $NAME, ${NAME} or ${NAME:-default}
)

// part is one piece of a shell word before expansion.
type part struct {
	kind   partKind
	quoted bool   // quoted or escaped: no field splitting, never an assignment
	colon  bool   // ":-": the default also applies when the variable is empty
	text   string // literal text, or the variable name
	pos    pos
	def    *word // default word of ${NAME:-word} / ${NAME-word}
}

// word is one shell word: the concatenation of its parts.
type word struct {
	parts []part
	pos   pos
}

type tokKind int

const (
	tWord tokKind = iota
	tNewline
	tSemi
	tAndAnd
	tPipe
	tHeredoc    // << or <<-: the body is read after the end of the line
	tHereString // <<< word
	tEOF
)

// heredoc is a here-document whose body is filled in when the lexer reaches
// the end of the line that introduced it.
type heredoc struct {
	delim     string
	stripTabs bool // <<-
	quoted    bool // any quoting in the delimiter: the body is not expanded
	pos       pos
	body      *word
}

type token struct {
	kind tokKind
	pos  pos
	word *word
	doc  *heredoc
}

// lexer splits shell text into tokens. It only knows the small, POSIX-shaped
// subset docproof supports and rejects the rest with a positioned Error.
type lexer struct {
	src     string
	i       int
	line    int
	col     int
	pending []*heredoc // here-docs whose bodies start after the next newline
	prompt  bool       // a console transcript: only "$ " lines are commands
	atBOL   bool       // at the beginning of a line
	last    tokKind    // the kind of the last token returned
	cont    bool       // the line just ended with '|' or '&&': the next one continues the command
	words   []wordBuf  // slab newWord carves words from
}

func newLexer(src string) *lexer {
	lx := &lexer{src: src, line: 1, col: 1, atBOL: true}
	lx.prompt = isTranscript(src)
	return lx
}

// isTranscript reports whether the first line that is neither blank nor a
// comment starts with a "$ " prompt; then lines without one are output.
func isTranscript(src string) bool {
	for _, l := range strings.Split(src, "\n") {
		t := strings.TrimLeft(l, " \t")
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		return strings.HasPrefix(t, "$ ")
	}
	return false
}

func (lx *lexer) here() pos { return pos{int32(lx.line), int32(lx.col)} }

func (lx *lexer) peek(off int) byte {
	if lx.i+off < len(lx.src) {
		return lx.src[lx.i+off]
	}
	return 0
}

func (lx *lexer) advance() byte {
	c := lx.src[lx.i]
	lx.i++
	if c == '\n' {
		lx.line++
		lx.col = 1
	} else {
		lx.col++
	}
	return c
}

func (lx *lexer) eof() bool { return lx.i >= len(lx.src) }

// skipBlank skips spaces, tabs, line continuations and comments, and in a
// transcript the prompt or the output lines at the start of a line.
func (lx *lexer) skipBlank() {
	for !lx.eof() {
		if lx.atBOL && lx.prompt {
			lx.atBOL = false
			t := strings.TrimLeft(lx.src[lx.i:], " \t")
			prompt := "$ "
			if lx.cont {
				prompt = "> "
			}
			lx.cont = false
			if strings.HasPrefix(t, prompt) {
				for lx.peek(0) != prompt[0] {
					lx.advance()
				}
				lx.advance()
				continue
			}
			// An output line (or a comment): skip to its end.
			for !lx.eof() && lx.peek(0) != '\n' {
				lx.advance()
			}
			continue
		}
		switch c := lx.peek(0); {
		case c == ' ' || c == '\t' || c == '\r':
			lx.advance()
		case c == '\\' && lx.peek(1) == '\n':
			lx.advance()
			lx.advance()
			lx.skipPrompt()
		case c == '#':
			for !lx.eof() && lx.peek(0) != '\n' {
				lx.advance()
			}
		default:
			return
		}
	}
}

// skipPrompt skips the "> " a transcript shows at the start of a
// continuation line (after \ newline, or inside a multi-line quote).
func (lx *lexer) skipPrompt() {
	if lx.prompt && lx.peek(0) == '>' && lx.peek(1) == ' ' {
		lx.advance()
		lx.advance()
	}
}

// next returns the next token.
func (lx *lexer) next() (token, error) {
	t, err := lx.scan()
	if err == nil {
		if t.kind == tNewline {
			lx.cont = lx.last == tPipe || lx.last == tAndAnd
		}
		lx.last = t.kind
	}
	return t, err
}

func (lx *lexer) scan() (token, error) {
	lx.skipBlank()
	p := lx.here()
	if lx.eof() {
		if len(lx.pending) > 0 {
			d := lx.pending[0]
			return token{}, d.pos.errorf("here-document <<%s has no body: put the text on the lines after the command and end it with a line holding just %s", d.delim, d.delim)
		}
		return token{kind: tEOF, pos: p}, nil
	}
	c := lx.peek(0)
	switch c {
	case '\n':
		lx.advance()
		lx.atBOL = true
		if err := lx.readHeredocs(); err != nil {
			return token{}, err
		}
		return token{kind: tNewline, pos: p}, nil
	case ';':
		lx.advance()
		if lx.peek(0) == ';' {
			return token{}, p.unsupportedf("';;' is not supported in a sample")
		}
		return token{kind: tSemi, pos: p}, nil
	case '&':
		lx.advance()
		if lx.peek(0) == '&' {
			lx.advance()
			return token{kind: tAndAnd, pos: p}, nil
		}
		return token{}, p.unsupportedf("running a command in the background with '&' is not supported in a sample")
	case '|':
		lx.advance()
		if lx.peek(0) == '|' {
			return token{}, p.unsupportedf("'||' is not supported in a sample: samples run as a straight sequence of commands")
		}
		return token{kind: tPipe, pos: p}, nil
	case '(', ')':
		return token{}, p.unsupportedf("subshells and grouping with %q are not supported in a sample", string(c))
	case '>':
		return token{}, p.unsupportedf("output redirection '>' is not supported in a sample: docproof compares curl's output itself (use -o to name an output file)")
	case '<':
		return lx.lexLess(p)
	}
	w, err := lx.lexWord()
	if err != nil {
		return token{}, err
	}
	// "2>", "2>&1": a digit word glued to a redirection.
	if lx.peek(0) == '>' || lx.peek(0) == '<' {
		if len(w.parts) == 1 && !w.parts[0].quoted && isDigits(w.parts[0].text) {
			return token{}, w.pos.unsupportedf("redirection %s%c is not supported in a sample", w.parts[0].text, lx.peek(0))
		}
	}
	return token{kind: tWord, pos: p, word: w}, nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// lexLess reads <<, <<- and <<<; a lone < is an unsupported redirection.
func (lx *lexer) lexLess(p pos) (token, error) {
	if lx.peek(1) != '<' {
		return token{}, p.unsupportedf("input redirection '<' is not supported in a sample: files are not read (use a here-document: --data @- <<'EOF')")
	}
	lx.advance()
	lx.advance()
	if lx.peek(0) == '<' {
		lx.advance()
		lx.skipBlank()
		if lx.eof() || isOperator(lx.peek(0)) {
			return token{}, p.errorf("'<<<' needs a word after it")
		}
		w, err := lx.lexWord()
		if err != nil {
			return token{}, err
		}
		return token{kind: tHereString, pos: p, word: w}, nil
	}
	d := &heredoc{pos: p}
	if lx.peek(0) == '-' {
		lx.advance()
		d.stripTabs = true
	}
	lx.skipBlank()
	if lx.eof() || isOperator(lx.peek(0)) {
		return token{}, p.errorf("here-document '<<' needs a delimiter word, as in <<'EOF'")
	}
	w, err := lx.lexWord()
	if err != nil {
		return token{}, err
	}
	var b strings.Builder
	for _, pt := range w.parts {
		if pt.kind == partVar {
			return token{}, pt.pos.errorf("a here-document delimiter cannot contain a variable")
		}
		if pt.quoted {
			d.quoted = true
		}
		b.WriteString(pt.text)
	}
	d.delim = b.String()
	if d.delim == "" {
		return token{}, p.errorf("here-document '<<' needs a non-empty delimiter word")
	}
	lx.pending = append(lx.pending, d)
	return token{kind: tHeredoc, pos: p, doc: d}, nil
}

func isOperator(c byte) bool {
	switch c {
	case '\n', ';', '&', '|', '(', ')', '<', '>':
		return true
	}
	return false
}

// srcLine is one line of a here-document body with the position of its first byte.
type srcLine struct {
	text string
	pos  pos
}

// readHeredocs reads the bodies of the pending here-documents, which start
// right after the newline just consumed.
func (lx *lexer) readHeredocs() error {
	for _, d := range lx.pending {
		var lines []srcLine
		closed := false
		for !lx.eof() {
			p := lx.here()
			line := lx.src[lx.i:]
			if end := strings.IndexByte(line, '\n'); end >= 0 {
				line = line[:end]
			}
			for n := len(line) + 1; n > 0 && !lx.eof(); n-- {
				lx.advance()
			}
			line = strings.TrimSuffix(line, "\r")
			if lx.prompt && strings.HasPrefix(line, "> ") {
				// A transcript shows continuation prompts as "> ".
				line, p.col = line[2:], p.col+2
			}
			if d.stripTabs {
				t := strings.TrimLeft(line, "\t")
				p.col += int32(len(line) - len(t))
				line = t
			}
			if line == d.delim {
				closed = true
				break
			}
			lines = append(lines, srcLine{text: line, pos: p})
		}
		if !closed {
			return d.pos.errorf("here-document <<%s is not terminated: end it with a line holding just %s", d.delim, d.delim)
		}
		w, err := heredocWord(lines, d.quoted)
		if err != nil {
			return err
		}
		d.body = w
	}
	lx.pending = nil
	lx.atBOL = true
	return nil
}
