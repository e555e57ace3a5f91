package main

import (
	"context"
	"fmt"
	"io"
)

func runMock(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "docproof mock: not implemented yet")
	return 2
}
