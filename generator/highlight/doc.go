// Package highlight turns code blocks into chroma HTML with CSS classes
// (`<pre class="chroma"><code>…</code></pre>`), the markup the site's
// stylesheet (templates/assets/chroma.css) colours in light and dark mode.
//
// A Highlighter is made once per build and shared by the page workers. Two
// shortcuts make it cheap, and both are held equal to chroma by tests:
//
//   - Bash, JSON and GraphQL blocks are tokenised by hand-written lexers
//     (fastlex*.go) that follow the rules of chroma's bash.xml, json.xml and
//     graphql.xml in order and decline anything they cannot vouch for
//     (Unicode classes, backticks, heredocs, `$((`, `\r`, error tokens);
//     chroma then lexes the block. fastlex_test.go compares their tokens with
//     chroma's on seed cases (each marked as taken or declined), on every
//     block of content/ and with fuzzers. The lexers were checked against one
//     chroma release (checkedChroma); TestChromaVersionChecked fails when
//     go.mod moves to another, so re-checking them is a deliberate step.
//   - Tokens of every language are written by a tokenWriter whose markup is
//     learnt from chroma's HTML formatter on one-token probes, falling back
//     to the formatter when surprised (chromaformat_test.go).
//
// Results are remembered per build (a bounded memo: identical blocks repeat
// across nearby pages) and across builds through a Store, keyed by StoreKey.
// chroma's regexp timeouts are turned off for the process (New), so a loaded
// machine cannot change the highlighting.
package highlight
