// Package output is where a build puts the site: an Output starts one Tree
// per build, the Tree receives the files (safe for concurrent use) and
// Commit publishes them.
//
// Disk is the default Output. Its tree is a temp folder beside --out holding
// docproof's MarkerFile, written with plain os calls (dirSet creates each
// folder once); Commit swaps it with --out in one rename (exchange:
// renameat2 RENAME_EXCHANGE on Linux, two renames elsewhere), so --out is at
// every instant the old or the new complete site, and Discard then removes
// the replaced site. A shared flock on the parent lets the one build that
// gets it exclusively remove the trees killed builds left (stale.go). The
// disk tree is also a Linker (a rebuild hard-links pages it published and
// that are still byte for byte that file) and a Streamer.
//
// CheckOutDir refuses an --out that publishing could destroy something in:
// a system or shared folder, the home, working, content or templates
// folder, or a folder of someone else's files.
package output
