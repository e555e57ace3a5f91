// Package nav makes the site navigation from the published pages: the tree
// of sections and pages (Build: folders are sections, index.md is a
// section's page, front matter weight then title orders them), each page's
// view of it (Mark, or a Sidebar that keeps large sites compact),
// breadcrumbs and previous/next links (Index), and the sidebar's HTML
// (Markup), written in Go around links html/template escapes, byte-identical
// to executing the built-in "nav-items" template (the generator's tests hold
// the two equal, with a fuzzer).
//
// Above FullLimit items a page shows the sections on its way open and every
// other section as one link; the top level is rendered once per build.
// Without it output grows with the square of the page count.
package nav
