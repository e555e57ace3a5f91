// Package gitdate tells when each file of a folder was last committed, for a
// page's "Last updated" date. Log runs one git process for the whole folder
// (git log --name-only, parsed into a map), never one per file, and gives no
// date, rather than the build time or a file's mtime, without git, outside a
// repository or for a file never committed. A file with uncommitted changes
// keeps the date of its last commit.
package gitdate
