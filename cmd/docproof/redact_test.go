package main

import (
	"strings"
	"testing"

	"github.com/docproof/docproof/generator"
	"github.com/docproof/docproof/generator/diag"
	"github.com/stretchr/testify/assert"
)

// TestStderrRedactsIssuedValues: diagnostics and warnings printed to
// stderr hide the values the build's mocks issued, not only token shapes.
func TestStderrRedactsIssuedValues(t *testing.T) {
	issued := "c0ffee12deadbeef4242"
	res := &generator.Result{Issued: []string{issued}, Warnings: diag.List{diag.Warnf("content/a.md", 1, "w %s", issued)}}
	var stderr strings.Builder
	code := printProblems("docproof", res, diag.List{diag.Errorf("content/a.md", 2, "e %s", issued)}, &stderr)
	assert.Equal(t, 0, code)
	assert.Contains(t, stderr.String(), "content/a.md:2: e …(20 chars)")
	assert.NotContains(t, stderr.String(), issued)
}
