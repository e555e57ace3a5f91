//go:build !linux

package generator

import "errors"

// exchange cannot swap two folders atomically on this system: publish
// renames the old site away and the new one in (out is missing in between).
func exchange(a, b string) error { return errors.ErrUnsupported }
