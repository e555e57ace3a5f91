// Package search makes the site's search index, search-index.json: one
// entry per heading section of every published page, prose only (rendering
// leaves code blocks out of Section text), with words shaped like tokens,
// hashes or UUIDs dropped (Text), so the index every reader downloads holds
// no secret and no noise.
//
// The index is assembled from per-page fragments: NewEntry cleans a page's
// text, Encode writes its JSON for its position in the index (pages sorted by
// URL), and Join or a Spill frames the fragments into the file. A page's
// fragment can therefore be cached and reused while only an edited page is
// encoded again. The hand-written JSON is held equal to encoding/json's
// (fragment_test.go, with a fuzzer), and Text to its plain form without
// shortcuts (text_test.go).
//
// A streaming build puts each page's fragment into a Spill as the page is
// written: a temp file when the fragments would otherwise sit in memory until
// the end, memory otherwise. PageEntry and PageFragment cache a page's entry
// and fragment in the build cache for that very *markdown.Page, and a
// PageSpill remembers the page of each fragment for the secrets scan's memo.
//
// The white-space rule of the index text is package internal/space, which
// rendering applies to headings and section text as it gathers them.
package search
