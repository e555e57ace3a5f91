package generator

// Stub: the samples-library engineer owns this file.

import "github.com/docproof/docproof/generator/diag"

// scanSecrets refuses a site that contains any token value the mock issued
// or any string of a real Buildkite token shape that is not a placeholder.
func scanSecrets(dir string, pages []*Page, issued []string) diag.List { return nil }
