// Package cache keeps stage results between builds. Each stage of the
// pipeline owns a typed Store: rendered pages, sample runs, highlighted code,
// page HTML and so on, each with its own key and value types; no store is
// shared between stages and none holds values of another type.
//
// Two implementations:
//
//   - Memory keeps values in a map for the life of a process (docproof
//     serve). Sweep ends a successful build: an entry no build used in the
//     last SweepAfter successful builds is dropped, so a long session does not
//     keep every version of every page.
//   - Disk keeps values in files, one per key, in the layout of the Go
//     toolchain's build cache (cmd/go/internal/cache): a folder per store,
//     256 subfolders by the first byte of the file name, the file named by
//     the SHA-256 of the store's version and the key. A Codec turns a value
//     into bytes and back. Files are written through a temp file and a
//     rename, so a reader sees a whole entry or none; each holds its key and
//     a CRC of its value, so a damaged or colliding file is a miss. A hit
//     older than an hour gets its modification time refreshed, and Trim
//     (at most once a day) removes files unused for MaxAge.
//
// Any Store may answer a Load with a miss; callers recompute. Entries are
// keyed by content (hashes of what produced them), never by modification
// times, so a cached build is byte-identical to an uncached one.
package cache
