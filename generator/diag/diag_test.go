package diag

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDiagnosticError(t *testing.T) {
	tests := []struct {
		d    Diagnostic
		want string
	}{
		{Errorf("content/a.md", 3, "bad %s", "thing"), "content/a.md:3: bad thing"},
		{Warnf("content/a.md", 0, "whole file"), "content/a.md: warning: whole file"},
		{Diagnostic{File: "a.md", Line: 2, Col: 7, Message: "m"}, "a.md:2:7: m"},
		{Diagnostic{Message: "no position"}, "no position"},
		{Errorf("a.md", 1, "m").WithHint("do x"), "a.md:1: m (do x)"},
		{Diagnostic{File: "a.md", Line: 1, SampleID: "reg", Message: "m", Diff: "- a\n+ b\n"}, "a.md:1: sample \"reg\": m\n- a\n+ b"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.d.Error())
	}
}

func TestListErrAndSort(t *testing.T) {
	var l List
	assert.NoError(t, l.Err())
	l = append(l, Warnf("b.md", 1, "w"))
	assert.NoError(t, l.Err(), "warnings alone are not an error")
	l = append(l, Errorf("b.md", 9, "late"), Errorf("a.md", 5, "first"), Errorf("b.md", 2, "early"))
	err := l.Err()
	require.Error(t, err)
	var got List
	require.True(t, errors.As(err, &got))
	assert.Equal(t, "a.md:5: first\nb.md:2: early\nb.md:9: late", err.Error())
	assert.Len(t, l.Warnings(), 1)
	assert.Len(t, l.Errors(), 3)
}

func TestIncludedFrom(t *testing.T) {
	d := Errorf("pages/agent/_note.md", 3, "broken link %q", "/docs/x")
	d.IncludedFrom = []Place{{"pages/agent/_outer.md", 2}, {"pages/agent/tokens.md", 14}}
	assert.Equal(t, `pages/agent/_note.md:3 (included from pages/agent/_outer.md:2) (included from pages/agent/tokens.md:14): broken link "/docs/x"`, d.Error())
}
