package mockapi

import (
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fixture is documented twice for the docs writers (doc.go and
// ARCHITECTURE.md); both tables must say what fixture.go seeds.
func TestFixtureTablesMatchTheCode(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	arch, err := os.ReadFile("../ARCHITECTURE.md")
	require.NoError(t, err)
	space := regexp.MustCompile(`\s+`)
	docText := space.ReplaceAllString(string(doc), " ")
	for _, o := range fixtureOrgs() {
		assert.Regexp(t, fmt.Sprintf(`\b%s %s %s\b`, regexp.QuoteMeta(o.slug), o.uuid, o.defaultTokenUUID), docText)
		assert.Contains(t, string(arch), "`"+o.slug+"`")
		assert.Contains(t, string(arch), o.uuid)
		var jobs []struct {
			fixtureJob
			b fixtureBuild
		}
		for _, b := range o.builds {
			for _, j := range b.jobs {
				jobs = append(jobs, struct {
					fixtureJob
					b fixtureBuild
				}{j, b})
			}
		}
		sort.Slice(jobs, func(a, b int) bool { return jobs[a].rank < jobs[b].rank })
		for i, j := range jobs {
			assert.Equal(t, i+1, j.rank, "ranks are 1..n")
			assert.Contains(t, docText, fmt.Sprintf("%d %s %s %s %s", j.rank, j.b.pipeline, j.b.id, j.id, j.label), "doc.go row")
			word := strings.Fields(j.label)[len(strings.Fields(j.label))-1]
			assert.Contains(t, string(arch), fmt.Sprintf("| %s | %d | %s | `%s` | `%s` | %s |", o.slug, j.rank, j.b.pipeline, j.b.id, j.id, word), "ARCHITECTURE.md row")
		}
	}
}
