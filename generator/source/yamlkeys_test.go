package source

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The keys' order and messages are tested with the site config's in
// generator/yamlkeys_test.go: the two share UnknownKey.

func TestUnknownKeyErrorWithoutMapping(t *testing.T) {
	for _, data := range []string{"", "- a\n- b\n", "just text\n", "a: [\n"} {
		_, _, ok := UnknownKey([]byte(data), []string{"title"})
		assert.False(t, ok, "%q", data)
	}
}
