package listfence

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yuin/goldmark"
)

func render(t *testing.T, src string) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, goldmark.New(goldmark.WithExtensions(Extension)).Convert([]byte(src), &b))
	return b.String()
}

func TestListFence(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"indented six in a dash item",
			"- Run it:\n\n      ```bash\n      echo one\n        two\n      ```\n",
			"<ul>\n<li>\n<p>Run it:</p>\n<pre><code class=\"language-bash\">echo one\n  two\n</code></pre>\n</li>\n</ul>\n"},
		{"tilde fence with a blank line inside",
			"1. Step\n\n          ~~~\n          a\n\n          b\n          ~~~\n\n   after\n",
			"<ol>\n<li>\n<p>Step</p>\n<pre><code>a\n\nb\n</code></pre>\n<p>after</p>\n</li>\n</ol>\n"},
		{"no closing fence stays code",
			"- x\n\n      ```bash\n      echo\n",
			"<ul>\n<li>\n<p>x</p>\n<pre><code>```bash\necho\n</code></pre>\n</li>\n</ul>\n"},
		{"outside a list stays code",
			"    ```bash\n    echo\n    ```\n",
			"<pre><code>```bash\necho\n```\n</code></pre>\n"},
		{"a shorter closing fence does not close",
			"- x\n\n      ````\n      a\n      ```\n",
			"<ul>\n<li>\n<p>x</p>\n<pre><code>````\na\n```\n</code></pre>\n</li>\n</ul>\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, render(t, tc.in))
		})
	}
}
