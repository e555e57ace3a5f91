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

// shortOption maps a one-letter option to its long form; flag is the
// option as written ("-X").
func shortOption(c byte) (opt option, flag string, ok bool) {
	long := ""
	switch c {
	case 'X':
		long, flag = "--request", "-X"
	case 'H':
		long, flag = "--header", "-H"
	case 'd':
		long, flag = "--data", "-d"
	case 'u':
		long, flag = "--user", "-u"
	case 'o':
		long, flag = "--output", "-o"
	case 'w':
		long, flag = "--write-out", "-w"
	case 'A':
		long, flag = "--user-agent", "-A"
	case 'e':
		long, flag = "--referer", "-e"
	case 'G':
		long, flag = "--get", "-G"
	case 'i':
		long, flag = "--include", "-i"
	case 's':
		long, flag = "--silent", "-s"
	case 'S':
		long, flag = "--show-error", "-S"
	case 'f':
		long, flag = "--fail", "-f"
	case 'L':
		long, flag = "--location", "-L"
	case 'I':
		long, flag = "--head", "-I"
	case 'k':
		long, flag = "--insecure", "-k"
	case 'g':
		long, flag = "--globoff", "-g"
	case 'N':
		long, flag = "--no-buffer", "-N"
	default:
		return option{}, "", false
	}
	opt, ok = longOption(long)
	return opt, flag, ok
}

func unsupported(a arg, flag string) error {
	return a.pos.unsupportedf("curl flag %s is not supported by docproof; remove it or add skip=\"reason\" to the block", flag)
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
		opt, flag, ok := shortOption(v[j])
		if !ok {
			flag = "-" + string(v[j])
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
