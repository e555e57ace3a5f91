package sample

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/docproof/docproof/generator/sample/match"
	"github.com/docproof/docproof/generator/secret"
)

// verdict is the comparison of one sample's answer with what its page documents.
type verdict struct {
	Expected int            // expected status; 0 means any 2xx
	Problems []string       // one line each; empty means pass
	Diff     []string       // diff sections (status, headers, body)
	Bound    match.Bindings // placeholders bound by this answer
	Update   string         // --update: the response block rewritten from the answer ("" when unchanged)
	Changes  []string       // --update: what the rewrite changed ("changed $.a, $.b", "added $.c", ...)
}

func (v *verdict) fail(format string, args ...any) {
	v.Problems = append(v.Problems, fmt.Sprintf(format, args...))
}

// expectedStatus is status= when given, else the status line of an http
// response block, else 0 (any 2xx).
func (s *Sample) expectedStatus() (int, error) {
	if s.Response == nil || s.Response.Lang != "http" {
		return s.Status, nil
	}
	code, reason, _, _, err := readHTTPResponse(s.Response.Code)
	if err != nil {
		return 0, err
	}
	if want := http.StatusText(code); reason != "" && want != "" && !strings.EqualFold(reason, want) {
		return 0, fmt.Errorf("status line says %d %q; the reason phrase for %d is %q", code, reason, code, want)
	}
	if s.Status != 0 && s.Status != code {
		return 0, fmt.Errorf("status=%d disagrees with the response block's status line (%d)", s.Status, code)
	}
	return code, nil
}

// statusProblem judges a status against the expectation and curl -f; "" means fine.
func statusProblem(c Call, expected, got int) string {
	switch {
	case expected != 0 && got == expected:
		return "" // status= wins over -f
	case expected != 0:
		return fmt.Sprintf("expected status %d, got %d", expected, got)
	case got/100 == 2:
		return ""
	case c.Fail && got >= 400:
		return fmt.Sprintf("curl -f fails (exit 22) with status %d; add status=%d if that answer is what the page documents", got, got)
	default:
		return fmt.Sprintf("expected a 2xx status, got %d; add status=%d if that answer is what the page documents", got, got)
	}
}

// mediaTypeProblem is p, or for a 415 (the mock's guard refusing the
// request body's Content-Type, as `docproof mock` does) the mock's reason and
// what to add: curl -d without -H "Content-Type: application/json" sends a
// form, which a reader's curl against `docproof mock` gets refused.
func mediaTypeProblem(a *answer, p string) string {
	if a.Status != http.StatusUnsupportedMediaType {
		return p
	}
	var e struct {
		Message string `json:"message"`
	}
	why := "the mock refuses the request body's Content-Type"
	if json.Unmarshal(a.Body, &e) == nil && e.Message != "" {
		why = "the mock answered 415: " + e.Message
	}
	return why + `; add the header Content-Type: application/json to the request (curl: -H "Content-Type: ` +
		`application/json"; -d alone sends a form, which docproof mock refuses the same way)`
}

// output is the text curl would print for the body part of an answer: the body,
// unless -o sends it elsewhere, then the -w text.
func output(c Call, a *answer) []byte {
	body := a.Body
	if strings.EqualFold(a.Header.Get("Content-Encoding"), "gzip") {
		if zr, err := gzip.NewReader(bytes.NewReader(body)); err == nil {
			if b, err := io.ReadAll(io.LimitReader(zr, maxBody)); err == nil {
				body = b
			}
		}
	}
	if c.WriteOut == "" {
		if c.Output != "" {
			return nil
		}
		return body // shared, read only
	}
	var out []byte
	if c.Output == "" {
		out = append(out, body...)
	}
	if c.WriteOut != "" {
		out = append(out, writeOut(c.WriteOut, a)...)
	}
	return out
}

// writeOut expands the curl -w variables docs use.
func writeOut(f string, a *answer) string {
	r := strings.NewReplacer(
		"%{http_code}", strconv.Itoa(a.Status), "%{response_code}", strconv.Itoa(a.Status),
		"%{content_type}", a.Header.Get("Content-Type"), "%{size_download}", strconv.Itoa(len(a.Body)),
		`\n`, "\n", `\t`, "\t", `\r`, "\r",
	)
	return r.Replace(f)
}

