// Package curl parses the shell text of a curl sample into HTTP requests, in
// pure Go: no shell, no process, no socket.
package curl

import (
	"fmt"
	"net/http"
)

// Request is one curl command of a sample, as curl would send it.
type Request struct {
	Line            int         // 1-based line within code where this curl command starts
	Method          string      // from -X, or GET/POST/HEAD per curl's own rules
	URL             string      // expanded; http:// added when the scheme is missing, as curl does
	Header          http.Header // -H, -u, --json, -A, -e
	Body            []byte      // the joined -d/--data*/--json payloads
	Include         bool        // -i
	Silent          bool        // -s
	ShowError       bool        // -S
	Fail            bool        // -f, --fail-with-body
	FollowRedirects bool        // -L
	Compressed      bool        // --compressed
	Head            bool        // -I
	Output          string      // -o
	WriteOut        string      // -w
}

// Error is a problem in the sample's text, positioned within code (1-based).
type Error struct {
	Line, Col int
	Msg       string
}

func (e *Error) Error() string { return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, e.Msg) }

// Parse parses the shell text of one sample block. lookup resolves $VAR,
// ${VAR} and ${VAR:-default}. It returns every curl command in the block in order.
func Parse(code string, lookup func(name string) (string, bool)) ([]*Request, error) {
	return nil, &Error{Line: 1, Col: 1, Msg: "curl parsing is not implemented yet"}
}
