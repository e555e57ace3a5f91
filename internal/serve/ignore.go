package serve

import "strings"

// isEditorTemp reports whether a file's base name is one of the temporary,
// swap, backup or lock files that editors create while saving. Events about
// such files never trigger a rebuild: the save they belong to also touches the
// real file, and that event does.
func isEditorTemp(name string) bool {
	switch {
	case name == "" || name == ".DS_Store":
		return name != ""
	case isDigits(name): // vim's write probe: "4913", then 4913+123k
		return true
	case strings.HasSuffix(name, "~"): // backups: vim, emacs, gedit, kate
		return true
	case strings.HasPrefix(name, ".#"): // emacs lock files
		return true
	case len(name) > 1 && name[0] == '#' && name[len(name)-1] == '#': // emacs auto-save
		return true
	case strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"): // JetBrains safe write
		return true
	case strings.HasPrefix(name, ".goutputstream-"): // GNOME (gedit) atomic save
		return true
	case strings.HasSuffix(name, ".kate-swp"), strings.HasSuffix(name, ".crswap"):
		return true
	}
	return isVimSwap(name)
}

// isVimSwap matches vim's swap files: .swp, then .swo, .swn … down to .swa,
// .swx (written while recovering), and .swpx (vim's directory probe).
func isVimSwap(name string) bool {
	if strings.HasSuffix(name, ".swpx") {
		return true
	}
	i := strings.LastIndexByte(name, '.')
	if i < 0 || len(name)-i != 4 {
		return false
	}
	ext := name[i+1:]
	return ext[0] == 's' && ext[1] == 'w' && (ext[2] >= 'a' && ext[2] <= 'p' || ext[2] == 'x')
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
