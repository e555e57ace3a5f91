package chromacss

import (
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReachRaisesContrast(t *testing.T) {
	tests := []struct{ fg, bg string }{
		{"#999988", "#ffffff"}, // grey comment on white
		{"#6e7681", "#0d1117"}, // dim grey on near-black
		{"#ffffff", "#f7f7f7"}, // white on light grey
	}
	for _, tt := range tests {
		fg, bg := chroma.MustParseColour(tt.fg), chroma.MustParseColour(tt.bg)
		require.Less(t, Contrast(fg, bg), MinContrast, "fixture must start below AA")
		got := Reach(fg, bg, MinContrast)
		assert.GreaterOrEqual(t, Contrast(got, bg), MinContrast, "%s on %s became %s", tt.fg, tt.bg, got)
	}
}

func TestOverridingResetsLightOnlyProperties(t *testing.T) {
	light := []rule{{".chroma .k", "color:#cf222e;font-weight:bold"}, {".chroma .nx", "color:#111111"}}
	dark := []rule{{".chroma .k", "color:#ff7b72"}}
	got := overriding(light, dark)
	assert.Equal(t, []rule{
		{".chroma .k", "color:#ff7b72;font-weight:inherit"},
		{".chroma .nx", "color:inherit"},
	}, got)
}

func TestGenerate(t *testing.T) {
	var b strings.Builder
	require.NoError(t, Generate(&b, LightStyle, DarkStyle))
	css := b.String()
	assert.Contains(t, css, "\n.chroma{")
	assert.Contains(t, css, "\n[data-theme=dark] .chroma{")
	assert.Contains(t, css, "@media (prefers-color-scheme: dark){\n")
	assert.Contains(t, css, "\n:root:not([data-theme=light]) .chroma{")
	assert.NotContains(t, css, ".lntable", "line-number rules are not shipped")
}

func TestGenerateUnknownStyle(t *testing.T) {
	err := Generate(&strings.Builder{}, "no-such-style", DarkStyle)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"no-such-style"`)
}
