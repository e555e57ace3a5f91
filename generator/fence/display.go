package fence

import (
	"fmt"
	"strconv"
	"strings"
)

// DisplayAttrs are the attributes that change how a block shows, not what
// it tests: a caption, highlighted lines and a tab label.
var DisplayAttrs = []string{"hl", "tab", "title"}

// IsDisplayAttr reports whether key is one of DisplayAttrs.
func IsDisplayAttr(key string) bool { return key == "hl" || key == "tab" || key == "title" }

// Display is how a block shows to readers.
type Display struct {
	Title string // caption, a file name such as "pipeline.yml"; "" for none
	Tab   string // label of the tab the block belongs to; "" when not in tabs
	Lines Lines  // highlighted lines
}

// Lines is a set of 1-based line numbers, as ranges in ascending order.
type Lines []LineRange

// LineRange is the lines From to To, both included.
type LineRange struct{ From, To int }

// Has reports whether line is in the set.
func (l Lines) Has(line int) bool {
	for _, r := range l {
		if line >= r.From && line <= r.To {
			return true
		}
	}
	return false
}

// String writes the set as a reader would say it: "2–4 and 7".
func (l Lines) String() string {
	parts := make([]string, len(l))
	for i, r := range l {
		parts[i] = strconv.Itoa(r.From)
		if r.To > r.From {
			parts[i] += "–" + strconv.Itoa(r.To)
		}
	}
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// AttrError is a display attribute whose value cannot be used: Msg says
// what is wrong, Hint what to write instead.
type AttrError struct {
	Key, Msg, Hint string
}

// Error implements error.
func (e *AttrError) Error() string { return fmt.Sprintf("fence attribute %s: %s", e.Key, e.Msg) }

// ParseDisplay reads a block's display attributes; lines is how many lines
// the block has (highlighted lines must exist). Each bad value is an error.
func ParseDisplay(a Attrs, lines int) (Display, []*AttrError) {
	var d Display
	var errs []*AttrError
	for _, key := range []string{"title", "tab"} {
		v, ok := a.Get(key)
		if !ok {
			continue
		}
		if strings.TrimSpace(v) == "" {
			errs = append(errs, &AttrError{key, "needs a value", fmt.Sprintf(`write %s="pipeline.yml", a short label`, key)})
			if key == "tab" {
				errs[len(errs)-1].Hint = `write a label on each block of the group: tab="curl", tab="HTTP", tab="GraphQL"…`
			}
			continue
		}
		if key == "title" {
			d.Title = strings.TrimSpace(v)
		} else {
			d.Tab = strings.TrimSpace(v)
		}
	}
	if v, ok := a.Get("hl"); ok {
		l, err := ParseLines(v, lines)
		if err != nil {
			errs = append(errs, err)
		}
		d.Lines = l
	}
	return d, errs
}

// ParseLines reads hl's value: line numbers and ranges separated by commas,
// "2-4" or "1,3-5", each line within 1..lines.
func ParseLines(v string, lines int) (Lines, *AttrError) {
	hint := fmt.Sprintf(`write line numbers and ranges between 1 and %d, such as hl="2" or hl="1,3-5"`, lines)
	switch {
	case lines <= 1:
		hint = `write hl="1" (the block has one line) or drop hl`
	case lines < 5:
		hint = fmt.Sprintf(`write line numbers and ranges between 1 and %d, such as hl="1" or hl="1-%d"`, lines, lines)
	}
	fail := func(format string, args ...any) (Lines, *AttrError) {
		return nil, &AttrError{"hl", fmt.Sprintf(format, args...), hint}
	}
	if strings.TrimSpace(v) == "" {
		return fail("needs a value")
	}
	var out Lines
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		from, to, isRange := strings.Cut(part, "-")
		a, errA := strconv.Atoi(strings.TrimSpace(from))
		b := a
		var errB error
		if isRange {
			b, errB = strconv.Atoi(strings.TrimSpace(to))
		}
		switch {
		case errA != nil || errB != nil:
			return fail("%q is not a line number or a range", part)
		case a > b:
			return fail("range %q runs backwards", part)
		case a < 1:
			return fail("%q: lines count from 1", part)
		case b > lines && isRange:
			return fail("range %q runs past the end of the block, which has %d line%s", part, lines, plural(lines))
		case b > lines:
			return fail("line %d is past the end of the block, which has %d line%s", b, lines, plural(lines))
		}
		out = append(out, LineRange{a, b})
	}
	return out, nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
