// Package curl parses the shell text of a curl sample into the HTTP requests
// curl would send, in pure Go: no shell, no process, no socket.
//
// It understands the part of POSIX shell that samples use — quoting ('...',
// "...", $'...'), line continuations, comments, $VAR, ${VAR} and
// ${VAR:-default}, NAME=value and export NAME=value lines, here-documents
// (<<EOF, <<'EOF', <<-EOF), here-strings (<<<), echo/printf/cat piped into
// curl, "set -euo pipefail", and console transcripts whose commands start
// with a "$ " prompt — and the curl options listed in longOption. Anything
// else is an *Error naming the construct and its position, never a guess.
//
// A pipe after curl (curl ... | jq .) is rejected: docproof compares curl's
// own output with the documented response, so the pipe would not be applied.
//
// Sketch is the one reading that guesses: where the curl lines of a block
// Parse rejects as unsupported shell would go, so a caller can say which
// API the block is about. Its requests are never sent.
package curl

import (
	"fmt"
	"net/http"
	"strings"
)

// Request is one curl command of a sample, as curl would send it.
type Request struct {
	Line int // 1-based line within code where this curl command starts
	// Method is -X when given, else HEAD for -I, GET for -G, POST when there
	// is data, GET otherwise.
	Method string
	// URL is expanded, with http:// added when the scheme is missing (as curl
	// does) and -G data appended as the query string.
	URL string
	// Header holds what curl sends besides Host: Accept (*/*, or
	// application/json with --json), Content-Type for data, Authorization
	// for -u, User-Agent for -A, Referer for -e, then every -H ("Name:"
	// removes a default header, "Name;" sends it empty).
	Header          http.Header
	Body            []byte // the -d/--data*/--json payloads joined as curl joins them
	Include         bool   // -i: the output starts with the status line and headers
	Silent          bool   // -s
	ShowError       bool   // -S
	Fail            bool   // -f or --fail-with-body
	FollowRedirects bool   // -L
	Compressed      bool   // --compressed
	Head            bool   // -I
	Output          string // -o
	WriteOut        string // -w
}

// Error is a problem in the sample's text, positioned within the code (1-based).
type Error struct {
	Line, Col int
	Msg       string
	Unset     string // the variable that is not set, when that is the problem (the caller knows which fixes apply)
	// Unsupported marks valid shell docproof does not run: a pipe after
	// curl, another command, command substitution, control flow, subshells,
	// redirections, a curl flag it does not model. Sketch may still read
	// where the block's curl goes.
	Unsupported bool
}

// Error renders "line L, column C: message".
func (e *Error) Error() string { return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, e.Msg) }

func newError(line, col int, format string, args ...any) *Error {
	return &Error{Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// Parse parses the shell text of one sample block. lookup resolves $VAR,
// ${VAR} and ${VAR:-default}; variables assigned in the block (ORG=acme,
// export ORG=acme) are layered over it for later lines. It returns every
// curl command in the block in order; a block without one returns none.
// Every failure is an *Error.
func Parse(code string, lookup func(name string) (string, bool)) ([]*Request, error) {
	code = strings.ReplaceAll(code, "\r\n", "\n")
	pipes, err := parseScript(newLexer(code))
	if err != nil {
		return nil, err
	}
	if err := checkShell(pipes); err != nil {
		return nil, err
	}
	return run(pipes, &env{vars: map[string]string{}, lookup: lookup})
}

// parseCurl builds the request of one curl command from its arguments.
func parseCurl(at pos, args []arg, in *stdin) (*Request, error) {
	b := &builder{req: &Request{Line: int(at.line)}, at: at, in: in}
	if err := parseArgs(args, b); err != nil {
		return nil, err
	}
	return b.finish()
}
