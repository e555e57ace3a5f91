// Package source is the page-source stage of a docproof build: it walks the
// content folder (List), reads and checks each Markdown file
// (ReadMarkdown: at most MaxMarkdownSize, UTF-8 without NUL bytes, BOM and
// CRLF normalised away) and decodes its YAML front matter (ParseFront) with
// errors at their file lines.
//
// Every file is opened through the content folder's os.Root, so a symlink or
// a folder swapped in during a build cannot lead outside it. The walk is in
// lexical order (WalkOrder), and so are the sources and problems returned.
// The build reads the pages itself, in parallel and when it needs them
// (ReadMarkdownInto reuses one buffer per worker).
package source
