package sample

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/textproto"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/docproof/docproof/generator/sample/curl"
)

// Call is one HTTP request a sample makes, with the curl options that change
// how its answer is shown or judged.
type Call struct {
	Line       int // 1-based line in the page file where the command starts
	Method     string
	URL        string
	Route      string // the URL's path as documented, when it holds URL templates ("/v2/organizations/{org.slug}/clusters")
	Header     http.Header
	Body       []byte
	Include    bool   // curl -i: the output shows the status line and headers
	Fail       bool   // curl -f: a status >= 400 fails unless the sample expects it
	Follow     bool   // curl -L: follow redirects
	Compressed bool   // curl --compressed
	Output     string // curl -o: the body is not part of the output
	WriteOut   string // curl -w
}

// lineError is a request-building problem at a line of the page file.
type lineError struct {
	Line  int
	Msg   string
	Hint  string
	Unset string // the variable that is not set, when that is the problem (runOne adds the fixes that apply)
	// Unsupported: shell docproof does not run (curl.Error.Unsupported).
	Unsupported bool
}

func (e *lineError) Error() string { return e.Msg }

// Calls turns a sample into the requests it makes, expanding variables from
// env and replacing bound literals. Errors are *lineError values.
func (s *Sample) Calls(env map[string]string) ([]Call, error) {
	lookup := func(name string) (string, bool) { v, ok := env[name]; return v, ok }
	binds, err := s.bindValues(env)
	if err != nil {
		return nil, err
	}
	var calls []Call
	switch s.Kind {
	case Curl, HTTP:
		calls, err = s.requestCalls(env, lookup, strict)
	case GraphQL:
		calls, err = s.graphqlCalls(env, binds)
		binds = nil // already applied to the query and variables
	default:
		return nil, &lineError{Line: s.Line(), Msg: "not a runnable sample"}
	}
	if err != nil {
		return nil, err
	}
	for i := range calls {
		calls[i].Body = []byte(applyBinds(string(calls[i].Body), binds))
		calls[i].URL = applyBinds(calls[i].URL, binds)
	}
	return calls, nil
}

// callMode says how requestCalls treats what it cannot resolve.
type callMode uint8

const (
	strict  callMode = iota // every problem is an error
	lenient                 // unbound templates stay markers (lenientCalls)
	// sketched is lenient, and a curl block Parse rejects as unsupported
	// shell gives the requests curl.Sketch reads (unmodelled: skip only).
	sketched
)

// requestCalls parses a curl or http sample with its URL templates bound
// (template.go), as mode says.
func (s *Sample) requestCalls(env map[string]string, lookup func(string) (string, bool), mode callMode) ([]Call, error) {
	code, names := markTemplates(s.Block.Code)
	var calls []Call
	var err error
	if s.Kind == Curl {
		calls, err = s.curlCalls(code, lookup)
		var le *lineError
		if mode == sketched && errors.As(err, &le) && le.Unsupported {
			calls, err = s.sketchCalls(code, lookup), nil // where it would go, for unmodelled.go
		}
	} else {
		calls, err = s.httpCalls(code, lookup)
	}
	if err != nil || len(names) == 0 {
		return calls, err
	}
	vals, err := s.templateValues(names, env, mode != strict)
	if err != nil {
		return nil, err
	}
	fillTemplates(calls, names, vals)
	return calls, nil
}

// bindValues resolves literal → value for this sample's quoted-literal
// binds that its code or variables use (URL templates are bound by
// requestCalls); a site-wide bind the sample does not use needs no value.
func (s *Sample) bindValues(env map[string]string) (map[string]string, error) {
	if len(s.Binds) == 0 {
		return nil, nil
	}
	out := make(map[string]string, len(s.Binds))
	for lit, name := range s.Binds {
		if isTemplate(lit) || !strings.Contains(s.Block.Code, lit) && !strings.Contains(s.Variables, lit) {
			continue
		}
		v, ok := env[name]
		if !ok {
			return nil, &lineError{Line: s.Line(), Msg: fmt.Sprintf("bind %q=%s: $%s is not set", lit, name, name), Unset: name}
		}
		out[lit] = v
	}
	return out, nil
}

