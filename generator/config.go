package generator

import (
	"fmt"
	"time"

	"github.com/docproof/docproof/generator/sample"
)

// Config says what to build and how. The zero value of each field has a sensible default.
type Config struct {
	ContentDir   string        // Markdown sources; default "content"
	OutDir       string        // published site; default "public"
	TemplatesDir string        // replaces the embedded templates when set
	SiteFile     string        // site config (title, base_url, description); default "docproof.yaml", optional
	Workers      int           // parallelism; 0 means GOMAXPROCS
	NoWrite      bool          // check mode: load, render and verify, but write nothing
	Cache        *Cache        // in-memory cache shared between builds (serve); nil disables it
	Verify       VerifyOptions // how samples run
}

// VerifyOptions controls the sample verification stage.
type VerifyOptions struct {
	Skip       bool                  // do not run samples at all (never the default)
	Target     string                // base URL of a running server; "" runs in-process against the embedded mock
	Update     bool                  // rewrite documented responses from actual answers
	Timeout    time.Duration         // per-sample timeout; 0 means 10s
	NewBackend func() sample.Backend // fresh mock per page; nil means mockapi.New with the default seed
}

// ConfigError is bad usage or a bad site config: the CLI exits 2 for it.
type ConfigError struct {
	File string
	Line int
	Msg  string
}

func (e *ConfigError) Error() string {
	switch {
	case e.File != "" && e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	case e.File != "":
		return e.File + ": " + e.Msg
	}
	return e.Msg
}
