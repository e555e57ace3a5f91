package sample

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/sample/match"
)

// unsetFailed fails a sample that uses a variable nobody set. A request to a
// host the mock does not answer is reported first: setting the variable
// would not make the sample run. The hint offers only the fixes that work.
func (sr *sampleRun) unsetFailed(le *lineError, env map[string]string, timeout time.Duration) (outcome, *diag.Diagnostic) {
	hosts := sr.s.lenientHosts(env)
	if h := foreignHost(hosts, allowedHosts(env)); h != "" {
		return sr.sendFailed(&hostError{Host: h}, timeout)
	}
	host := ""
	if len(hosts) > 0 {
		host = hosts[0]
	}
	hint := unsetHint(le.Unset, host, sr.mockVars, sr.earlier)
	if isTemplate(le.Unset) {
		hint = templateHint(le.Unset)
	}
	o, d := sr.fail(le.Line, le.Msg, hint, "")
	o.unset = le.Unset
	return o, d
}

// provide records that the variables failed sample s would have set (its
// captures, the placeholders of its documented response) are missing
// because of root, the first failure of the chain.
func (p *pageRun) provide(s, root *Sample) {
	for _, name := range s.provides() {
		if _, set := p.env[name]; set {
			continue
		}
		if _, known := p.providers[name]; !known {
			p.providers[name] = root
		}
	}
}

// provides lists the variables a sample sets when it passes.
func (s *Sample) provides() []string {
	var out []string
	for _, c := range s.Captures {
		out = append(out, c.Name)
	}
	if s.Response != nil {
		for _, name := range match.Names(s.Response.Code) {
			out = append(out, envName(name))
		}
	}
	return out
}

// dependsOn turns the failure of a sample that could not run because an
// earlier sample failed (it never set a variable this one uses) into a "not
// run" line under that sample's diagnostic: one drift, one problem.
func (p *pageRun) dependsOn(res *outcome) bool {
	root := p.providers[res.unset]
	if res.unset == "" || root == nil {
		return false
	}
	res.Message = fmt.Sprintf("not run: depends on sample %q (line %d), which failed, so $%s was never set", root.ID, root.Line(), res.unset)
	res.Diff = ""
	if i, ok := p.diagAt[root]; ok {
		rd := &p.pr.Diags[i]
		line := fmt.Sprintf("not run: sample %q at line %d depends on this one (needs $%s)", res.ID, res.Line, res.unset)
		if rd.Diff == "" {
			rd.Diff = line
		} else {
			rd.Diff = strings.TrimRight(rd.Diff, "\n") + "\n" + line
		}
	}
	p.provide(res.s, root)
	return true
}

// sortedEnvNames returns env's names, sorted.
func sortedEnvNames(env map[string]string) []string {
	out := make([]string, 0, len(env))
	for k := range env {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
