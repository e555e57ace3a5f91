package curl

import (
	"encoding/base64"
	"net/http"
	"strings"
)

// piece is one data argument after curl's own processing.
type piece struct {
	data string
	json bool // from --json: joined to other --json pieces without '&'
}

// header is one -H argument.
type header struct {
	name, value string
	remove      bool // "Name:" removes the header curl would send
}

// builder collects one curl command's options.
type builder struct {
	req     *Request
	at      pos // the curl word
	in      *stdin
	method  string
	urls    []arg
	data    []piece
	get     bool
	globoff bool // -g: { } [ ] in the URL are literal
	user    *arg
	agent   *string
	referer *string
	headers []header
}

// apply records one option; flag is the option as written, for messages.
func (b *builder) apply(long, flag string, v arg) error {
	r := b.req
	switch long {
	case "--request":
		if v.val == "" || strings.ContainsAny(v.val, " \t\r\n") {
			return v.pos.errorf("curl %s %q is not an HTTP method", flag, v.val)
		}
		b.method = v.val
	case "--header":
		return b.header(flag, v)
	case "--data", "--data-ascii":
		return b.addData(flag, v, true, true, false)
	case "--data-binary":
		return b.addData(flag, v, true, false, false)
	case "--data-raw":
		return b.addData(flag, v, false, false, false)
	case "--json":
		return b.addData(flag, v, true, false, true)
	case "--data-urlencode":
		return b.urlencoded(flag, v)
	case "--user":
		if !strings.Contains(v.val, ":") {
			return v.pos.errorf("curl %s %q has no password, so curl would prompt for one; write %s '%s:' for an empty password", flag, v.val, flag, v.val)
		}
		u := v // only this branch keeps v: the others do not move it to the heap
		b.user = &u
	case "--user-agent":
		a := v.val
		b.agent = &a
	case "--referer":
		r := v.val
		b.referer = &r
	case "--output":
		r.Output = v.val
	case "--write-out":
		if strings.HasPrefix(v.val, "@") {
			return v.pos.errorf("curl %s %s: files are not read in a sample; give the format inline", flag, v.val)
		}
		r.WriteOut = v.val
	case "--url":
		return b.url(v)
	case "--get":
		b.get = true
	case "--include":
		r.Include = true
	case "--silent":
		r.Silent = true
	case "--show-error":
		r.ShowError = true
	case "--fail", "--fail-with-body":
		r.Fail = true
	case "--compressed":
		r.Compressed = true
	case "--location":
		r.FollowRedirects = true
	case "--head":
		r.Head = true
	case "--globoff":
		b.globoff = true
	}
	// --insecure, --globoff, --no-buffer, --no-progress-meter change nothing in-process.
	return nil
}

func (b *builder) url(v arg) error {
	if strings.TrimSpace(v.val) == "" {
		return v.pos.errorf("curl got an argument of only blanks: a backslash followed by a space escapes the space instead of continuing the line; remove the blanks after the '\\'")
	}
	b.urls = append(b.urls, v)
	return nil
}

func (b *builder) header(flag string, v arg) error {
	s := strings.TrimRight(v.val, "\r\n")
	if strings.HasPrefix(s, "@") {
		return v.pos.errorf("curl %s %s: files are not read in a sample; give each header with its own %s 'Name: value'", flag, s, flag)
	}
	name, value, found := strings.Cut(s, ":")
	h := header{name: strings.TrimSpace(name)}
	switch {
	case found:
		h.value = strings.Trim(value, " \t")
		h.remove = h.value == ""
	case strings.HasSuffix(s, ";"):
		h.name = strings.TrimSpace(strings.TrimSuffix(s, ";"))
	default:
		return v.pos.errorf("curl %s %q is not a header: write 'Name: value'", flag, v.val)
	}
	if !validHeaderName(h.name) {
		return v.pos.errorf("curl %s %q: %q is not a valid header name", flag, v.val, h.name)
	}
	b.headers = append(b.headers, h)
	return nil
}

func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// readInput resolves a data argument's @-: standard input, read once.
func (b *builder) readInput(flag string, v arg, name string) (string, error) {
	if name != "-" {
		return "", v.pos.errorf("curl %s @%s: files are not read in a sample; put the data inline or in a here-document: %s @- <<'EOF'", flag, name, flag)
	}
	if !b.in.ok {
		return "", v.pos.errorf("curl %s @- reads standard input, but nothing feeds it: add a here-document (%s @- <<'EOF') or pipe echo/printf into curl", flag, flag)
	}
	if b.in.used {
		return "", nil
	}
	b.in.used = true
	return string(b.in.data), nil
}

// addData handles -d/--data/--data-ascii (at, strip), --data-binary (at),
// --data-raw and --json (at, json).
func (b *builder) addData(flag string, v arg, at, strip, json bool) error {
	s := v.val
	if at && strings.HasPrefix(s, "@") {
		var err error
		if s, err = b.readInput(flag, v, s[1:]); err != nil {
			return err
		}
		if strip {
			// curl strips carriage returns, newlines and NULs from data read with -d @.
			s = strings.Map(func(r rune) rune {
				if r == '\r' || r == '\n' || r == 0 {
					return -1
				}
				return r
			}, s)
		}
	}
	b.data = append(b.data, piece{data: s, json: json})
	return nil
}

