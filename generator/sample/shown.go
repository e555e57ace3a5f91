package sample

import (
	"strings"

	"github.com/docproof/docproof/generator/fence"
	"github.com/docproof/docproof/generator/sample/match"
	"github.com/docproof/docproof/generator/secret"
)

// ResponseHoles lists the placeholders of a documented response block, in
// the order Result.Shown fills them: an http block's header values first,
// then its body. A block that cannot be read has none (its sample fails and
// says why).
func ResponseHoles(b *fence.Block) []match.Hole {
	if b == nil {
		return nil
	}
	body := b.Code
	var out []match.Hole
	if b.Lang == "http" {
		_, _, hs, rest, err := readHTTPResponse(b.Code)
		if err != nil {
			return nil
		}
		for _, h := range hs {
			out = append(out, match.HolesIn(h[1])...)
		}
		body = rest
	}
	if strings.TrimSpace(body) == "" {
		return out
	}
	holes, err := match.Holes([]byte(body))
	if err != nil {
		return nil
	}
	return append(out, holes...)
}

// shownValues is what the page shows for the placeholders of a passing
// sample's documented response (ResponseHoles order): the values of this
// answer, every token value in them masked ("bkaa_…"). nil when the block
// has no placeholder.
func (s *Sample) shownValues(c Call, a *answer, issued []string) []string {
	if s.Response == nil || s.Adjacent || strings.IndexByte(s.Response.Code, '<') < 0 {
		return nil
	}
	body := s.Response.Code
	var out []string
	var holes []match.Hole
	if s.Response.Lang == "http" {
		_, _, hs, rest, err := readHTTPResponse(s.Response.Code)
		if err != nil {
			return nil
		}
		for _, h := range hs {
			holes = append(holes, match.HolesIn(h[1])...)
			out = append(out, match.ValuesIn(h[1], headerValue(a.Header, h[0], h[1]))...)
		}
		body = rest
	}
	if strings.TrimSpace(body) != "" {
		hs, vals, err := match.HoleValues([]byte(body), output(c, a))
		if err != nil {
			return nil
		}
		holes, out = append(holes, hs...), append(out, vals...)
	}
	if len(out) == 0 || len(holes) != len(out) {
		return nil
	}
	var f *secret.Finder // made for the first value that needs it
	for i, v := range out {
		switch {
		case v == "":
		case holes[i].Type == "token":
			out[i] = tokenMask(v)
		default:
			if f == nil {
				f = secret.NewFinder(issued)
			}
			out[i] = f.Replace(strings.Clone(v), tokenMask) // "bkaa_…", never a value
		}
	}
	return out
}

// tokenMask is the shown form of one token value (secret.Shown: "bkaa_…");
// a JSON string keeps its quotes.
func tokenMask(tok string) string {
	if len(tok) >= 2 && tok[0] == '"' && tok[len(tok)-1] == '"' {
		return `"` + secret.Shown(tok[1:len(tok)-1]) + `"`
	}
	return secret.Shown(tok)
}
