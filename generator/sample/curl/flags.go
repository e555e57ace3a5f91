package curl

import (
	"strings"
)

// option describes one curl option docproof understands.
type option struct {
	long  string // canonical long name, e.g. "--header"
	value bool   // takes a value
}

// longOption maps a long option to its canonical form.
func longOption(name string) (option, bool) {
	switch name {
	case "--request", "--header", "--data", "--data-raw", "--data-binary", "--data-ascii",
		"--data-urlencode", "--json", "--user", "--output", "--write-out", "--url",
		"--user-agent", "--referer":
		return option{long: name, value: true}, true
	case "--get", "--include", "--silent", "--show-error", "--fail", "--fail-with-body",
		"--compressed", "--location", "--head", "--insecure", "--globoff", "--no-buffer",
		"--no-progress-meter":
		return option{long: name}, true
	}
	return option{}, false
}

// shortOption maps a one-letter option to its long form.
func shortOption(c byte) (option, bool) {
	long := ""
	switch c {
	case 'X':
		long = "--request"
	case 'H':
		long = "--header"
	case 'd':
		long = "--data"
	case 'u':
		long = "--user"
	case 'o':
		long = "--output"
	case 'w':
		long = "--write-out"
	case 'A':
		long = "--user-agent"
	case 'e':
		long = "--referer"
	case 'G':
		long = "--get"
	case 'i':
		long = "--include"
	case 's':
		long = "--silent"
	case 'S':
		long = "--show-error"
	case 'f':
		long = "--fail"
	case 'L':
		long = "--location"
	case 'I':
		long = "--head"
	case 'k':
		long = "--insecure"
	case 'g':
		long = "--globoff"
	case 'N':
		long = "--no-buffer"
	default:
		return option{}, false
	}
	return longOption(long)
}

func unsupported(a arg, flag string) error {
	return a.pos.errorf("curl flag %s is not supported by docproof; remove it or add skip=\"reason\" to the block", flag)
}

// parseArgs walks curl's arguments, calling b.apply for every option and
// b.url for every other argument.
func parseArgs(args []arg, b *builder) error {
	for i := 0; i < len(args); i++ {
		a := args[i]
		v := a.val
		switch {
		case strings.HasPrefix(v, "--") && len(v) > 2:
			name := v
			if eq := strings.IndexByte(v, '='); eq > 0 {
				name = v[:eq]
				if _, ok := longOption(name); ok {
					return a.pos.errorf("%s: curl takes an option's value after a space, not '=': write %s 'value'", v, name)
				}
				return unsupported(a, name)
			}
			opt, ok := longOption(name)
			if !ok {
				return unsupported(a, name)
			}
			val := arg{pos: a.pos}
			if opt.value {
				if i+1 >= len(args) {
					return a.pos.errorf("curl flag %s needs a value", name)
				}
				i++
				val = args[i]
			}
			if err := b.apply(opt.long, name, val); err != nil {
				return err
			}
		case strings.HasPrefix(v, "-") && len(v) > 1:
			n, err := parseShort(args, i, b)
			if err != nil {
				return err
			}
			i += n
		default:
			if err := b.url(a); err != nil {
				return err
			}
		}
	}
	return nil
}

// parseShort handles one argument of short options such as -sS, -fsSL or
// -XPOST. It returns how many following arguments it consumed.
func parseShort(args []arg, i int, b *builder) (int, error) {
	a := args[i]
	v := a.val
	for j := 1; j < len(v); j++ {
		flag := "-" + string(v[j])
		opt, ok := shortOption(v[j])
		if !ok {
			if v[j] >= 0x80 || v[j] < 0x20 {
				flag = v
			}
			return 0, unsupported(a, flag)
		}
		if !opt.value {
			if err := b.apply(opt.long, flag, arg{pos: a.pos}); err != nil {
				return 0, err
			}
			continue
		}
		if j+1 < len(v) {
			return 0, b.apply(opt.long, flag, arg{val: v[j+1:], pos: a.pos})
		}
		if i+1 >= len(args) {
			return 0, a.pos.errorf("curl flag %s needs a value", flag)
		}
		return 1, b.apply(opt.long, flag, args[i+1])
	}
	return 0, nil
}
