package sample

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/docproof/docproof/generator/secret"
)

// Summary counts a build's samples for the summary line.
type Summary struct {
	Verified    int      `json:"verified"`     // ran and matched
	Failed      int      `json:"failed"`       // ran and did not match (or could not run)
	Skipped     int      `json:"skipped"`      // skip="reason", or a request the mock does not model (unmodelled: skip)
	Unmodelled  int      `json:"unmodelled"`   // of Skipped: requests the mock does not model
	Compared    Counts   `json:"compared"`     // every sample by what it compares
	SkipReasons []string `json:"skip_reasons"` // "file:line: reason", in file and line order; unmodelled requests once each, with their samples
}

// Counts counts samples by what verification compares (Compared.Kind); Body,
// Headers, StatusOnly and Skipped add up to every sample. Subset, Exact and
// Shape split Body by mode.
type Counts struct {
	Body       int `json:"body"`
	Subset     int `json:"subset"`
	Exact      int `json:"exact"`
	Shape      int `json:"shape"`
	Headers    int `json:"headers"`
	StatusOnly int `json:"status_only"`
	Skipped    int `json:"skipped"`
}

// add counts one result.
func (c *Counts) add(r Result) {
	if r.Outcome == "skip" {
		c.Skipped++
		return
	}
	switch r.Compared.Kind() {
	case ComparedBody:
		c.Body++
	case ComparedHeaders:
		c.Headers++
	default:
		c.StatusOnly++
	}
	switch r.Compared.Mode {
	case "subset":
		c.Subset++
	case "exact":
		c.Exact++
	case "shape":
		c.Shape++
	}
}

// String renders "120 body (115 subset, 5 shape), 18 status only" (skipped
// samples are left to the summary; empty buckets are left out but for body
// and status only).
func (c Counts) String() string {
	var modes []string
	for _, m := range []struct {
		n    int
		name string
	}{{c.Subset, "subset"}, {c.Exact, "exact"}, {c.Shape, "shape"}} {
		if m.n > 0 {
			modes = append(modes, fmt.Sprintf("%d %s", m.n, m.name))
		}
	}
	s := fmt.Sprintf("%d body", c.Body)
	if len(modes) > 0 {
		s += " (" + strings.Join(modes, ", ") + ")"
	}
	if c.Headers > 0 {
		s += fmt.Sprintf(", %d headers only", c.Headers)
	}
	return s + fmt.Sprintf(", %d status only", c.StatusOnly)
}

// Summarize counts results by outcome and lists the skip reasons.
func Summarize(results []Result) Summary {
	var s Summary
	unmodelled := map[string][]string{} // reason → "file:line" of its samples
	var reasons []string                // unmodelled reasons, first seen first
	for _, r := range results {
		s.Compared.add(r)
		switch r.Outcome {
		case "pass":
			s.Verified++
		case "skip":
			s.Skipped++
			if r.Unmodelled {
				s.Unmodelled++
				if _, seen := unmodelled[r.SkipReason]; !seen {
					reasons = append(reasons, r.SkipReason)
				}
				unmodelled[r.SkipReason] = append(unmodelled[r.SkipReason], fmt.Sprintf("%s:%d", r.File, r.Line))
				continue
			}
			s.SkipReasons = append(s.SkipReasons, fmt.Sprintf("%s:%d: %s", r.File, r.Line, r.SkipReason))
		default:
			s.Failed++
		}
	}
	for _, why := range reasons {
		at := unmodelled[why]
		s.SkipReasons = append(s.SkipReasons, fmt.Sprintf("%s: %s (unmodelled: skip; %s: %s)", at[0], why, count(len(at), "sample"), strings.Join(at, ", ")))
	}
	return s
}

// String renders "12 verified, 1 failed, 2 skipped; compared: 10 body (10 subset), 3 status only".
func (s Summary) String() string {
	return fmt.Sprintf("%d verified, %d failed, %d skipped; compared: %s", s.Verified, s.Failed, s.Skipped, s.Compared)
}

type jsonRecord struct {
	File           string `json:"file"`
	Line           int    `json:"line"`
	ID             string `json:"id"`
	Kind           string `json:"kind"`
	Method         string `json:"method"`
	URL            string `json:"url"`
	ExpectedStatus int    `json:"expected_status"`
	Status         int    `json:"status"`
	Result         string `json:"result"`
	DurationNS     int64  `json:"duration_ns"`
	Diff           string `json:"diff"`
	Message        string `json:"message,omitempty"`
	SkipReason     string `json:"skip_reason,omitempty"`
	Compared       string `json:"compared"`                 // body, headers, status only or skipped
	ComparedLabel  string `json:"compared_label,omitempty"` // e.g. "status and 4 fields"
}

type jsonUpdate struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	SampleID string `json:"sample_id"`
}

