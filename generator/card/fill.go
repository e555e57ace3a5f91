package card

import (
	"html"
	"strconv"
	"strings"

	"github.com/docproof/docproof/generator/sample"
)

// Fill fills the slots of a rendered page body (see the package comment)
// from its samples' results, keyed by their opening fence lines, and removes
// the slot markers. legend is the legend page's URL (LegendPath below the
// site's base path). A body without slots is returned as is.
func Fill(body string, results []sample.Result, legend string) string {
	at := strings.Index(body, slotOpen)
	if at < 0 {
		return body
	}
	byLine := make(map[int]*sample.Result, len(results))
	for i := range results {
		byLine[results[i].Line] = &results[i]
	}
	var b strings.Builder
	b.Grow(len(body) + 32*strings.Count(body[at:], slotOpen)) // markers out, values in: about even
	for at >= 0 {
		b.WriteString(body[:at])
		body = body[at+len(slotOpen):]
		head, rest, ok := strings.Cut(body, "-->")
		if !ok {
			b.WriteString(slotOpen)
			break
		}
		inner, after, ok := strings.Cut(rest, slotClose)
		if !ok {
			b.WriteString(slotOpen)
			break
		}
		what := strings.Split(head, ":")
		line, _ := strconv.Atoi(what[0])
		b.WriteString(filled(what, inner, byLine[line], legend))
		body = after
		at = strings.Index(body, slotOpen)
	}
	b.WriteString(body)
	return b.String()
}

// filled is the content of one slot: what is LINE:state, LINE:drift or
// LINE:K:TYPE:NAME:W; inner is its default content; r the sample's result (nil:
// none).
func filled(what []string, inner string, r *sample.Result, legend string) string {
	if len(what) < 2 {
		return inner
	}
	switch what[1] {
	case "state":
		return stateMark(r)
	case "drift":
		return drift(r)
	}
	k, err := strconv.Atoi(what[1])
	if err != nil || len(what) != 5 || r == nil || r.Outcome != "pass" || k >= len(r.Shown) || r.Shown[k] == "" {
		return inner
	}
	return valueChip(what[2], what[3], r.Shown[k], what[4] == "w", legend)
}

// Verdict says what a passing sample's verification compared and found
// equal: "status 200 and 4 fields matched".
func Verdict(r sample.Result) string {
	label := r.Compared.Label() // "status and 4 fields", "status only"
	if r.Status != 0 {
		label = "status " + strconv.Itoa(r.Status) + strings.TrimPrefix(label, "status")
	}
	label = strings.TrimSuffix(label, " only")
	return label + " matched"
}

// stateMark is the mark in a sample's bar: "verified" with what was
// compared, "does not match" with why, or nothing for a sample that did not
// run (skipped, --no-verify).
func stateMark(r *sample.Result) string {
	if r == nil {
		return ""
	}
	switch r.Outcome {
	case "pass":
		v := html.EscapeString(Verdict(*r))
		return `<span class="verified" role="img" aria-label="verified: ` + v + `" title="` + VerifiedTitle + `: ` + v + `">verified</span>`
	case "fail":
		m := html.EscapeString(r.Message)
		return `<span class="verified drifted" role="img" aria-label="does not match: ` + m + `" title="` + m + `">does not match</span>`
	}
	return ""
}

// drift shows a failed sample's difference at the end of its card (the
// build fails, so this is what a page would show; docproof serve keeps the
// last good site and shows the same difference in its overlay).
func drift(r *sample.Result) string {
	if r == nil || r.Outcome != "fail" {
		return ""
	}
	text := r.Diff
	if text == "" {
		text = r.Message
	}
	return `<details class="drift"><summary>What the mock answered</summary><pre tabindex="0" role="group" aria-label="Difference">` +
		html.EscapeString(text) + "</pre></details>"
}
