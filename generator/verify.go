package generator

// Stub: the verified-samples engineer owns this file.

import (
	"context"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/sample"
)

// VerifySamples runs every sample of every page and compares documented responses.
func VerifySamples(ctx context.Context, cfg Config, pages []*Page) (sample.Report, diag.List) {
	return sample.Report{}, nil
}
