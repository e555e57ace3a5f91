package sample

import (
	"fmt"
	"maps"
	"net/url"
	"sort"
	"strings"
)

// EnvMap maps the variable names a page shows its readers ($TOKEN) to the
// variables the mock sets (BUILDKITE_API_TOKEN): Vars for requests to any
// host, Hosts[host] for requests to that host (over Vars). It comes from the
// env: key of docproof.yaml and of a page's front matter (the page's over
// the site's).
type EnvMap struct {
	Vars  map[string]string            `json:",omitempty"`
	Hosts map[string]map[string]string `json:",omitempty"`
}

// ParseEnvMap builds an EnvMap from a decoded YAML mapping: NAME: MOCK_NAME
// for every host, and host.name: {NAME: MOCK_NAME} for one host.
func ParseEnvMap(raw map[string]any) (EnvMap, error) {
	var m EnvMap
	pair := func(where, k string, v any) (string, error) {
		s, ok := v.(string)
		if !ok || !varName.MatchString(s) {
			return "", fmt.Errorf("env: %s%s: the value must be the name of a variable the mock sets, such as BUILDKITE_API_TOKEN", where, k)
		}
		if !varName.MatchString(k) {
			return "", fmt.Errorf("env: %s%q is not a variable name", where, k)
		}
		return s, nil
	}
	for _, k := range sortedAnyKeys(raw) {
		v := raw[k]
		if inner, ok := v.(map[string]any); ok {
			if !strings.Contains(k, ".") {
				return EnvMap{}, fmt.Errorf("env: %q holds a mapping, so it must be a host name such as api.buildkite.com", k)
			}
			vars := map[string]string{}
			for _, ik := range sortedAnyKeys(inner) {
				s, err := pair(k+": ", ik, inner[ik])
				if err != nil {
					return EnvMap{}, err
				}
				vars[ik] = s
			}
			if m.Hosts == nil {
				m.Hosts = map[string]map[string]string{}
			}
			m.Hosts[k] = vars
			continue
		}
		s, err := pair("", k, v)
		if err != nil {
			return EnvMap{}, err
		}
		if m.Vars == nil {
			m.Vars = map[string]string{}
		}
		m.Vars[k] = s
	}
	return m, nil
}

func sortedAnyKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// IsZero reports whether m maps nothing.
func (m EnvMap) IsZero() bool { return len(m.Vars) == 0 && len(m.Hosts) == 0 }

// Over returns m with o's entries over it; neither is changed.
func (m EnvMap) Over(o EnvMap) EnvMap {
	if o.IsZero() {
		return m
	}
	if m.IsZero() {
		return o
	}
	out := EnvMap{Vars: maps.Clone(m.Vars), Hosts: maps.Clone(m.Hosts)}
	if out.Vars == nil {
		out.Vars = map[string]string{}
	}
	maps.Copy(out.Vars, o.Vars)
	if out.Hosts == nil {
		out.Hosts = map[string]map[string]string{}
	}
	for h, vars := range o.Hosts {
		merged := maps.Clone(out.Hosts[h])
		if merged == nil {
			merged = map[string]string{}
		}
		maps.Copy(merged, vars)
		out.Hosts[h] = merged
	}
	return out
}

// apply returns env with every mapped name set to its mock variable's value,
// for a request to host ("" when unknown): the host's mapping over the one
// for every host. A name the page set itself (a capture, a bound
// placeholder) is kept. env itself is returned when nothing applies.
func (m EnvMap) apply(env map[string]string, host string) map[string]string {
	if m.IsZero() {
		return env
	}
	vars := m.Vars
	if hv, ok := m.Hosts[host]; ok {
		vars = maps.Clone(vars)
		if vars == nil {
			vars = map[string]string{}
		}
		maps.Copy(vars, hv)
	}
	out, cloned := env, false
	for name, mock := range vars {
		v, ok := env[mock]
		if _, set := env[name]; set || !ok {
			continue
		}
		if !cloned {
			out, cloned = maps.Clone(env), true
		}
		out[name] = v
	}
	return out
}

// unsetMarker stands for a variable that is not set while a sample's hosts
// are worked out (lenientHosts).
const unsetMarker = "docproof-unset-variable"

// lenientHosts returns the hosts of a curl or http sample's requests as if
// every unset variable were set: they are checked before the unset variable
// is reported. A host that comes from an unset variable is left out.
func (s *Sample) lenientHosts(env map[string]string) []string {
	return callHosts(s.lenientCalls(env, lenient))
}

// callHosts are the hosts of calls, but those of an unset variable.
func callHosts(calls []Call) []string {
	var hosts []string
	for _, c := range calls {
		u, err := url.Parse(c.URL)
		if err != nil || u.Host == "" || strings.Contains(u.Host, unsetMarker) {
			continue
		}
		hosts = append(hosts, u.Host)
	}
	return hosts
}

