package match

// validJSON reports whether src is exactly one JSON value with only blanks
// around it: json.Valid's answer (FuzzValidJSON holds the two equal),
// without the scanner's call per byte. Like encoding/json it accepts any
// byte but a control character inside strings (invalid UTF-8 included) and
// nesting up to 10000 levels.
func validJSON(src []byte) bool {
	v := validator{src: src}
	v.blanks()
	if !v.value(0) {
		return false
	}
	v.blanks()
	return v.i == len(v.src)
}

// maxNesting is encoding/json's limit of nested arrays and objects.
const maxNesting = 10000

type validator struct {
	src []byte
	i   int
}

func (v *validator) blanks() {
	for v.i < len(v.src) {
		switch v.src[v.i] {
		case ' ', '\t', '\n', '\r':
			v.i++
		default:
			return
		}
	}
}

// value checks the value at v.i (blanks skipped); depth is the nesting of
// the arrays and objects around it.
func (v *validator) value(depth int) bool {
	if v.i >= len(v.src) {
		return false
	}
	switch c := v.src[v.i]; {
	case c == '{':
		return depth < maxNesting && v.object(depth+1)
	case c == '[':
		return depth < maxNesting && v.array(depth+1)
	case c == '"':
		return v.str()
	case c == 't':
		return v.literal("true")
	case c == 'f':
		return v.literal("false")
	case c == 'n':
		return v.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		return v.number()
	}
	return false
}

func (v *validator) literal(word string) bool {
	if len(v.src)-v.i < len(word) || string(v.src[v.i:v.i+len(word)]) != word {
		return false
	}
	v.i += len(word)
	return true
}

func (v *validator) object(depth int) bool {
	v.i++ // {
	v.blanks()
	if v.i < len(v.src) && v.src[v.i] == '}' {
		v.i++
		return true
	}
	for {
		if v.i >= len(v.src) || v.src[v.i] != '"' || !v.str() {
			return false
		}
		v.blanks()
		if v.i >= len(v.src) || v.src[v.i] != ':' {
			return false
		}
		v.i++
		v.blanks()
		if !v.value(depth) {
			return false
		}
		if more, ok := v.next('}'); !more {
			return ok
		}
	}
}

func (v *validator) array(depth int) bool {
	v.i++ // [
	v.blanks()
	if v.i < len(v.src) && v.src[v.i] == ']' {
		v.i++
		return true
	}
	for {
		if !v.value(depth) {
			return false
		}
		if more, ok := v.next(']'); !more {
			return ok
		}
	}
}

// next consumes what follows a member or an element: a comma (more is true)
// or the closing byte (ok is true); anything else is invalid.
func (v *validator) next(closing byte) (more, ok bool) {
	v.blanks()
	if v.i >= len(v.src) {
		return false, false
	}
	switch v.src[v.i] {
	case ',':
		v.i++
		v.blanks()
		return true, true
	case closing:
		v.i++
		return false, true
	}
	return false, false
}

// str checks the string literal at v.i (its opening quote).
func (v *validator) str() bool {
	v.i++
	for v.i < len(v.src) {
		c := v.src[v.i]
		switch {
		case c == '"':
			v.i++
			return true
		case c < 0x20:
			return false
		case c == '\\':
			v.i++
			if v.i >= len(v.src) {
				return false
			}
			switch v.src[v.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				v.i++
			case 'u':
				v.i++
				for range 4 {
					if v.i >= len(v.src) || !isHex(v.src[v.i]) {
						return false
					}
					v.i++
				}
			default:
				return false
			}
		default:
			v.i++
		}
	}
	return false
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// number checks -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? at v.i.
func (v *validator) number() bool {
	if v.src[v.i] == '-' {
		v.i++
	}
	switch {
	case v.i >= len(v.src):
		return false
	case v.src[v.i] == '0':
		v.i++
	case '1' <= v.src[v.i] && v.src[v.i] <= '9':
		v.digits()
	default:
		return false
	}
	if v.i < len(v.src) && v.src[v.i] == '.' {
		v.i++
		if v.digits() == 0 {
			return false
		}
	}
	if v.i < len(v.src) && (v.src[v.i] == 'e' || v.src[v.i] == 'E') {
		v.i++
		if v.i < len(v.src) && (v.src[v.i] == '+' || v.src[v.i] == '-') {
			v.i++
		}
		if v.digits() == 0 {
			return false
		}
	}
	return true
}

// digits moves past a run of digits and returns its length.
func (v *validator) digits() int {
	start := v.i
	for v.i < len(v.src) && '0' <= v.src[v.i] && v.src[v.i] <= '9' {
		v.i++
	}
	return v.i - start
}
