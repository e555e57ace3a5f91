package markdown

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSlugify(t *testing.T) {
	tests := map[string]string{
		"Install":                 "install",
		"What's new? (v3.78)":     "whats-new-v378",
		"--token flag":            "--token-flag",
		"Café & naïve":            "café--naïve",
		"!!!":                     "section",
		"snake_case and-hyphen":   "snake_case-and-hyphen",
		"  Leading and trailing ": "--leading-and-trailing-",
	}
	for in, want := range tests {
		assert.Equal(t, want, slugify(in), in)
	}
}
