package secret

import (
	"strings"
	"testing"
)

// FuzzRedact checks that Redact never panics and leaves nothing Find would
// report: no token shape and no issued value survives redaction; and that
// MayMatch never rules out a text Find reports in.
func FuzzRedact(f *testing.F) {
	f.Add("Token bkar_Xq3vB9kLmP2wR7tYz4NcH8sD1fG6jK0aE5uI2oWbVnMxQ7rT9yUe3pLk8JhGf4Ds6Az1Cv5Bn here", "c0ffee12deadbeef")
	f.Add("bkaj_eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJqb2I6MSJ9.c2ln-bmF0_dXJl bkar_EXAMPLE000000000000000000", "")
	f.Fuzz(func(t *testing.T, s, issued string) {
		var values []string
		if v := strings.Map(func(r rune) rune {
			if r < 128 && isTokenChar(byte(r)) {
				return r
			}
			return -1
		}, issued); len(v) >= minIssued {
			values = append(values, v)
		}
		if len(Find(s, values)) > 0 && !NewFinder(values).MayMatch([]byte(s)) {
			t.Fatalf("MayMatch rules out %q, which Find reports in", s)
		}
		out := Redact(s, values)
		if left := Find(out, values); len(left) > 0 {
			t.Fatalf("after redaction %q still holds %q", out, out[left[0].Start:left[0].End])
		}
	})
}
