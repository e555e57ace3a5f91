package gitdate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Dates maps a file's slash path, relative to the folder looked up, to the
// date (UTC) of the last commit that changed it.
type Dates map[string]time.Time

// Lookup returns the Dates of the files under dir. Log is the git one;
// tests inject a fixed one.
type Lookup func(ctx context.Context, dir string) (Dates, error)

// marker starts each commit's date in git's output, so that it cannot be
// taken for a file name.
const marker = "\x01"

// Log reads dir's history with one `git log`. Without git on PATH, or when
// dir is not inside a git work tree, it returns no dates and no error; any
// other failure of git is an error. ctx cancels the process.
func Log(ctx context.Context, dir string) (Dates, error) {
	git, err := exec.LookPath("git")
	if err != nil {
		return nil, nil // git is not installed: no dates
	}
	cmd := exec.CommandContext(ctx, git, "-C", dir, "-c", "core.quotepath=off",
		"log", "-z", "--format="+marker+"%cI", "--name-only", "--relative", "--no-renames", "--", ".")
	cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		msg := strings.TrimSpace(stderr.String())
		var exit *exec.ExitError
		if errors.As(err, &exit) && (strings.Contains(msg, "not a git repository") ||
			strings.Contains(msg, "does not have any commits")) {
			return nil, nil // outside a repository, or one without commits yet
		}
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git log in %s: %s", dir, msg)
	}
	return Parse(out)
}

// Parse reads the output of git log -z --format=<marker>%cI --name-only:
// each commit's date, then the files it changed, newest commit first. A
// file's date is that of the first commit naming it.
func Parse(out []byte) (Dates, error) {
	dates := Dates{}
	var current time.Time
	var have bool
	for tok := range strings.SplitSeq(string(out), "\x00") {
		tok = strings.TrimPrefix(tok, "\n")
		switch {
		case tok == "":
		case strings.HasPrefix(tok, marker):
			t, err := time.Parse(time.RFC3339, strings.TrimPrefix(tok, marker))
			if err != nil {
				return nil, fmt.Errorf("git log: bad commit date %q", strings.TrimPrefix(tok, marker))
			}
			current, have = t.UTC(), true
		case !have:
			return nil, fmt.Errorf("git log: file %q before any commit date", tok)
		default:
			if _, seen := dates[tok]; !seen {
				dates[tok] = current
			}
		}
	}
	return dates, nil
}
