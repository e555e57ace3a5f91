package generator

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestConventionsResolved(t *testing.T) {
	c, responses := Conventions{}.resolved("")
	assert.Equal(t, Conventions{}, c, "no dialect: nothing changes")
	assert.Equal(t, "", responses)

	c, responses = Conventions{Dialect: "buildkite", HeadingIDs: "flat", IAL: ptr(false), Languages: map[string]string{"conf": "nginx"}}.resolved("")
	assert.Equal(t, "docs", c.URLs)
	assert.Equal(t, "flat", c.HeadingIDs, "a setting beside the dialect wins")
	assert.Equal(t, "erb", c.Partials)
	assert.Equal(t, "/images", c.ImageRoot)
	assert.Equal(t, "emoji", c.Callouts)
	assert.False(t, on(c.IAL), "a switch turned off beside the dialect stays off")
	assert.True(t, on(c.ListFences))
	assert.Equal(t, "lenient", c.FrontMatter)
	assert.Equal(t, map[string]string{"curl": "bash", "conf": "nginx", "yaml:": "yaml", "url": "text"}, c.Languages)
	assert.Equal(t, "adjacent", responses)

	_, responses = Conventions{Dialect: "buildkite"}.resolved("marked")
	assert.Equal(t, "marked", responses)
}

func TestConventionsCheck(t *testing.T) {
	for _, tc := range []struct {
		c        Conventions
		key, msg string
	}{
		{Conventions{}, "", ""},
		{Conventions{Dialect: "buildkite", URLs: "docs", HeadingIDs: "nested", Partials: "erb", Callouts: "emoji", FrontMatter: "lenient", ImageRoot: "/img"}, "", ""},
		{Conventions{Dialect: "hugo"}, "dialect", `dialect: "hugo" is not a dialect docproof knows: use buildkite`},
		{Conventions{URLs: "ugly"}, "urls", `urls: "ugly" is not one of pretty, docs`},
		{Conventions{HeadingIDs: "deep"}, "heading_ids", `heading_ids: "deep" is not one of flat, nested`},
		{Conventions{Partials: "liquid"}, "partials", `partials: "liquid" is not one of erb`},
		{Conventions{FrontMatter: "loose"}, "front_matter", `front_matter: "loose" is not one of strict, lenient`},
		{Conventions{ImageRoot: "images"}, "image_root", `image_root: "images" must be a root-absolute path (/images) or an absolute URL`},
	} {
		key, msg := tc.c.check()
		assert.Equal(t, tc.key, key)
		assert.Equal(t, tc.msg, msg)
	}
}
