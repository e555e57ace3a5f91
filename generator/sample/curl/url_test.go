package curl

import (
	"strings"
	"testing"
)

// FuzzIndexBlankOrControl holds the byte loop equal to strings.IndexFunc
// over runes, invalid UTF-8 included.
func FuzzIndexBlankOrControl(f *testing.F) {
	for _, s := range []string{"https://h/a b", "https://h/\x7f", "\xff\x20", "é\t", "https://agent.buildkite.com/v3/ping"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.IndexFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f })
		if got := indexBlankOrControl(s); got != want {
			t.Fatalf("indexBlankOrControl(%q) = %d, strings.IndexFunc says %d", s, got, want)
		}
	})
}

func TestEncodePath(t *testing.T) {
	for in, want := range map[string]string{
		"https://h/v3/ping?x=\"y\"":   "https://h/v3/ping?x=\"y\"",
		"https://h/a\"b/é?q=é":        "https://h/a%22b/%C3%A9?q=é",
		"https://h/{x}[y]#frag|":      "https://h/%7Bx%7D%5By%5D#frag|",
		"https://h":                   "https://h",
		"https://h/%41<>^`\\|":        "https://h/%41%3C%3E%5E%60%5C%7C",
		"https://agent.buildkite.com": "https://agent.buildkite.com",
	} {
		if got := encodePath(in); got != want {
			t.Errorf("encodePath(%q) = %q, want %q", in, got, want)
		}
	}
}
