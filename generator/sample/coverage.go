package sample

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Coverage says which mock routes the docs' samples exercise.
type Coverage struct {
	Covered   []RouteUse `json:"covered"`   // routes at least one sample request reached
	Uncovered []string   `json:"uncovered"` // routes no sample reaches
	Unrouted  []string   `json:"unrouted"`  // requests that matched no route (answered 404/405), as "METHOD /path"
}

// RouteUse is a route pattern and how many sample requests reached it.
type RouteUse struct {
	Route    string `json:"route"`
	Requests int    `json:"requests"`
}

// Router is implemented by backends that can list their route patterns
// (mockapi.Server: "POST /v3/register", "GET /v3/jobs/{id}", ...).
type Router interface {
	Routes() []string
}

// ComputeCoverage matches every request against the route patterns (Go
// http.ServeMux syntax). Control routes under /_mock/ are left out.
func ComputeCoverage(routes []string, reqs []Request) Coverage {
	mux := http.NewServeMux()
	var listed []string
	for _, r := range routes {
		if strings.Contains(r, "/_mock/") || !register(mux, r) {
			continue
		}
		listed = append(listed, r)
	}
	hits := map[string]int{}
	unrouted := map[string]bool{}
	for _, q := range reqs {
		if strings.HasPrefix(q.Path, "/_mock/") {
			continue // the control API is docproof's, not Buildkite's
		}
		req, err := http.NewRequest(q.Method, "http://mock"+q.Path, nil)
		if err != nil {
			continue
		}
		if _, pattern := mux.Handler(req); pattern != "" {
			hits[pattern]++
		} else {
			unrouted[q.Method+" "+q.Path] = true
		}
	}
	c := Coverage{Covered: []RouteUse{}, Uncovered: []string{}, Unrouted: []string{}}
	sort.Strings(listed)
	for _, r := range listed {
		if n := hits[r]; n > 0 {
			c.Covered = append(c.Covered, RouteUse{Route: r, Requests: n})
		} else {
			c.Uncovered = append(c.Uncovered, r)
		}
	}
	for u := range unrouted {
		c.Unrouted = append(c.Unrouted, u)
	}
	sort.Strings(c.Unrouted)
	return c
}

// register adds a pattern to mux; a pattern ServeMux rejects is left out.
func register(mux *http.ServeMux, pattern string) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	mux.Handle(pattern, http.NotFoundHandler())
	return true
}

// redacted returns a copy of c with red applied to every text (request
// paths may hold a token a sample sent in its URL); nil stays nil.
func (c *Coverage) redacted(red func(string) string) *Coverage {
	if c == nil {
		return nil
	}
	out := Coverage{Covered: make([]RouteUse, len(c.Covered)), Uncovered: make([]string, len(c.Uncovered)), Unrouted: make([]string, len(c.Unrouted))}
	for i, u := range c.Covered {
		out.Covered[i] = RouteUse{Route: red(u.Route), Requests: u.Requests}
	}
	for i, r := range c.Uncovered {
		out.Uncovered[i] = red(r)
	}
	for i, r := range c.Unrouted {
		out.Unrouted[i] = red(r)
	}
	return &out
}

// String renders the coverage line of the check summary.
func (c Coverage) String() string {
	total := len(c.Covered) + len(c.Uncovered)
	s := fmt.Sprintf("coverage: %d of %d mock routes exercised by samples", len(c.Covered), total)
	if len(c.Uncovered) > 0 {
		s += "; not exercised: " + strings.Join(c.Uncovered, ", ")
	}
	return s
}