// urlencoded handles the forms of --data-urlencode: content, =content,
// name=content, @file and name@file (only @- is read).
func (b *builder) urlencoded(flag string, v arg) error {
	s := v.val
	i := strings.IndexAny(s, "=@")
	if i < 0 {
		b.data = append(b.data, piece{data: escape(s)})
		return nil
	}
	name, rest := s[:i], s[i+1:]
	content := rest
	if s[i] == '@' {
		var err error
		if content, err = b.readInput(flag, v, rest); err != nil {
			return err
		}
	}
	if name != "" {
		b.data = append(b.data, piece{data: name + "=" + escape(content)})
		return nil
	}
	b.data = append(b.data, piece{data: escape(content)})
	return nil
}

// escape percent-encodes everything but RFC 3986 unreserved bytes and
// writes a space as '+', as curl's --data-urlencode does.
func escape(s string) string {
	const hex = "0123456789ABCDEF"
	var out strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			out.WriteByte(c)
			continue
		}
		if c == ' ' {
			out.WriteByte('+')
			continue
		}
		out.WriteByte('%')
		out.WriteByte(hex[c>>4])
		out.WriteByte(hex[c&15])
	}
	return out.String()
}

// finish checks the options together and builds the Request.
func (b *builder) finish() (*Request, error) {
	r := b.req
	switch len(b.urls) {
	case 0:
		return nil, b.at.errorf("curl needs a URL")
	case 1:
	default:
		return nil, b.urls[1].pos.errorf("one URL per curl command, please: split %q into its own curl command", b.urls[1].val)
	}
	if r.Head && len(b.data) > 0 && !b.get {
		return nil, b.at.errorf("curl -I (HEAD) cannot send data: curl itself refuses to combine them")
	}
	u, err := normalizeURL(b.urls[0], b.globoff)
	if err != nil {
		return nil, err
	}
	body, anyJSON := b.body()
	switch {
	case b.get && body != "":
		if i := strings.IndexFunc(body, func(r rune) bool { return r <= ' ' || r == 0x7f }); i >= 0 {
			return nil, b.at.errorf("curl -G puts the data in the URL, where curl refuses a blank or control character: write it as %%%02X or use --data-urlencode", body[i])
		}
		sep := "?"
		if strings.Contains(u, "?") {
			sep = "&"
		}
		u += sep + body
		body = ""
	case body != "" || len(b.data) > 0:
		r.Body = []byte(body)
	}
	r.URL = u
	r.Method = b.method
	if r.Method == "" {
		switch {
		case r.Head:
			r.Method = http.MethodHead
		case b.get:
			r.Method = http.MethodGet
		case len(b.data) > 0:
			r.Method = http.MethodPost
		default:
			r.Method = http.MethodGet
		}
	}
	r.Header = b.headerSet(anyJSON)
	return r, nil
}

// body joins the data pieces as curl does: '&' before each piece, except
// that --json data is appended as it is.
func (b *builder) body() (string, bool) {
	var out strings.Builder
	anyJSON := false
	for i, p := range b.data {
		anyJSON = anyJSON || p.json
		if i > 0 && !p.json {
			out.WriteByte('&')
		}
		out.WriteString(p.data)
	}
	return out.String(), anyJSON
}

// headerSet merges curl's own headers with the -H ones: a custom header
// replaces curl's header of the same name, "Name:" only stops curl sending
// its own header (custom ones stay), and custom headers keep their order.
func (b *builder) headerSet(anyJSON bool) http.Header {
	// curl's own headers, in the order curl adds them (a later Set of the
	// same name replaces an earlier one).
	own := [...]struct{ name, value string }{
		{"Authorization", ""}, {"User-Agent", ""}, {"Referer", ""}, {"Accept", "*/*"}, {"Content-Type", ""},
	}
	if b.user != nil {
		own[0].value = "Basic " + base64.StdEncoding.EncodeToString([]byte(b.user.val))
	}
	if b.agent != nil {
		own[1].value = *b.agent
	}
	if b.referer != nil {
		own[2].value = *b.referer
	}
	if anyJSON {
		own[3].value = "application/json"
	}
	if len(b.data) > 0 && !b.get {
		if anyJSON {
			own[4].value = "application/json"
		} else {
			own[4].value = "application/x-www-form-urlencoded"
		}
	}
	set := [len(own)]bool{b.user != nil, b.agent != nil, b.referer != nil, true, len(b.data) > 0 && !b.get}
	h := make(http.Header, len(own)+len(b.headers))
	vals := make([]string, 0, len(own)+len(b.headers)) // one backing array for the first value of each
	one := func(v string) []string {
		vals = append(vals, v)
		return vals[len(vals)-1 : len(vals) : len(vals)]
	}
	for _, c := range b.headers {
		k := http.CanonicalHeaderKey(c.name)
		for i := range own {
			if own[i].name == k {
				set[i] = false // "Name:" or a custom value replaces curl's own
			}
		}
		if !c.remove {
			if vs, ok := h[k]; ok {
				h[k] = append(vs, c.value) // a repeated header: its own array
			} else {
				h[k] = one(c.value)
			}
		}
	}
	for i, o := range own {
		if set[i] {
			h[o.name] = one(o.value)
		}
	}
	return h
}
