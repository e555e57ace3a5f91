package serve

import (
	"context"
	"github.com/docproof/docproof/internal/mockbackend"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator"
)

// TestRunRebuildsOnEveryWatchedInput: a save in content/, in --templates and
// of the config file each lead to a rebuild, with native events and with
// the polling fallback.
func TestRunRebuildsOnEveryWatchedInput(t *testing.T) {
	for _, poll := range []bool{false, true} {
		t.Run(map[bool]string{false: "native", true: "polling"}[poll], func(t *testing.T) {
			dir := t.TempDir()
			content, tmpl, cfgFile := filepath.Join(dir, "content"), filepath.Join(dir, "layout"), filepath.Join(dir, "site.yaml")
			writeFile(t, filepath.Join(content, "index.md"), "home")
			writeFile(t, filepath.Join(tmpl, "page.html"), "<body></body>")
			writeFile(t, cfgFile, "title: a\n")
			s, err := New(Options{
				Config: generator.Config{ContentDir: content, TemplatesDir: tmpl, SiteFile: cfgFile, Verify: generator.VerifyOptions{Mock: mockbackend.Mock{}}},
				Build:  fakeBuild, Poll: poll, PollInterval: 20 * time.Millisecond,
			})
			require.NoError(t, err)
			defer s.Close()
			ctx, cancel := context.WithCancel(t.Context())
			ready := make(chan struct{})
			done := make(chan error, 1)
			go func() { done <- s.Run(ctx, ready) }()
			defer func() { cancel(); require.NoError(t, <-done) }()
			<-ready
			updates, stop := s.Subscribe()
			defer stop()

			edits := []struct {
				name string
				do   func()
			}{
				{"content page", func() { writeFile(t, filepath.Join(content, "index.md"), "home 2") }},
				{"new content folder", func() { writeFile(t, filepath.Join(content, "a", "b", "c.md"), "c") }},
				{"template", func() { writeFile(t, filepath.Join(tmpl, "page.html"), "<body>2</body>") }},
				{"new template partial", func() { writeFile(t, filepath.Join(tmpl, "_nav.html"), "nav") }},
				{"config, atomic rename", func() {
					writeFile(t, cfgFile+".tmp", "title: b\n")
					require.NoError(t, os.Rename(cfgFile+".tmp", cfgFile))
				}},
				{"content page deleted", func() { require.NoError(t, os.Remove(filepath.Join(content, "a", "b", "c.md"))) }},
			}
			for _, e := range edits {
				e.do()
				st := waitForBuildAfter(t, updates, time.Now().Add(-time.Millisecond), e.name)
				require.True(t, st.OK, e.name)
			}
		})
	}
}
