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
//   - Disk keeps values in files, one per key, in the style of the Go
//     toolchain's build cache (cmd/go/internal/cache): a folder per store,
//     each file named by the SHA-256 of the store's version and the key
//     (with cmd/go's "-d" suffix). A Codec turns a value into bytes and back.
//     Each file holds its key and a CRC of its value, so a damaged,
//     half-written or colliding file is a miss. A hit older than an hour
//     gets its modification time refreshed, and Trim (at most once a day)
//     removes files unused for MaxAge. Unlike cmd/go, no 256 subfolders: a
//     docs site has thousands of entries, not millions, and each folder
//     created is a cost to a cold build.
//
// Any Store may answer a Load with a miss; callers recompute. Entries are
// keyed by content (hashes of what produced them), never by modification
// times, so a cached build is byte-identical to an uncached one.
package cache