// lenientCalls are the sample's requests as if every unset variable were
// set to unsetMarker; sketched also reads those of unsupported shell.
func (s *Sample) lenientCalls(env map[string]string, mode callMode) []Call {
	lookup := func(name string) (string, bool) {
		if v, ok := env[name]; ok {
			return v, true
		}
		return unsetMarker, true
	}
	var calls []Call
	switch s.Kind {
	case Curl, HTTP:
		calls, _ = s.requestCalls(env, lookup, mode)
	case GraphQL:
		calls = []Call{{URL: graphqlEndpoint(env)}}
	}
	return calls
}

// sampleHost is the host of a sample's first request, "" when unknown.
func (s *Sample) sampleHost(env map[string]string, m EnvMap) string {
	if len(m.Hosts) == 0 {
		return ""
	}
	if h := s.lenientHosts(env); len(h) > 0 {
		return h[0]
	}
	return ""
}

// foreignHost is the first host of the sample's requests that the mock does
// not answer, "" when none.
func foreignHost(hosts []string, allowed map[string]bool) string {
	for _, h := range hosts {
		u := url.URL{Host: h}
		if !allowed[h] && !allowed[u.Hostname()] {
			return h
		}
	}
	return ""
}

// unsetHint lists the fixes that make an unset variable set: a mapping to
// the mock's variable (suggested by the name and host when one fits), a
// capture when an earlier sample on the page could provide it, and an
// assignment in the block for a value that is not a secret.
func unsetHint(name, host string, mockVars []string, earlier bool) string {
	var fixes []string
	m := suggestMockVar(name, host, mockVars)
	if m != "" {
		fixes = append(fixes, fmt.Sprintf("if it is the mock's $%s, map it in the front matter or docproof.yaml: env: {%s: %s}", m, name, m))
	}
	if earlier {
		fixes = append(fixes, fmt.Sprintf(`capture it from an earlier sample on this page (capture="%s=json.path")`, name))
	}
	if !secretName(name) {
		fixes = append(fixes, fmt.Sprintf("assign it earlier in the block (%s=value)", name))
	}
	if m == "" {
		fixes = append(fixes, fmt.Sprintf("map it to a variable the mock sets (%s) in the front matter or docproof.yaml: env: {%s: NAME}", someVars(mockVars), name))
	}
	return strings.Join(fixes, "; or ")
}

// someVars lists the mock's variables for a hint: the first organization's
// (the _OTHER_ORG twins are implied), at most eight.
func someVars(vars []string) string {
	var out []string
	for _, v := range vars {
		if strings.HasSuffix(v, "_OTHER_ORG") {
			continue
		}
		if len(out) == 8 {
			out = append(out, "…")
			break
		}
		out = append(out, v)
	}
	return strings.Join(out, ", ")
}

// secretName reports whether a variable's name says it holds a credential,
// which a page must not assign a literal value to.
func secretName(name string) bool {
	n := strings.ToUpper(name)
	return strings.Contains(n, "TOKEN") || strings.Contains(n, "SECRET") || strings.Contains(n, "PASSWORD") || strings.Contains(n, "KEY")
}

// suggestMockVar picks the mock's variable an unset name most likely means.
func suggestMockVar(name, host string, mockVars []string) string {
	n := strings.ToUpper(name)
	want := ""
	switch {
	case secretName(n) && (strings.Contains(n, "AGENT") || strings.HasPrefix(host, "agent")):
		want = "BUILDKITE_AGENT_TOKEN"
	case secretName(n):
		want = "BUILDKITE_API_TOKEN"
	case strings.Contains(n, "ORG") && strings.Contains(n, "ID"):
		want = "BUILDKITE_ORGANIZATION_ID"
	case strings.Contains(n, "ORG"):
		want = "BUILDKITE_ORGANIZATION_SLUG"
	case strings.Contains(n, "ENDPOINT") && strings.Contains(n, "GRAPHQL"):
		want = "BUILDKITE_GRAPHQL_ENDPOINT"
	case strings.Contains(n, "REST") || strings.Contains(n, "API") && (strings.Contains(n, "URL") || strings.Contains(n, "ENDPOINT")):
		want = "BUILDKITE_REST_ENDPOINT"
	case strings.Contains(n, "ENDPOINT") || strings.Contains(n, "URL") || strings.Contains(n, "BASE") || strings.Contains(n, "HOST"):
		want = "BUILDKITE_AGENT_ENDPOINT"
	}
	for _, v := range mockVars {
		if v == want {
			return want
		}
	}
	return ""
}
