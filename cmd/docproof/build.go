package main

import (
	"context"
	"fmt"
	"io"
)

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "docproof build: not implemented yet")
	return 2
}
