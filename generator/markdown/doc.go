// Package markdown is the render stage of a docproof build: it turns one
// page's Markdown (a source.Source and its decoded front matter) into a Page
// — the HTML body, the table of contents, the search sections, the fenced
// code blocks the sample stage runs, the internal links and the element ids
// CheckLinks resolves them against.
//
// A Renderer is set up once per build (New) and shared by the page workers.
// Options carry the build's settings and the goldmark setup: Extensions are
// added after the built-in ones (GFM, footnotes, definition lists, callouts:
// package callout's GitHub alerts) and
// NodeRenderers beside docproof's own (text, headings, code blocks, raw HTML
// with its site links rewritten); Variant names what they change, as part of
// the page cache key.
//
// Options.Conventions let a site written for another generator keep its own
// (docs/dialect.md): page URLs by urlscheme, nested heading ids (headingid),
// ERB partials and helpers (erb: expanded before parsing; Page.Place maps a
// line of the expanded text back to the page or partial it was written in,
// and diagnostics and links are moved there). A page that expands ERB is
// rendered on every build: the cache key would not cover its partials.
//
// One walk over the parsed document (pageDoc.collect) gathers the headings,
// code blocks, {:toc} markers, links and the search sections' text. Code
// blocks are highlighted by generator/highlight; a sample and the blocks
// right after it are framed as one card with slots for its verified mark and
// its response's placeholders (cards.go, package generator/card), which the
// build fills after verify. UnmarkSkipped drops the data-sample attribute of
// a sample that was skipped when it ran.
// A block's display attributes (fence.ParseDisplay: title, hl, tab) are read
// in codedisplay.go: the title goes on the block's bar and into its
// accessible name, highlighted lines become <mark> lines
// (highlight.MarkLines), and adjacent blocks with tab="…" (each with the
// response and variables blocks after it) are grouped into one tab group's
// markup (groupTabs) that site.js turns into an ARIA tab list. Indented code
// blocks render as a named, focusable <pre> like fenced ones.
//
// RenderCached keeps results in a typed store (Options.Pages, a
// generator/cache.Store of CacheEntry by path, each holding its content
// hash), so a rebuild renders only what changed. A panic while
// rendering is a diagnostic at the page, never a crash.
//
// The shortcuts here (the parser without linkify for pages it cannot change,
// the text renderer, the walk that gathers the sections) are each held equal
// to the plain code by a test and a fuzzer in render_fast_test.go.
package markdown
