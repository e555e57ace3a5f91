package serve

import (
	"errors"
	"strings"
	"testing"

	"github.com/docproof/docproof/generator"
	"github.com/docproof/docproof/generator/diag"
	"github.com/stretchr/testify/assert"
)

// TestOverlayRedactsIssuedValues: the overlay and the terminal report
// redacted token shapes only, so a value the mock issued that has no token
// shape reached the browser (issue 19 item 4).
func TestOverlayRedactsIssuedValues(t *testing.T) {
	issued := "c0ffee12deadbeef4242"
	cut := "bkaa_" + strings.Repeat("Q8fj3kLmP2", 7) + "Zz"
	d := diag.Errorf("content/a.md", 4, "answer holds %s", issued)
	d.Diff, d.Hint, d.SampleID = "+ "+cut+"… (3 more bytes)", "h "+issued, "s"
	red := redactor(&generator.Result{Issued: []string{issued}})
	ps := problems(diag.List{d}, red)
	var all strings.Builder
	for _, p := range ps {
		all.WriteString(p.Message + p.Diff + p.Hint + p.File + p.Pos)
	}
	report(&all, Status{Problems: ps}, diag.List{diag.Warnf("content/b.md", 1, "w %s", issued)}, red)
	assert.NotContains(t, all.String(), issued)
	assert.NotContains(t, all.String(), cut[5:30])
	ps = problems(errors.New("plain "+issued), red)
	assert.NotContains(t, ps[0].Message, issued)
}
