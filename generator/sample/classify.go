// Package sample finds the request samples in a page's code blocks, runs them
// against the mock (or a --target server) and compares the documented responses.
//
// Literals and URL templates a page shows readers ("organization-id",
// {org.slug}) are bound to variables (template.go); with a published GraphQL
// schema (SchemaCheck) every GraphQL request is validated against it before
// it is sent, and against the mock's own schema to tell drift from what the
// mock does not model (schema.go). Dialect holds the defaults a docs dialect
// supplies for all of this (dialect.go).
package sample

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/docproof/docproof/generator/fence"
)

// Kind says what role a fenced block plays for verification.
type Kind int

const (
	// None is an ordinary code block.
	None Kind = iota
	// Curl is a shell block that contains a curl command.
	Curl
	// HTTP is an http block holding a raw request.
	HTTP
	// GraphQL is a graphql block sent to the GraphQL endpoint.
	GraphQL
	// Response is a json or http block marked as the previous sample's response.
	Response
	// Variables is a json block holding the previous graphql sample's variables.
	Variables
)

// String names the kind as reports do: "curl", "http", "graphql".
func (k Kind) String() string {
	switch k {
	case Curl:
		return "curl"
	case HTTP:
		return "http"
	case GraphQL:
		return "graphql"
	case Response:
		return "response"
	case Variables:
		return "variables"
	default:
		return "none"
	}
}

var (
	curlWord    = regexp.MustCompile(`(^|[\s|;&(])curl(\s|$)`)
	httpRequest = regexp.MustCompile(`^[A-Z]+ \S+( HTTP/[0-9.]+)?$`)
)

// Classify tells whether b is a sample, a response block, a variables block or an ordinary block.
func Classify(b fence.Block) Kind {
	switch {
	case b.Attrs.Has("response"):
		return Response
	case b.Attrs.Has("variables") && b.Lang == "json":
		return Variables
	}
	switch b.Lang {
	case "bash", "sh", "shell", "console", "zsh":
		if curlWord.MatchString(b.Code) {
			return Curl
		}
	case "graphql", "gql":
		return GraphQL
	case "http":
		first, _, _ := strings.Cut(strings.TrimLeft(b.Code, "\n"), "\n")
		if httpRequest.MatchString(strings.TrimSpace(first)) {
			return HTTP
		}
	}
	return None
}

// IsSample reports whether k is a runnable sample kind.
func (k Kind) IsSample() bool { return k == Curl || k == HTTP || k == GraphQL }

// Backend is what samples run against in-process: the mock's handler plus the
// environment it seeds ($BUILDKITE_AGENT_TOKEN and friends).
type Backend interface {
	ServeHTTP(w http.ResponseWriter, r *http.Request)
	Env() map[string]string
	IssuedTokens() []string
}

// Result is the outcome of one sample.
type Result struct {
	File           string // e.g. "content/agent/v3/tokens.md"
	Line           int    // line of the sample's opening fence
	ID             string
	Kind           Kind
	Method         string
	URL            string
	ExpectedStatus int // 0 means any 2xx
	Status         int
	Outcome        string // "pass", "fail" or "skip"
	SkipReason     string
	DurationNS     int64
	Message        string // why it failed, one line; "" when it passed or was skipped
	Diff           string
	Requests       []Request // every request the sample sent (redirects included), for route coverage
	Updated        bool      // --update rewrote its documented response block
	Compared       Compared  // what its documented response makes verification compare
	Unmodelled     bool      // skipped or failed because the mock does not model its request (SkipReason or Message says what)
	// Shown holds, for a passing sample, the value its answer gave each
	// placeholder of the documented response (ResponseHoles order), token
	// values masked ("bkaa_…"); "" where unknown. The site shows them in place
	// of the placeholders. nil without placeholders.
	Shown []string
}

// Report is the outcome of verifying a whole site.
type Report struct {
	Results  []Result  // one per sample, in file and line order
	Issued   []string  // every token value the mocks issued; for the secrets scan, never printed
	Coverage *Coverage // which mock routes the samples exercise; nil when the backend cannot list its routes
	Updates  []Update  // response blocks rewritten by --update
}
