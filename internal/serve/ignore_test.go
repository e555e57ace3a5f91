package serve

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIsEditorTemp(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{".tokens.md.swp", true},
		{".tokens.md.swo", true},
		{".tokens.md.swx", true},
		{"tokens.md.swpx", true},
		{"4913", true},
		{"5036", true},
		{"tokens.md~", true},
		{".#tokens.md", true},
		{"#tokens.md#", true},
		{"tokens.md___jb_tmp___", true},
		{"tokens.md___jb_old___", true},
		{".goutputstream-ABC123", true},
		{"tokens.md.kate-swp", true},
		{".DS_Store", true},
		{"tokens.md", false},
		{"index.md", false},
		{"logo.svg", false},
		{"swap.md", false},
		{"a.swz", false},
		{"#", false},
		{"v3", false},
		{".hidden.md", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, isEditorTemp(tt.name))
		})
	}
}
