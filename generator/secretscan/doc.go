// Package secretscan refuses a site that would publish a token value: every
// file's bytes are scanned as they are handed to the output tree (Scan.File),
// for strings shaped like real Buildkite tokens (package secret's rules) and
// for the values the mock issued while the samples ran, plainly or in a
// disguise (HTML entities, tags splitting the value; secret.Unfold).
//
// Pages are written while other pages' samples still run, so a value issued
// later is looked for again in the files that may hold it (Scan.AddIssued,
// then Finish re-reads only those). Each value is reported once, at the page
// source line that holds it when one does (LocatePages, Leak.LocateIn), never
// printing the value itself.
//
// A Memo keeps each file's finds in the build cache under the hash of its
// bytes and of the issued values, so a rebuild scans only what changed; the
// search index is scanned from its per-page fragments (search.PagePart), which
// equals scanning the file (searchscan.go says why). ScanSources is the scan
// of check mode, over the page sources.
package secretscan