// compare checks an answer against the documented status, headers and body.
// issued lists the token values to keep out of the diff and the --update
// rewrite.
func (s *Sample) compare(c Call, a *answer, b match.Bindings, update bool, issued []string) verdict {
	var v verdict
	exp, err := s.expectedStatus()
	if err != nil {
		v.fail("response block: %v", err)
		return v
	}
	v.Expected = exp
	if p := statusProblem(c, exp, a.Status); p != "" {
		v.fail("%s", mediaTypeProblem(a, p))
		v.Diff = append(v.Diff, fmt.Sprintf("status:\n- documented:        %s\n+ the mock answered: %d %s", statusWant(exp), a.Status, http.StatusText(a.Status)))
		if a.Status == http.StatusUnsupportedMediaType {
			return v // the body is the refusal, not an answer to compare
		}
	}
	if exp == 0 || exp/100 == 2 { // a negative sample expects its errors
		doc := ""
		if s.Response != nil {
			doc = responseBody(s.Response)
		}
		for _, p := range s.graphQLProblems(c, doc, output(c, a)) {
			v.fail("%s", p)
		}
	}
	if s.Response == nil {
		return v
	}
	all := b // merge makes a new map: b is never changed
	doc, docHeaders := s.Response.Code, [][2]string(nil)
	if s.Response.Lang == "http" {
		_, _, hs, body, _ := readHTTPResponse(s.Response.Code)
		doc, docHeaders = body, hs
		var hdiff []string
		for _, h := range docHeaders {
			got := headerValue(a.Header, h[0], h[1])
			if len(a.Header.Values(h[0])) == 0 {
				v.fail("header %s is missing from the answer", h[0])
				hdiff = append(hdiff, fmt.Sprintf("- documented:        %s: %s\n+ the mock answered: (no %s header)", h[0], h[1], h[0]))
				continue
			}
			bound, ok, reason := match.Value(h[1], got, all)
			if !ok {
				v.fail("header %s: %s", h[0], reason)
				hdiff = append(hdiff, fmt.Sprintf("- documented:        %s: %s\n+ the mock answered: %s: %s", h[0], h[1], h[0], got))
				continue
			}
			v.Bound = merge(v.Bound, bound)
			all = merge(all, bound)
		}
		if len(hdiff) > 0 {
			v.Diff = append(v.Diff, "headers:\n"+strings.Join(hdiff, "\n"))
		}
	}
	if strings.TrimSpace(doc) == "" {
		return v
	}
	got := output(c, a)
	exact := s.Response.Attrs.Has("exact")
	bound, mm, err := match.JSON([]byte(doc), got, all, match.Options{Exact: exact, Shape: s.Response.Attrs.Has("shape") || s.Adjacent})
	if err != nil {
		v.fail("documented response is not valid JSON: %v", err)
		return v
	}
	if len(mm) > 0 {
		v.fail("response body differs from the answer at %s", paths(mm))
		// Redact before match.Diff shortens long values: a token cut short
		// is no longer the issued value, and "…" after it reads as elided.
		f := secret.NewFinder(issued)
		for i := range mm {
			mm[i].Expected, mm[i].Actual = f.Redact(mm[i].Expected), f.Redact(mm[i].Actual)
		}
		v.Diff = append(v.Diff, "body:\n"+strings.TrimRight(match.Diff(mm), "\n"))
	} else if v.Bound == nil {
		v.Bound = bound // match.JSON's own new map
	} else {
		v.Bound = merge(v.Bound, bound)
	}
	if update && (len(mm) > 0 || len(v.Problems) > 0) {
		v.Update, v.Changes = rewriteResponse(s.ID, s.Response, a, got, match.Options{Exact: exact, Shape: s.Response.Attrs.Has("shape") || s.Adjacent}, issued)
	}
	return v
}

func statusWant(exp int) string {
	if exp == 0 {
		return "2xx"
	}
	return fmt.Sprintf("%d %s", exp, http.StatusText(exp))
}

func paths(mm []match.Mismatch) string {
	var ps []string
	for i, m := range mm {
		if i == 3 {
			ps = append(ps, fmt.Sprintf("and %d more", len(mm)-3))
			break
		}
		ps = append(ps, m.Path)
	}
	return strings.Join(ps, ", ")
}

// merge returns a new map with b's entries over a's.
func merge(a, b match.Bindings) match.Bindings {
	out := make(match.Bindings, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// envName turns a placeholder name into its variable: agent-access-token → AGENT_ACCESS_TOKEN.
func envName(placeholder string) string {
	if strings.ContainsAny(placeholder, "-.") {
		b := []byte(placeholder)
		for i, c := range b {
			if c == '-' || c == '.' {
				b[i] = '_'
			}
		}
		placeholder = string(b)
	}
	return strings.ToUpper(placeholder)
}

func sortedKeys(m match.Bindings) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// headerValue is the answer's value for a documented header, as compared:
// repeated headers joined by ", "; for Content-Type documented without
// parameters, the media type alone ("application/json" matches
// "application/json; charset=utf-8").
func headerValue(h http.Header, name, documented string) string {
	got := strings.Join(h.Values(name), ", ")
	if strings.EqualFold(name, "Content-Type") && !strings.Contains(documented, ";") {
		got, _, _ = strings.Cut(got, ";")
		got = strings.TrimSpace(got)
	}
	return got
}
