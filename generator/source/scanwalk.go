package source

import "strings"

// WalkOrder compares slash paths the way a depth-first walk with sorted
// folder entries meets them: segment by segment.
func WalkOrder(a, b string) int {
	for {
		sa, ra, _ := strings.Cut(a, "/")
		sb, rb, _ := strings.Cut(b, "/")
		if c := strings.Compare(sa, sb); c != 0 || (ra == "" && rb == "") {
			return c
		}
		a, b = ra, rb
	}
}
