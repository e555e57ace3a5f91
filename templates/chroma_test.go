package templates

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/templates/internal/chromacss"
)

// TestChromaCSSIsUpToDate fails when assets/chroma.css was edited by hand or
// chroma changed its styles: run `go generate ./templates`.
func TestChromaCSSIsUpToDate(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, chromacss.Generate(&buf, chromacss.LightStyle, chromacss.DarkStyle))
	require.Equal(t, buf.String(), readAsset(t, "chroma.css"), "assets/chroma.css is stale: run `go generate ./templates`")
}
