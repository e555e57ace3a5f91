// Package erb expands the ERB fragments of Markdown pages written for a
// Rails site (the Buildkite docs) without running Ruby: Expand reads a page,
// includes the partials it renders and replaces the helpers docproof
// understands by their HTML, and reports every other fragment.
//
// Understood, with what they become:
//
//   - <%= render_markdown partial: 'a/b' %>, <%= render 'a/b' %> and
//     <%= render partial: 'a/b', … %>: the Markdown of the partial a/_b.md
//     (Options.ReadPartial), itself expanded, in place. Lines after its first
//     are indented like the text before the fragment, so a partial included
//     in a list item or a quote stays in it.
//   - <%= image "f.png", alt: "…", width: 1200/2, height: N, class: "c" %>:
//     <img src="ROOT/PAGE/f.png" alt="…" width=… height=…>, ROOT being
//     Options.ImageRoot and PAGE the including page's path without ".md".
//   - <%= button "Text", "/docs/url" %>: <a class="Button Button--default" href="/docs/url">Text</a>.
//   - <%= pill "Label", "style" %>: <span class="pill pill--style pill--medium">Label</span>.
//   - <%= paginated_resource_docs_url %>: /docs/apis/rest-api#pagination.
//   - <%# comment %>: nothing.
//
// Any other fragment (control flow, loops over data files, other helpers)
// is removed and listed in Result.Unknown with its helper name and
// position, so the caller warns once per page: ERB never reaches the HTML.
//
// Result.Lines maps every line of the expanded text back to the file and
// line it came from, with the chain of includes that brought it in.
package erb
