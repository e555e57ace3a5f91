// Package generator turns content/ into a static site: load → render (goldmark
// + chroma, TOC) → verify samples → write → publish public/ atomically.
//
// # Pipeline
//
// `generator.Build(ctx, cfg)` reads top to bottom (generator/build.go):
//
//  0. With `cfg.CacheDir` set (`docproof build` sets it unless `--no-cache`), `buildWithDiskCache`
//     (generator/diskcache.go) first hashes every input (sources, site config, templates dir, verify options, the
//     executable: its Go build ID, whose last part hashes the file, else the file's SHA-256); when that key matches the
//     last successful build and `OutDir` still hashes to its manifest, the recorded Result is returned and nothing is
//     written (memo.gob: a header with the key, then the Result and output manifest, decoded only on a key match).
//     Otherwise the stages below run with a `Cache` of disk stores (generator/diskstore.go, package
//     `generator/cache`): rendered pages (`pages/`, with their Markdown, so a hit compares bytes) and sample runs
//     (`runs/`), one file per entry named by the SHA-256 of the format, the docproof binary and the key, read on
//     demand, and where each page's HTML was published with its hash (`html.gob`, one map); the other stages get no
//     store (a one-shot build has no later build to serve). Entries are written as they are stored; the page HTML
//     records only after the site is published, for the files the output manifest lists (the manifest reads no page
//     again: a page written is hashed from memory when its record is stored, one hashed when its record loaded and
//     linked since, same inode/size/mtime, keeps that hash). A damaged, half-written or foreign entry is a miss; the
//     files of earlier layouts (`stages.pack`, `stages.delta.pack`, `stages.gob`) are removed; entries unused for five
//     days are trimmed (once a day). `docproof serve` (`NewCache`) keeps every stage's store in memory and sweeps them
//     (step 9). A cached build must be byte-identical to a `--no-cache` build (diskcache_test.go, diskstore_test.go);
//     one whose `OutDir` is gone renders no page again (TestDiskCacheWithoutPublishedSite).
//  1. `prepare` — `loadSiteConfig` reads `docproof.yaml` (title, base_url, description), optional; bad config is a
//     `*ConfigError` (exit 2). `theme.Load` parses the templates (their literal ids are reserved for heading slugs).
//  2. `source.List(contentDir)` → `[]Source` — walks `content/` through an `os.Root` (a symlink is followed only
//     inside it: one leading outside, a loop or a broken link is an error at its path; ignored names) without
//     reading the Markdown.
//
// The pages then **stream** (generator/stream.go, generator/sitebuild.go): only pages in flight (one per worker) are
// held in full; what is kept per page across the build is small metadata.
//
//  3. Pass 1, `planSite` — reads every Markdown file in parallel (`source.ReadMarkdown`: ≤ 10 MiB, UTF-8, no NUL, BOM/CRLF
//     normalised), decodes its front matter (goccy/go-yaml; unknown keys and YAML errors at their line) and finds its
//     title (front matter title, else the first H1 from a goldmark parse without rendering, else one from the path), then
//     drops the bytes, keeping their length and hash. Drafts are left out; two pages with one URL are an error naming
//     both. Each published page becomes a metadata `*Page` (source.Source without Data, Front, Title, URL) in source order, and
//     gets its position in the search index (pages sorted by URL). With an in-memory `Cache` (serve) the bytes are kept
//     and the pass is cached per file by its bytes, so a warm rebuild reads each file once and decodes nothing. Files
//     are read into per-worker buffers that are reused (generator/source/readfile.go: opened through the content `os.Root`), so bytes are
//     copied only when kept: a file still holding its cached bytes gets the cached slice itself (not checked, normalised
//     or hashed again; later stages' `bytes.Equal` against their entries then returns at once), an edited one a copy.
//     The hash is computed only without an in-memory cache (pass 2 re-reads then).
//  4. `BuildNav(pages)` — nav tree from folders and `weight`, from the metadata; then, unless checking or pass 1
//     failed, the output tree is made (`Config.Output`, below) and the assets written (content-hash names). The site-wide
//     markup (`Site.NavHTML`, `Site.Parts`) is cached in an in-memory `Cache` under `siteKey` (the templates' hash and
//     the site data, nav included): a rebuild that changes no title, URL or weight does not render it again.
//  5. Pass 2, `pageStream` — cfg.Workers workers; each page is read again (an error if its bytes changed since pass 1),
//     rendered (goldmark + chroma, heading ids, `{:toc}`, code blocks as `fence.Block`, links with lines; one render
//     cache entry per file in `cfg.Cache`, keyed by its bytes; cached pages are never modified), its samples verified
//     (`verifyPage`, a fresh mock per page; with `--target` one page at a time), its sample cards filled from the
//     results (cards.go, card.Fill: a copy of the body, memoized by page and results with serve's cache), its template executed and the file
//     written (page HTML cached per URL in `cfg.Cache`, keyed by a hash of the templates' source, the SiteData and the
//     PageView, whose LastUpdated is the page's last commit date from readDates (one gitdate.Log per build, before
//     pass 1; the disk memo key hashes the dates too): a rebuild executes templates only for pages whose inputs changed; on the disk tree an unchanged page
//     whose published file is still the one the cache wrote (same inode, size, mtime) is hard-linked from where the
//     last *committed* build published it; other trees get the cached bytes, shared, not copied), its bytes scanned
//     for secrets (step 7) and its search index fragment encoded (cached by `*Page`) and spilled to a temp file
//     (`search.PageSpill`; kept in memory with an in-memory cache, or without a temp dir). Once a page has an error, the
//     pages after it are not written (the build will not publish). Then the page is dropped: its metadata keeps its `Links`,
//     `IDs` and `HasH1`; its sample results join the build's (strings copied or interned, so nothing points into the
//     page). Drafts and duplicates are rendered for their diagnostics only. Each worker renews its markdown every 256
//     pages, so the highlighter's per-build memo stays bounded. Heading slugs avoid ids the templates use literally
//     (`id="content"` → `## Content` is `#content-1`).
//  6. Finish — `markdown.CheckLinks(pages, static)` on the metadata (broken links/anchors are errors at the link's line), the
//     sample report (results sorted by file and line; `--update` applied). If anything so far is an error (or in check
//     mode) nothing is published: the tree is discarded and `secretscan.ScanSources` applies the secret rules to the page sources
//     (re-read), so a token is reported at once; write problems (template errors, once per position) are reported only
//     when nothing else failed, exactly as a non-streaming build would. Otherwise `search-index.json` is written from
//     the spill (streamed into the disk tree; a stable URL, so a prose edit changes one page; with an in-memory `Cache`,
//     when every fragment holds the bytes the last index was joined from, that index's slice is written again), then static files
//     (`CopyFile`; one overwriting a page or a generated file is an error), `sitemap.xml` (only with base_url),
//     `robots.txt` and `404.html`.
//  7. Secrets scan (`secretscan.Scan`, generator/secretscan) — every file's bytes are scanned as they are handed to the tree
//     (nothing lists or walks a tree; a file holding neither "bk" nor another issued value, `Finder.MayMatch`, has
//     nothing to find and is not copied into a string); it refuses output containing a token value (issued by the mock, or of a real
//     token shape). A page file's finds are cached per file under its HTML input hash and a hash of the issued values
//     (`secretscan.Memo`), so an unchanged or relinked page is not scanned again; `search-index.json`'s finds
//     come from its per-page fragments (`search.PagePart`, exact unless an issued value holds `, [ ] { }`, then
//     the file is read back with `Tree.ReadFile`). A file scanned before a later page's mock issued a value is read
//     back and scanned again unless it cannot hold it (no token prefix in it, and every late value holds one).
//     Findings are reported in walk order of the output paths, each value once, at the page source line holding it.
//  8. `Tree.Commit()` — publishes; the page HTML cache entries then record where their files were published (a failed
//     build's discarded tree is never a link source). On any error `Tree.Discard()` drops the tree and `public/` is
//     untouched. Every parallel stage runs on one pool shape, `pool.Run` (generator/internal/pool).
//  9. After a successful build, `cfg.Cache` drops entries no build used in the last 20 successful ones (deleted pages,
//     old versions), so a long `docproof serve` session does not grow; failed builds do not count.
//     `Result.Issued` holds the mock-issued token values of the build for redaction (never printed; `json:"-"`).
//
// Every problem is a `diag.Diagnostic` (generator/diag) with File (e.g. `content/a.md`), Line, Message, Hint, Diff.
// A build collects all diagnostics and returns `diag.List` as its error when any is an Error.
//
// # Output
//
// `Config.Output` is where the site goes (package generator/output: `Output.NewTree` starts one build's `Tree`, which
// takes `WriteFile`, `CopyFile`, `ReadFile`, then `Commit` or `Discard`). nil means the disk (`output.Disk`), after
// `checkPaths` has refused an `OutDir` publishing could destroy something in (`output.CheckOutDir`). Build calls
// `NewTree` only when it writes (not in check mode), and `Commit` or `Discard` before it returns. `docproof serve`
// implements a memory Output (internal/serve); with an Output set, `OutDir` is unused.
//
// # Shared types
//
// source.Source (one file under content/, Markdown in Data) and source.FrontMatter come from the source stage;
// markdown.Page (a rendered page: Body, TOC, Sections, Blocks, Links, IDs) from the render stage. Their fields are
// documented where they are declared.
package generator
