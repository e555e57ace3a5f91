package curl

// command is one simple command: its words (assignments first) and its
// standard input from a here-document or here-string.
type command struct {
	words    []*word
	pos      pos
	doc      *heredoc
	here     *word
	stdinPos pos
}

// pipeline is commands joined by '|'.
type pipeline struct {
	cmds []*command
}

// parseScript reads the whole block into pipelines. Lists joined by ';', '&&'
// or newlines run in order; '||', '&', subshells and redirections other than
// here-documents are errors.
func parseScript(lx *lexer) ([]*pipeline, error) {
	var (
		out  []*pipeline
		cur  = &pipeline{}
		cmd  *command
		need *token // an operator that still needs a command after it
	)
	start := func(p pos) {
		if cmd == nil {
			// A curl command has a dozen words or so: room for them at once.
			cmd = &command{pos: p, words: make([]*word, 0, 16)}
		}
		need = nil
	}
	for {
		t, err := lx.next()
		if err != nil {
			return nil, err
		}
		switch t.kind {
		case tWord:
			start(t.pos)
			cmd.words = append(cmd.words, t.word)
		case tHeredoc:
			start(t.pos)
			cmd.doc, cmd.here, cmd.stdinPos = t.doc, nil, t.pos
		case tHereString:
			start(t.pos)
			cmd.doc, cmd.here, cmd.stdinPos = nil, t.word, t.pos
		case tPipe:
			if cmd == nil || len(cmd.words) == 0 {
				return nil, t.pos.errorf("'|' needs a command before it")
			}
			cur.cmds = append(cur.cmds, cmd)
			cmd = nil
			tok := t
			need = &tok
		case tNewline, tSemi, tAndAnd, tEOF:
			if cmd != nil {
				if len(cmd.words) == 0 {
					return nil, cmd.pos.errorf("a here-document needs a command to read it, as in: curl --data @- <<'EOF'")
				}
				cur.cmds = append(cur.cmds, cmd)
				cmd = nil
			}
			if need != nil {
				if t.kind == tNewline {
					continue // "cmd |" or "cmd &&" continues on the next line
				}
				return nil, need.pos.errorf("%s needs a command after it", opName(need.kind))
			}
			if t.kind == tSemi && len(cur.cmds) == 0 {
				return nil, t.pos.errorf("';' needs a command before it")
			}
			if t.kind == tAndAnd {
				if len(cur.cmds) == 0 {
					return nil, t.pos.errorf("'&&' needs a command before it")
				}
				tok := t
				need = &tok
			}
			if len(cur.cmds) > 0 {
				out = append(out, cur)
				cur = &pipeline{}
			}
			if t.kind == tEOF {
				return out, nil
			}
		}
	}
}

func opName(k tokKind) string {
	if k == tPipe {
		return "'|'"
	}
	return "'&&'"
}
