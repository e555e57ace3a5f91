package mockapi

import "strings"

// UnmodelledHeader is set on the 404 the mock answers when no route matches
// the request (never on a route's own 404), so docproof can tell "the mock
// does not model this" from a modelled "not found". Its value is "route"
// when other routes share the path's first segment (/v3/...), "api" when
// none does: nothing of that API (/v2/...) is modelled.
//
// A request carrying this header with the value "probe" only asks: a route
// that matches answers 204 without running, so asking never changes state.
const UnmodelledHeader = "Docproof-Unmodelled"

// unmodelled is UnmodelledHeader's value for a path no route matches.
func unmodelled(path string) string {
	first := firstSegment(path)
	for _, r := range routeTable() {
		_, p, _ := strings.Cut(r.pattern, " ")
		if i := strings.IndexByte(p, '/'); i > 0 { // a host in the pattern
			p = p[i:]
		}
		if firstSegment(p) == first {
			return "route"
		}
	}
	return "api"
}

// firstSegment is "/v3" of "/v3/jobs/1".
func firstSegment(p string) string {
	if i := strings.IndexByte(strings.TrimPrefix(p, "/"), '/'); i >= 0 {
		return p[:i+1]
	}
	return p
}
