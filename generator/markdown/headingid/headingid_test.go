package headingid

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSlug(t *testing.T) {
	for text, want := range map[string]string{
		"Create a token":                  "create-a-token",
		"Using the REST API":              "using-the-rest-api",
		"C++ and Go":                      "c-plus-plus-and-go",
		"Teams & permissions":             "teams-and-permissions",
		"Finalize your queues.tf file":    "finalize-your-queues-dot-tf-file",
		"Release 3.2.1":                   "release-3-dot-2-dot-1",
		"Don't panic":                     "dont-panic",
		"Step 4: (optional) clean up":     "step-4-optional-clean-up",
		"  Spaces  -  and -- dashes  ":    "spaces-and-dashes",
		"Read/write scopes":               "read-write-scopes",
		"Input / output":                  "input-slash-output",
		"Ends with a full stop.":          "ends-with-a-full-stop",
		"Café_token":                      "café-token",
		"100% uptime":                     "100-percent-uptime",
		"`buildkite-agent start` options": "buildkite-agent-start-options",
	} {
		assert.Equal(t, want, Slug(text), "%q", text)
	}
}

func TestNest(t *testing.T) {
	levels := []int{1, 2, 3, 4, 3, 2, 3, 4, 2}
	own := []string{"title", "create", "rest", "curl", "graphql", "revoke", "ui", "steps", "faq"}
	assert.Equal(t, []string{
		"title", "create", "create-rest", "create-rest-curl", "create-graphql",
		"revoke", "revoke-ui", "revoke-ui-steps", "faq",
	}, Nest(levels, own))
}

func TestNestWithoutParent(t *testing.T) {
	// an h3 before any h2, or right under the h1, keeps its own id
	assert.Equal(t, []string{"intro", "title", "note"}, Nest([]int{3, 1, 3}, []string{"intro", "title", "note"}))
}
