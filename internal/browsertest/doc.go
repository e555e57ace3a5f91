// Package browsertest proves the generated site in a real browser: it builds
// sites with generator.Build, serves them on 127.0.0.1 and drives Debian's
// chromium through chromedp (search, copy buttons, theme, "on this page",
// the phone drawer, console errors, off-site requests, screenshots).
//
// The package has no code of its own; everything is in its tests.
package browsertest
