package curl

import (
	"strconv"
	"strings"
)

// checkShell rejects what a real shell (bash) would run differently from what
// Parse predicts: a sample docproof proves must send the request readers'
// curl sends. It runs over the parsed script, before any expansion:
//
//   - unquoted braces holding a comma or a .. range: bash brace-expands the
//     word into several ({"a":1,"b":2} becomes the two words a:1 and b:2);
//   - assignments of the variables that change where or how real curl sends
//     the request (proxies, the .curlrc it reads, the certificates it trusts,
//     a TLS key log): docproof sends every request straight to the mock.
func checkShell(pipes []*pipeline) error {
	for _, pl := range pipes {
		for _, c := range pl.cmds {
			if err := checkCommand(c); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkCommand(c *command) error {
	words := c.words
	for len(words) > 0 {
		name, _, ok := assignment(words[0])
		if !ok {
			break
		}
		if err := checkCurlEnv(name, words[0].pos); err != nil {
			return err
		}
		words = words[1:]
	}
	isExport := len(words) > 0 && len(words[0].parts) == 1 && words[0].parts[0].kind == partLit && words[0].parts[0].text == "export"
	for i, w := range words {
		if isExport && i > 0 {
			if name, _, ok := assignment(w); ok {
				if err := checkCurlEnv(name, w.pos); err != nil {
					return err
				}
				continue
			}
		}
		if err := checkBraces(w); err != nil {
			return err
		}
	}
	return nil
}

// curlEnv says what each variable that real curl (or its TLS library) reads
// from the environment does to the request.
var curlEnv = map[string]string{
	"http_proxy":      "sends plain-http requests through a proxy",
	"HTTP_PROXY":      "sends requests through a proxy (curl reads http_proxy; other clients and some curl builds read HTTP_PROXY)",
	"https_proxy":     "sends https requests through a proxy",
	"HTTPS_PROXY":     "sends https requests through a proxy",
	"all_proxy":       "sends every request through a proxy",
	"ALL_PROXY":       "sends every request through a proxy",
	"no_proxy":        "changes which hosts curl reaches through the reader's proxy",
	"NO_PROXY":        "changes which hosts curl reaches through the reader's proxy",
	"CURL_HOME":       "makes curl read another .curlrc, whose options apply to every request",
	"HOME":            "makes curl read another .curlrc, whose options apply to every request",
	"XDG_CONFIG_HOME": "makes curl read another .curlrc, whose options apply to every request",
	"SSLKEYLOGFILE":   "makes curl write the TLS session keys to a file: anyone holding it can decrypt the traffic, token included",
	"CURL_CA_BUNDLE":  "changes which certificates curl trusts",
	"SSL_CERT_FILE":   "changes which certificates curl trusts",
	"SSL_CERT_DIR":    "changes which certificates curl trusts",
}

func checkCurlEnv(name string, at pos) error {
	what, ok := curlEnv[name]
	if !ok {
		return nil
	}
	return at.errorf("%s=… %s, so real curl would not send what docproof sends (docproof sends every request straight to the mock and ignores it); remove the assignment, or add skip=\"reason\" to the block", name, what)
}

// shellByte is one byte of a word as brace expansion sees it: special bytes
// are unquoted, so {, , and } there are syntax.
type shellByte struct {
	c       byte
	special bool
}

// checkBraces fails a word that bash would brace-expand.
func checkBraces(w *word) error {
	var src []shellByte
	unquotedBrace := false
	for _, pt := range w.parts {
		text, special := pt.text, pt.kind == partLit && !pt.quoted
		if pt.kind == partVar {
			text = "$" + pt.text
		}
		for i := 0; i < len(text); i++ {
			src = append(src, shellByte{text[i], special})
			unquotedBrace = unquotedBrace || special && text[i] == '{'
		}
	}
	if !unquotedBrace {
		return nil
	}
	words, ok := braceExpand(src, 8)
	if !ok {
		return nil
	}
	shown := make([]string, len(words))
	for i, b := range words {
		shown[i] = plain(b)
		if shown[i] == "" {
			shown[i] = "''"
		}
	}
	return w.pos.errorf("bash brace-expands the unquoted braces of %s into %s (%s), so real curl would get other arguments than docproof sends; put the whole argument in single quotes, as in -d '{\"a\": 1, \"b\": 2}'",
		written(src), countWords(len(words)), strings.Join(shown, " "))
}

func countWords(n int) string {
	if n >= 8 {
		return "8 or more words"
	}
	return strconv.Itoa(n) + " words"
}

// written shows a word as it might have been written: quoted runs in double quotes.
func written(b []shellByte) string {
	var s strings.Builder
	for i, x := range b {
		if !x.special && (i == 0 || b[i-1].special) {
			s.WriteByte('"')
		}
		s.WriteByte(x.c)
		if !x.special && (i == len(b)-1 || b[i+1].special) {
			s.WriteByte('"')
		}
	}
	return s.String()
}

func plain(b []shellByte) string {
	s := make([]byte, len(b))
	for i, x := range b {
		s[i] = x.c
	}
	return string(s)
}

// braceExpand expands the first brace group of src as bash does and then the
// groups of each result, returning at most limit words; ok is false when
// src holds no group bash would expand.
func braceExpand(src []shellByte, limit int) ([][]shellByte, bool) {
	open, end, alts := findGroup(src)
	if open < 0 {
		return nil, false
	}
	var out [][]shellByte
	for _, alt := range alts {
		w := append(append(append([]shellByte{}, src[:open]...), alt...), src[end+1:]...)
		if more, ok := braceExpand(w, limit-len(out)); ok {
			out = append(out, more...)
		} else {
			out = append(out, w)
		}
		if len(out) >= limit {
			return out[:limit], true
		}
	}
	return out, true
}

// findGroup finds the first unquoted {…} holding an unquoted comma at its own
// depth, or a {x..y} range of integers or single letters; it returns its
// bounds and alternatives, or open -1.
func findGroup(src []shellByte) (open, end int, alts [][]shellByte) {
	for open = 0; open < len(src); open++ {
		if !src[open].special || src[open].c != '{' || open > 0 && src[open-1].special && src[open-1].c == '$' {
			continue
		}
		depth, last := 0, open+1
		alts = alts[:0]
		for j := open + 1; j < len(src); j++ {
			if !src[j].special {
				continue
			}
			switch src[j].c {
			case '{':
				depth++
			case ',':
				if depth == 0 {
					alts = append(alts, src[last:j])
					last = j + 1
				}
			case '}':
				if depth > 0 {
					depth--
					continue
				}
				if len(alts) > 0 {
					return open, j, append(alts, src[last:j])
				}
				if r := rangeAlts(src[open+1 : j]); r != nil {
					return open, j, r
				}
				j = len(src) // no group here; try the next '{'
			}
		}
	}
	return -1, -1, nil
}

// rangeAlts expands a {1..3} or {a..c} range body; nil when it is none.
func rangeAlts(body []shellByte) [][]shellByte {
	from, to, ok := strings.Cut(plain(body), "..")
	if !ok {
		return nil
	}
	for _, b := range body {
		if !b.special {
			return nil
		}
	}
	var vals []string
	if a, err1 := strconv.Atoi(from); err1 == nil {
		b, err2 := strconv.Atoi(to)
		if err2 != nil {
			return nil
		}
		step := 1
		if b < a {
			step = -1
		}
		for i := a; len(vals) < 8; i += step {
			vals = append(vals, strconv.Itoa(i))
			if i == b {
				break
			}
		}
	} else if len(from) == 1 && len(to) == 1 && isLetter(from[0]) && isLetter(to[0]) {
		step := 1
		if to[0] < from[0] {
			step = -1
		}
		for c := int(from[0]); len(vals) < 8; c += step {
			vals = append(vals, string(rune(c)))
			if c == int(to[0]) {
				break
			}
		}
	} else {
		return nil
	}
	out := make([][]shellByte, len(vals))
	for i, v := range vals {
		for j := 0; j < len(v); j++ {
			out[i] = append(out[i], shellByte{v[j], false})
		}
	}
	return out
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
