package match

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
)

// rePlaceholder is the placeholder syntax as a regexp: the reference the
// hand-written scanner (placeholdersIn) is held equal to.
var rePlaceholder = regexp.MustCompile(`<(?:([a-z]+):)?([a-z0-9_-]+)>`)

func regexpLocs(s string) [][6]int {
	var out [][6]int
	for _, l := range rePlaceholder.FindAllStringSubmatchIndex(s, -1) {
		out = append(out, [6]int(l))
	}
	return out
}

func placeholderLocs(s string) [][6]int {
	var out [][6]int
	for loc := range placeholdersIn(s) {
		out = append(out, loc)
	}
	return out
}

func TestPlaceholderLocsMatchRegexp(t *testing.T) {
	for _, s := range []string{
		"", "<", ">", "<>", "<a>", "<uuid:id>", "<uuid:>", "<:id>", "<ab:c:d>", "<a-b_1>", "<A>", "<a:B>",
		"Token <agent-token> and <number:n>", "<<a>>", "<a<b>", "<a:b<c:d>>", "x<token:t>y<any>", "<é>", "<a:b",
		"<abc:def:ghi>", "<1:x>", "<a1:x>", "<a :x>", "<a-b:c>", "<ab:c>", "<<uuid:x>",
	} {
		assert.Equal(t, regexpLocs(s), placeholderLocs(s), "%q", s)
	}
}

func FuzzPlaceholderLocs(f *testing.F) {
	f.Add("Token <agent-token> and <number:n>")
	f.Add("<a:b<c:d>>")
	f.Fuzz(func(t *testing.T, s string) {
		if want, got := regexpLocs(s), placeholderLocs(s); !assert.Equal(t, want, got) {
			t.Fatalf("%q", s)
		}
	})
}