// applyBinds replaces each quoted literal ("lit", \"lit\", 'lit') with its
// value, escaped for a JSON string.
func applyBinds(s string, binds map[string]string) string {
	if len(binds) == 0 {
		return s
	}
	lits := make([]string, 0, len(binds))
	for lit := range binds {
		lits = append(lits, lit)
	}
	sort.Slice(lits, func(i, j int) bool { return len(lits[i]) > len(lits[j]) })
	for _, lit := range lits {
		q, _ := json.Marshal(binds[lit])
		v := string(q[1 : len(q)-1])
		s = strings.ReplaceAll(s, `\"`+lit+`\"`, `\"`+v+`\"`)
		s = strings.ReplaceAll(s, `"`+lit+`"`, `"`+v+`"`)
		s = strings.ReplaceAll(s, `'`+lit+`'`, `'`+v+`'`)
	}
	return s
}

func (s *Sample) curlCalls(code string, lookup func(string) (string, bool)) ([]Call, error) {
	reqs, err := curl.Parse(code, lookup)
	if err != nil {
		var ce *curl.Error
		if errors.As(err, &ce) {
			return nil, &lineError{Line: s.Line() + ce.Line, Msg: ce.Msg, Unset: ce.Unset, Unsupported: ce.Unsupported}
		}
		return nil, &lineError{Line: s.Line(), Msg: err.Error()}
	}
	if len(reqs) == 0 {
		return nil, &lineError{Line: s.Line(), Msg: "no curl command found in this block (curl only appears in a comment or as text)",
			Hint: `make it a runnable curl command, or add skip="reason"`}
	}
	calls := make([]Call, 0, len(reqs))
	for _, r := range reqs {
		h := r.Header // the request is ours alone
		if h == nil {
			h = http.Header{}
		}
		if r.Compressed && h.Get("Accept-Encoding") == "" {
			h.Set("Accept-Encoding", "gzip")
		}
		calls = append(calls, Call{
			Line: s.Line() + r.Line, Method: r.Method, URL: squashDots(r.URL), Header: h, Body: r.Body,
			Include: r.Include, Fail: r.Fail, Follow: r.FollowRedirects, Compressed: r.Compressed,
			Output: r.Output, WriteOut: r.WriteOut,
		})
	}
	return calls, nil
}

// sketchCalls are the requests curl.Sketch reads from a block docproof does
// not run: method and URL only, never sent but as an unmodelled probe.
func (s *Sample) sketchCalls(code string, lookup func(string) (string, bool)) []Call {
	var calls []Call
	for _, r := range curl.Sketch(code, lookup) {
		calls = append(calls, Call{Line: s.Line() + r.Line, Method: r.Method, URL: squashDots(r.URL)})
	}
	return calls
}

var varRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)`)

// unsetError is a variable a sample uses that is not set.
type unsetError struct{ Name string }

func (e *unsetError) Error() string { return "$" + e.Name + " is not set" }

// expand replaces $VAR and ${VAR}; an unset variable is an *unsetError.
func expand(s string, lookup func(string) (string, bool)) (string, error) {
	var missing string
	out := varRef.ReplaceAllStringFunc(s, func(m string) string {
		name := strings.Trim(m, "${}")
		v, ok := lookup(name)
		if !ok && missing == "" {
			missing = name
		}
		return v
	})
	if missing != "" {
		return "", &unsetError{Name: missing}
	}
	return out, nil
}

// httpCalls parses a raw request: request line, headers, blank line, body.
func (s *Sample) httpCalls(block string, lookup func(string) (string, bool)) ([]Call, error) {
	code := strings.TrimLeft(block, "\n")
	lead := strings.Count(block, "\n") - strings.Count(code, "\n")
	head, body, _ := strings.Cut(strings.ReplaceAll(code, "\r\n", "\n"), "\n\n")
	lines := strings.Split(head, "\n")
	fail := func(i int, format string, args ...any) error {
		le := &lineError{Line: s.Line() + 1 + lead + i, Msg: fmt.Sprintf(format, args...)}
		for _, a := range args {
			if ue, ok := a.(*unsetError); ok {
				le.Unset = ue.Name
			}
		}
		return le
	}
	reqLine, err := expand(strings.TrimSpace(lines[0]), lookup)
	if err != nil {
		return nil, fail(0, "%v", err)
	}
	f := strings.Fields(reqLine)
	if len(f) < 2 {
		return nil, fail(0, "request line %q is not METHOD PATH HTTP/1.1", reqLine)
	}
	c := Call{Line: s.Line() + 1 + lead, Method: f[0], Header: http.Header{}}
	for i, l := range lines[1:] {
		if strings.TrimSpace(l) == "" {
			continue
		}
		l, err := expand(l, lookup)
		if err != nil {
			return nil, fail(i+1, "%v", err)
		}
		k, v, ok := strings.Cut(l, ":")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, fail(i+1, "header line %q is not Name: value", l)
		}
		c.Header.Add(textproto.TrimString(k), textproto.TrimString(v))
	}
	body = strings.TrimSuffix(body, "\n") // the block's own line end, not part of the body
	if body != "" {
		b, err := expand(body, lookup)
		if err != nil {
			return nil, fail(len(lines)+1, "body: %v", err)
		}
		c.Body = []byte(b)
	}
	target := f[1]
	switch {
	case strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://"):
		c.URL = target
	case strings.HasPrefix(target, "/"):
		host := c.Header.Get("Host")
		if host == "" {
			host = "agent.buildkite.com"
		}
		c.URL = "https://" + host + target
	default:
		return nil, &lineError{Line: c.Line, Msg: fmt.Sprintf("request target %q is neither a path nor an absolute URL", target),
			Hint: "write the request line as POST https://agent.buildkite.com/v3/register HTTP/1.1, or POST /v3/register HTTP/1.1 with a Host: header"}
	}
	return []Call{c}, nil
}

// graphqlEndpoint is where graphql samples are sent.
func graphqlEndpoint(env map[string]string) string {
	if endpoint, ok := env["BUILDKITE_GRAPHQL_ENDPOINT"]; ok {
		return endpoint
	}
	return "https://graphql.buildkite.com/v1"
}

// graphqlCalls builds the POST a GraphQL client sends for the block.
func (s *Sample) graphqlCalls(env map[string]string, binds map[string]string) ([]Call, error) {
	endpoint := graphqlEndpoint(env)
	token, ok := env[s.Token]
	if !ok {
		return nil, &lineError{Line: s.Line(), Msg: fmt.Sprintf("token=%s: $%s is not set", s.Token, s.Token), Unset: s.Token}
	}
	payload := map[string]any{"query": applyBinds(s.Block.Code, binds)}
	if s.Variables != "" {
		payload["variables"] = json.RawMessage(applyBinds(s.Variables, binds))
	}
	body, err := json.Marshal(payload)
	if err != nil {
		return nil, &lineError{Line: s.Line(), Msg: fmt.Sprintf("graphql variables: %v", err)}
	}
	h := http.Header{}
	h.Set("Authorization", "Bearer "+token)
	h.Set("Content-Type", "application/json")
	return []Call{{Line: s.Line(), Method: http.MethodPost, URL: endpoint, Header: h, Body: body}}, nil
}

// readHTTPResponse splits an http response block into its status line,
// headers (in order) and body.
func readHTTPResponse(code string) (status int, reason string, headers [][2]string, body string, err error) {
	code = strings.ReplaceAll(strings.TrimLeft(code, "\n"), "\r\n", "\n")
	head, body, _ := strings.Cut(code, "\n\n")
	sc := bufio.NewScanner(strings.NewReader(head))
	first := true
	for sc.Scan() {
		l := sc.Text()
		if first {
			first = false
			var proto string
			n, _ := fmt.Sscanf(l, "%s %d", &proto, &status)
			if n != 2 || !strings.HasPrefix(proto, "HTTP/") || status < 100 || status > 599 {
				return 0, "", nil, "", fmt.Errorf("first line %q is not a status line like HTTP/1.1 401 Unauthorized", l)
			}
			if parts := strings.SplitN(l, " ", 3); len(parts) == 3 {
				reason = parts[2]
			}
			continue
		}
		if strings.TrimSpace(l) == "" {
			continue
		}
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			return 0, "", nil, "", fmt.Errorf("header line %q is not Name: value", l)
		}
		headers = append(headers, [2]string{textproto.TrimString(k), textproto.TrimString(v)})
	}
	if first {
		return 0, "", nil, "", fmt.Errorf("empty http response block; start it with a status line like HTTP/1.1 200 OK")
	}
	return status, reason, headers, body, nil
}

// squashDots removes "." and ".." path segments as curl does before sending
// (unless --path-as-is, which docproof does not support).
func squashDots(raw string) string {
	if !strings.Contains(raw, "/.") && !strings.Contains(raw, "%") {
		// Without an escape the escaped path holds "/." only where raw does.
		return raw
	}
	u, err := url.Parse(raw)
	if err != nil || !strings.Contains(u.EscapedPath(), "/.") {
		return raw
	}
	return u.ResolveReference(&url.URL{Path: u.Path, RawPath: u.RawPath, RawQuery: u.RawQuery, Fragment: u.Fragment}).String()
}
