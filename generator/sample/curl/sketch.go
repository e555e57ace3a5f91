package curl

import (
	"regexp"
	"strings"
)

// Sketch reads, without running anything, where the curl commands of a block
// Parse rejects as Unsupported would go: for each line (continuations
// joined) with a curl command, even inside $(...) or another command, the
// first http(s) URL on it after $VAR and ${VAR} expansion by lookup, with
// the method -X or --request names, else POST when the line sends data
// (-d, --data*, -F, --form, --json) without -G, else GET. It is a best
// reading of text docproof does not run, good for saying which API a block
// is about, never for sending the request; Line is 1-based within code.
func Sketch(code string, lookup func(name string) (string, bool)) []*Request {
	var out []*Request
	lines := strings.Split(strings.ReplaceAll(code, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		start, text := i+1, lines[i]
		for strings.HasSuffix(text, `\`) && i+1 < len(lines) {
			i++
			text = text[:len(text)-1] + " " + lines[i]
		}
		if r := sketchLine(text, lookup); r != nil {
			r.Line = start
			out = append(out, r)
		}
	}
	return out
}

// sketchVar is a $NAME or ${NAME} reference.
var sketchVar = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?`)

func sketchLine(text string, lookup func(string) (string, bool)) *Request {
	words := strings.Fields(text)
	isCurl, method, data, get, url := false, "", false, false, ""
	for i, w := range words {
		w = strings.Trim(w, `'"();|&`)
		switch {
		case w == "curl" || strings.HasSuffix(w, "$(curl") || strings.HasSuffix(w, "`curl"): // out=$(curl ...)
			isCurl = true
		case !isCurl:
		case (w == "-X" || w == "--request") && i+1 < len(words):
			method = strings.Trim(words[i+1], `'"`)
		case strings.HasPrefix(w, "-X") && len(w) > 2:
			method = w[2:]
		case w == "-G" || w == "--get":
			get = true
		case w == "-d" || strings.HasPrefix(w, "--data") || w == "-F" || w == "--form" || w == "--json":
			data = true
		case url == "" && (strings.HasPrefix(w, "https://") || strings.HasPrefix(w, "http://")):
			url = sketchVar.ReplaceAllStringFunc(w, func(ref string) string {
				v, _ := lookup(sketchVar.FindStringSubmatch(ref)[1])
				return v
			})
		}
	}
	if !isCurl || url == "" {
		return nil
	}
	if method == "" {
		method = "GET"
		if data && !get {
			method = "POST"
		}
	}
	return &Request{Method: method, URL: url}
}
