package mockapi

import "unicode/utf8"

// The bodies the docs send most (register, heartbeat) are small flat objects
// of plain strings. parseJSON decodes those without encoding/json's
// reflection when the request type can (a fastDecoder); anything else —
// escapes, other value types, unknown or differently cased keys, null — goes
// to json.Unmarshal as before. fastjson_test.go holds the two equal.

// fastDecoder is a request body type with a decoder for the common shape.
// decodeFast reports false, leaving the receiver unchanged, when data is
// not in that shape.
type fastDecoder interface {
	decodeFast(data []byte) bool
}

// flatValue is one member value of a flat object: a plain string, a bool,
// or an array of plain strings.
type flatValue struct {
	kind byte // 's' string, 'b' bool, 'a' array of strings
	str  string
	b    bool
	strs []string
}

// scanFlat calls member for each member of the JSON object data, in order,
// when data is an object whose values are strings without escapes or
// control characters (valid UTF-8), true, false or arrays of such strings,
// and whose keys are such strings too; member may refuse one (false). It
// reports false for anything else, after calling member for none or some.
func scanFlat(data []byte, member func(key string, v flatValue) bool) bool {
	s := flatScanner{src: data}
	s.blanks()
	if !s.byte('{') {
		return false
	}
	s.blanks()
	if s.byte('}') {
		s.blanks()
		return s.i == len(s.src)
	}
	for {
		key, ok := s.plainString()
		if !ok {
			return false
		}
		s.blanks()
		if !s.byte(':') {
			return false
		}
		s.blanks()
		v, ok := s.value()
		if !ok || !member(key, v) {
			return false
		}
		s.blanks()
		if s.byte(',') {
			s.blanks()
			continue
		}
		if !s.byte('}') {
			return false
		}
		s.blanks()
		return s.i == len(s.src)
	}
}

type flatScanner struct {
	src []byte
	i   int
}

func (s *flatScanner) blanks() {
	for s.i < len(s.src) && (s.src[s.i] == ' ' || s.src[s.i] == '\t' || s.src[s.i] == '\n' || s.src[s.i] == '\r') {
		s.i++
	}
}

// byte consumes c when it is next.
func (s *flatScanner) byte(c byte) bool {
	if s.i < len(s.src) && s.src[s.i] == c {
		s.i++
		return true
	}
	return false
}

func (s *flatScanner) literal(word string) bool {
	if len(s.src)-s.i >= len(word) && string(s.src[s.i:s.i+len(word)]) == word {
		s.i += len(word)
		return true
	}
	return false
}

// plainString reads a string literal without escapes or control
// characters, of valid UTF-8 (which encoding/json would keep as it is).
func (s *flatScanner) plainString() (string, bool) {
	if !s.byte('"') {
		return "", false
	}
	start := s.i
	for s.i < len(s.src) {
		c := s.src[s.i]
		switch {
		case c == '"':
			raw := s.src[start:s.i]
			s.i++
			if !utf8.Valid(raw) {
				return "", false
			}
			return string(raw), true
		case c == '\\' || c < 0x20:
			return "", false
		}
		s.i++
	}
	return "", false
}

func (s *flatScanner) value() (flatValue, bool) {
	if s.i >= len(s.src) {
		return flatValue{}, false
	}
	switch s.src[s.i] {
	case '"':
		str, ok := s.plainString()
		return flatValue{kind: 's', str: str}, ok
	case 't':
		return flatValue{kind: 'b', b: true}, s.literal("true")
	case 'f':
		return flatValue{kind: 'b'}, s.literal("false")
	case '[':
		s.i++
		s.blanks()
		v := flatValue{kind: 'a', strs: []string{}}
		if s.byte(']') {
			return v, true
		}
		for {
			str, ok := s.plainString()
			if !ok {
				return flatValue{}, false
			}
			v.strs = append(v.strs, str)
			s.blanks()
			if s.byte(',') {
				s.blanks()
				continue
			}
			return v, s.byte(']')
		}
	}
	return flatValue{}, false
}

func (r *registerRequest) decodeFast(data []byte) bool {
	var out registerRequest
	ok := scanFlat(data, func(key string, v flatValue) bool {
		switch {
		case key == "name" && v.kind == 's':
			out.Name = v.str
		case key == "hostname" && v.kind == 's':
			out.Hostname = v.str
		case key == "version" && v.kind == 's':
			out.Version = v.str
		case key == "meta_data" && v.kind == 'a':
			out.MetaData = v.strs
		case key == "ignore_in_dispatches" && v.kind == 'b':
			out.IgnoreInDispatches = v.b
		default:
			return false
		}
		return true
	})
	if ok {
		*r = out
	}
	return ok
}

func (h *heartbeatBody) decodeFast(data []byte) bool {
	var out heartbeatBody
	ok := scanFlat(data, func(key string, v flatValue) bool {
		switch {
		case key == "sent_at" && v.kind == 's':
			out.SentAt = v.str
		case key == "received_at" && v.kind == 's':
			out.ReceivedAt = v.str
		default:
			return false
		}
		return true
	})
	if ok {
		*h = out
	}
	return ok
}