type jsonReport struct {
	Summary  Summary      `json:"summary"`
	Samples  []jsonRecord `json:"samples"`
	Coverage *Coverage    `json:"coverage,omitempty"`
	Updated  []jsonUpdate `json:"updated,omitempty"`
}

// WriteJSON writes the machine-readable report: a summary, one record per
// sample, the route coverage and the response blocks --update rewrote. Token
// values are redacted.
func WriteJSON(w io.Writer, rep Report) error {
	red := redactor(rep.Issued)
	out := jsonReport{Summary: Summarize(rep.Results), Samples: []jsonRecord{}, Coverage: rep.Coverage.redacted(red)}
	if out.Summary.SkipReasons == nil {
		out.Summary.SkipReasons = []string{}
	}
	for i, r := range out.Summary.SkipReasons {
		out.Summary.SkipReasons[i] = red(r)
	}
	for _, r := range rep.Results {
		out.Samples = append(out.Samples, jsonRecord{
			File: red(r.File), Line: r.Line, ID: red(r.ID), Kind: r.Kind.String(), Method: red(r.Method), URL: red(r.URL),
			ExpectedStatus: r.ExpectedStatus, Status: r.Status, Result: r.Outcome, DurationNS: r.DurationNS,
			Diff: red(r.Diff), Message: red(r.Message), SkipReason: red(r.SkipReason),
			Compared: comparedKind(r), ComparedLabel: comparedLabel(r),
		})
	}
	for _, r := range rep.Results {
		if r.Updated {
			out.Updated = append(out.Updated, jsonUpdate{File: red(r.File), Line: r.Line, SampleID: red(r.ID)})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	File       string          `xml:"file,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
	counts     Counts
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name       string          `xml:"name,attr"`
	Classname  string          `xml:"classname,attr"`
	File       string          `xml:"file,attr"`
	Line       int             `xml:"line,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Failure    *junitFailure   `xml:"failure,omitempty"`
	Skipped    *junitSkipped   `xml:"skipped,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",cdata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// WriteJUnit writes a JUnit XML report: one testsuite per page file and one
// testcase per sample (with file and line), failures with their diff, skips
// with their reason. Token values are redacted.
func WriteJUnit(w io.Writer, rep Report) error {
	red := redactor(rep.Issued)
	byFile := map[string]*junitSuite{}
	var files []string
	var total junitSuites
	total.Name = "docproof samples"
	durs := map[string]int64{}
	for _, r := range rep.Results {
		file := red(r.File)
		s, ok := byFile[file]
		if !ok {
			s = &junitSuite{Name: file, File: file}
			byFile[file] = s
			files = append(files, file)
		}
		c := junitCase{Name: red(r.ID), Classname: strings.TrimSuffix(file, ".md"), File: file, Line: r.Line, Time: seconds(r.DurationNS),
			Properties: []junitProperty{{"compared", comparedKind(r)}}}
		if l := comparedLabel(r); l != "" {
			c.Properties = append(c.Properties, junitProperty{"compared_label", l})
		}
		s.counts.add(r)
		switch r.Outcome {
		case "pass":
		case "skip":
			c.Skipped = &junitSkipped{Message: red(r.SkipReason)}
			s.Skipped++
		default:
			body := fmt.Sprintf("%s:%d: %s", file, r.Line, red(r.Message))
			if r.Diff != "" {
				body += "\n" + red(r.Diff)
			}
			c.Failure = &junitFailure{Message: red(r.Message), Type: "drift", Body: body}
			s.Failures++
		}
		s.Tests++
		durs[file] += r.DurationNS
		s.Cases = append(s.Cases, c)
	}
	sort.Strings(files)
	for _, f := range files {
		s := byFile[f]
		s.Time = seconds(durs[f])
		s.Properties = []junitProperty{{"compared.body", strconv.Itoa(s.counts.Body)}, {"compared.headers", strconv.Itoa(s.counts.Headers)},
			{"compared.status_only", strconv.Itoa(s.counts.StatusOnly)}, {"compared.skipped", strconv.Itoa(s.counts.Skipped)}}
		total.Tests += s.Tests
		total.Failures += s.Failures
		total.Skipped += s.Skipped
		total.Suites = append(total.Suites, *s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(total); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// comparedKind is the bucket a result counts in: Compared.Kind, or skipped.
func comparedKind(r Result) string {
	if r.Outcome == "skip" {
		return ComparedSkipped
	}
	return r.Compared.Kind()
}

// comparedLabel says what a result compared ("" for a skipped sample).
func comparedLabel(r Result) string {
	if r.Outcome == "skip" {
		return ""
	}
	return r.Compared.Label()
}

// redactor redacts the values in issued and every real token shape.
func redactor(issued []string) func(string) string {
	f := secret.NewFinder(issued)
	return func(s string) string {
		if s == "" {
			return s
		}
		return f.Redact(s)
	}
}

func seconds(ns int64) string { return fmt.Sprintf("%.6f", float64(ns)/1e9) }
