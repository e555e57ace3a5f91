package sample

import (
	"fmt"
	"slices"
	"strings"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/fence"
	"github.com/docproof/docproof/generator/sample/match"
)

// What a sample compares, as summaries and reports count samples.
const (
	ComparedBody    = "body"        // a documented JSON body (subset, exact or shape)
	ComparedHeaders = "headers"     // documented headers, no body
	ComparedStatus  = "status only" // nothing but the status (any 2xx, status= or a status line)
	ComparedSkipped = "skipped"     // not run
)

// Compared says what verifying a sample checks besides its status, from its
// documented response block.
type Compared struct {
	Mode    string // "subset", "exact" or "shape" when a body is compared, else ""
	Headers int    // documented headers compared
	Fields  int    // documented JSON values compared (match.Fields)
}

// CompareOf tells what a documented response block (nil: none) makes
// verification compare. A block whose JSON is invalid counts no fields (its
// error is reported when the sample runs).
func CompareOf(resp *fence.Block) Compared {
	if resp == nil {
		return Compared{}
	}
	var c Compared
	body := resp.Code
	if resp.Lang == "http" {
		_, _, hs, b, err := readHTTPResponse(resp.Code)
		if err != nil {
			return c
		}
		c.Headers, body = len(hs), b
	}
	if strings.TrimSpace(body) == "" {
		return c
	}
	opt := match.Options{Exact: resp.Attrs.Has("exact"), Shape: resp.Attrs.Has("shape")}
	n, err := match.Fields([]byte(body), opt)
	if err != nil {
		return c
	}
	c.Fields = n
	switch {
	case opt.Shape:
		c.Mode = "shape"
	case opt.Exact:
		c.Mode = "exact"
	default:
		c.Mode = "subset"
	}
	return c
}

// Kind is the bucket summaries count the sample in: ComparedBody,
// ComparedHeaders or ComparedStatus.
func (c Compared) Kind() string {
	switch {
	case c.Mode != "":
		return ComparedBody
	case c.Headers > 0:
		return ComparedHeaders
	}
	return ComparedStatus
}

// Label says in words what was compared, for the site's "verified" mark and
// reports: "status and 4 fields", "status, 1 header and the exact body (3
// fields)", "status and the shape of 5 fields", "status only".
func (c Compared) Label() string {
	var parts []string
	if c.Headers > 0 {
		parts = append(parts, count(c.Headers, "header"))
	}
	switch c.Mode {
	case "subset":
		parts = append(parts, count(c.Fields, "field"))
	case "exact":
		parts = append(parts, fmt.Sprintf("the exact body (%s)", count(c.Fields, "field")))
	case "shape":
		parts = append(parts, "the shape of "+count(c.Fields, "field"))
	}
	switch len(parts) {
	case 0:
		return "status only"
	case 1:
		return "status and " + parts[0]
	}
	return "status, " + parts[0] + " and " + parts[1]
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// noBody reports whether HTTP forbids a body with status: the status is all
// there is to document.
func noBody(status int) bool {
	return status == 204 || status == 205 || status == 304
}

// strictMessage is the failure --strict gives a positive status-only sample.
const strictMessage = "compares only the status (--strict): document the answer in a json {response} block after the sample " +
	"(json {response shape} when its values are illustrative)"

// Strict fails every passed sample that compared only its status and is not
// a negative sample (an expected status of 400 or more) or one whose
// documented status carries no body (204 No Content, 205, 304): docproof
// check --strict demands a documented answer everywhere else. results is not
// changed; the returned slice is a copy when anything failed.
func Strict(results []Result) ([]Result, diag.List) {
	var out []Result
	var diags diag.List
	for i, r := range results {
		if r.Outcome != "pass" || r.Compared.Kind() != ComparedStatus || r.ExpectedStatus >= 400 || noBody(r.ExpectedStatus) {
			continue
		}
		if out == nil {
			out = slices.Clone(results)
		}
		out[i].Outcome, out[i].Message = "fail", strictMessage
		d := diag.Errorf(r.File, r.Line, "%s", strictMessage)
		d.SampleID = r.ID
		diags = append(diags, d)
	}
	if out == nil {
		return results, nil
	}
	return out, diags
}
