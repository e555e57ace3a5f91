package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestServeUsage(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"help", []string{"serve", "--help"}, 0, "usage: docproof serve [--addr 127.0.0.1:1313]", ""},
		{"help lists flags", []string{"serve", "-h"}, 0, "-poll-interval", ""},
		{"help says where the site goes", []string{"serve", "-h"}, 0, "kept in memory", ""},
		{"bad addr", []string{"serve", "--addr", "1313"}, 2, "", `--addr "1313": want HOST:PORT`},
		{"unknown flag", []string{"serve", "--nope"}, 2, "", "flag provided but not defined: -nope"},
		{"stray argument", []string{"serve", "content"}, 2, "", `unexpected argument "content"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(t.Context(), tt.args, &stdout, &stderr)
			assert.Equal(t, tt.code, code, stderr.String())
			assert.Contains(t, stdout.String(), tt.stdout)
			assert.Contains(t, stderr.String(), tt.stderr)
		})
	}
}
