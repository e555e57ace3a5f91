package source

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestWalkOrder(t *testing.T) {
	assert.Negative(t, WalkOrder("a/b", "a-c"))
	assert.Positive(t, WalkOrder("a-c", "a/b"))
	assert.Zero(t, WalkOrder("a/b/c", "a/b/c"))
	assert.Negative(t, WalkOrder("a/b", "a/c/d"))
}
