package sample

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/docproof/docproof/generator/secret"
)

// Summary counts a build's samples for the summary line.
type Summary struct {
	Verified    int      `json:"verified"`     // ran and matched
	Failed      int      `json:"failed"`       // ran and did not match (or could not run)
	Skipped     int      `json:"skipped"`      // skip="reason"
	SkipReasons []string `json:"skip_reasons"` // "file:line: reason", in file and line order
}

// Summarize counts results by outcome and lists the skip reasons.
func Summarize(results []Result) Summary {
	var s Summary
	for _, r := range results {
		switch r.Outcome {
		case "pass":
			s.Verified++
		case "skip":
			s.Skipped++
			s.SkipReasons = append(s.SkipReasons, fmt.Sprintf("%s:%d: %s", r.File, r.Line, r.SkipReason))
		default:
			s.Failed++
		}
	}
	return s
}

// String renders "12 verified, 1 failed, 2 skipped".
func (s Summary) String() string {
	return fmt.Sprintf("%d verified, %d failed, %d skipped", s.Verified, s.Failed, s.Skipped)
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
	Name     string      `xml:"name,attr"`
	File     string      `xml:"file,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr"`
	Line      int           `xml:"line,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
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
		c := junitCase{Name: red(r.ID), Classname: strings.TrimSuffix(file, ".md"), File: file, Line: r.Line, Time: seconds(r.DurationNS)}
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
