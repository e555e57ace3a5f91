package corpus

import "path/filepath"

// writeHugoSite lays out the minimal Hugo site that renders the same Markdown
// with the same work: goldmark, chroma highlighting with CSS classes, a TOC.
func writeHugoSite(dir string) error {
	files := map[string]string{
		"hugo.toml": `baseURL = "https://bench.example.invalid/"
title = "Benchmark corpus"
disableKinds = ["taxonomy", "term", "RSS"]
[markup.highlight]
  noClasses = false
[markup.tableOfContents]
  startLevel = 2
  endLevel = 3
`,
		"layouts/_default/single.html": `<!doctype html><html><head><title>{{ .Title }}</title></head>
<body><nav>{{ .TableOfContents }}</nav><main>{{ .Content }}</main></body></html>
`,
		"layouts/_default/list.html": `<!doctype html><html><head><title>{{ .Title }}</title></head>
<body><main>{{ .Content }}</main></body></html>
`,
		"layouts/index.html": `<!doctype html><html><head><title>{{ .Title }}</title></head>
<body><main>{{ .Content }}</main></body></html>
`,
	}
	for name, body := range files {
		if err := writeFile(filepath.Join(dir, name), []byte(body)); err != nil {
			return err
		}
	}
	return nil
}
