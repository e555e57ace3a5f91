package curl

import (
	"net/url"
	"strings"
)

// normalizeURL adds http:// when the scheme is missing, as curl does, and
// checks that the result is an http(s) URL with a host. Like curl, it refuses
// blanks and control characters and percent-encodes characters such as '"'
// and '\' in the path.
func normalizeURL(a arg, globoff bool) (string, error) {
	s := a.val
	if i := indexBlankOrControl(s); i >= 0 {
		return "", a.pos.errorf("curl URL %q holds a blank or control character, which curl refuses: write it as %%%02X", a.val, s[i])
	}
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	// After the host (an IPv6 host is in brackets), { } [ ] are curl globs.
	if rest := s[strings.Index(s, "://")+3:]; !globoff && strings.ContainsAny(rest[strings.IndexAny(rest+"/", "/?#"):], "{}[]") {
		return "", a.pos.errorf("curl treats { } [ ] in a URL as a pattern of several URLs; percent-encode them (%%7B %%7D %%5B %%5D) or add -g (--globoff)")
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", a.pos.errorf("curl URL %q is not valid: %v", a.val, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", a.pos.errorf("curl URL %q: only http and https URLs can be verified", a.val)
	}
	if u.Host == "" {
		return "", a.pos.errorf("curl URL %q has no host", a.val)
	}
	return encodePath(s), nil
}

// indexBlankOrControl is the index of the first byte <= ' ' or DEL in s, or
// -1: strings.IndexFunc's answer for runes <= ' ' or DEL (no byte of a
// multi-byte or invalid sequence is one of them).
func indexBlankOrControl(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] == 0x7f {
			return i
		}
	}
	return -1
}

// encodePath percent-encodes the bytes curl encodes in a URL's path
// (non-ASCII, '"', '\', '<', '>', '^', '`', '{', '|', '}', '[', ']'), keeping any
// %XX already there and leaving the query as it is.
func encodePath(s string) string {
	start := strings.Index(s, "://") + 3
	if i := strings.IndexByte(s[start:], '/'); i >= 0 {
		start += i
	} else {
		return s
	}
	end := len(s)
	if i := strings.IndexAny(s[start:], "?#"); i >= 0 {
		end = start + i
	}
	clean := true
	for i := start; i < end && clean; i++ {
		clean = s[i] < 0x80 && strings.IndexByte("\"\\<>^`{|}[]", s[i]) < 0
	}
	if clean {
		return s // most paths: nothing to encode, no copy
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.WriteString(s[:start])
	for i := start; i < end; i++ {
		c := s[i]
		if c >= 0x80 || strings.IndexByte("\"\\<>^`{|}[]", c) >= 0 {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	b.WriteString(s[end:])
	return b.String()
}
