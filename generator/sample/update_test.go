package sample

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/fence"
	"github.com/docproof/docproof/generator/sample/match"
)

const tokenValue = "bkaa_Q7m2Zr8Kp4Lw9Nc3Vb6Xh1Jd5Fg0Ts7Ye2Ui4Oa8Pq3Rk"

func TestRewriteResponse(t *testing.T) {
	tests := []struct {
		name   string
		lang   string
		exact  bool
		doc    string
		status int
		header http.Header
		actual string
		want   string
	}{
		{
			name:   "placeholders kept, values updated, extra keys left out",
			doc:    "{\n  \"id\": \"<uuid:agent-id>\",\n  \"name\": \"old\"\n}\n",
			actual: `{"name":"new","id":"6c0f6a3e-6e8a-4c4b-9d58-3f0e6b0a8e11","extra":1}`,
			want:   "{\n  \"id\": \"<uuid:agent-id>\",\n  \"name\": \"new\"\n}\n",
		},
		{
			name:   "renamed field shows up, token becomes a placeholder",
			doc:    "{\n    \"access_token\": \"<token:access-token>\",\n    \"name\": \"x\"\n}\n",
			actual: `{"name":"x","session_token":"` + tokenValue + `"}`,
			want:   "{\n    \"name\": \"x\",\n    \"session_token\": \"<token:register-session-token>\"\n}\n",
		},
		{
			name:   "exact takes every key",
			exact:  true,
			doc:    `{"a": 1}`,
			actual: `{"a":2,"b":[true,null]}`,
			want:   "{\"a\": 2, \"b\": [true, null]}\n",
		},
		{
			name:   "typed placeholder that no longer fits is replaced",
			doc:    `{"n": "<number:n>", "any": "<any>"}`,
			actual: `{"n":"seven","any":{"deep":1}}`,
			want:   "{\"n\": \"seven\", \"any\": \"<any>\"}\n",
		},
		{
			name:   "arrays follow the answer's length",
			doc:    "[\n\t\"<uuid:first>\"\n]",
			actual: `["6c0f6a3e-6e8a-4c4b-9d58-3f0e6b0a8e11","x"]`,
			want:   "[\n\t\"<uuid:first>\",\n\t\"x\"\n]\n",
		},
		{
			name:   "http status line, matching headers kept, body rewritten",
			lang:   "http",
			doc:    "HTTP/1.1 200 OK\nContent-Type: <any>\nX-Old: 1\n\n{\"access_token\": \"<token:t>\"}\n",
			status: 201,
			header: http.Header{"Content-Type": {"application/json"}},
			actual: `{"access_token":"` + tokenValue + `"}`,
			want:   "HTTP/1.1 201 Created\nContent-Type: <any>\n\n{\"access_token\": \"<token:t>\"}\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lang := tt.lang
			if lang == "" {
				lang = "json"
			}
			b := &fence.Block{Lang: lang, Code: tt.doc}
			status := tt.status
			if status == 0 {
				status = 200
			}
			h := tt.header
			if h == nil {
				h = http.Header{}
			}
			a := &answer{Status: status, Header: h, Body: []byte(tt.actual)}
			got, _ := rewriteResponse("pages/register", b, a, []byte(tt.actual), match.Options{Exact: tt.exact}, []string{tokenValue})
			assert.Equal(t, tt.want, got)
			assert.NotContains(t, got, tokenValue)
		})
	}
}

// TestRewriteNeverWritesFixtures: --update keeps what already matched (a
// placeholder, or in shape mode a value of the right type), writes
// placeholders for values that vary between runs, and says what it changed.
func TestRewriteNeverWritesFixtures(t *testing.T) {
	const uuid = "6c0f6a3e-6e8a-4c4b-9d58-3f0e6b0a8e11"
	tests := []struct {
		name    string
		shape   bool
		doc     string
		actual  string
		want    string
		changes []string
	}{
		{name: "shape: illustrative values that still fit stay",
			shape:   true,
			doc:     `{"slug": "my-org", "count": 3, "agents": [{"id": "<uuid>", "name": "my-agent"}], "gone": 1}`,
			actual:  `{"slug":"acme","count":12,"agents":[{"id":"` + uuid + `","name":"builder-1"},{"id":"` + uuid + `","name":"builder-2"}],"new":"x"}`,
			want:    `{"slug": "my-org", "count": 3, "agents": [{"id": "<uuid>", "name": "my-agent"}], "new": "x"}` + "\n",
			changes: []string{"added $.new", "removed $.gone"}},
		{name: "shape: a value whose type changed is rewritten",
			shape:   true,
			doc:     `{"slug": "my-org", "count": "three"}`,
			actual:  `{"slug":"acme","count":3}`,
			want:    `{"slug": "my-org", "count": 3}` + "\n",
			changes: []string{"changed $.count"}},
		{name: "subset: values that vary between runs become placeholders",
			doc:     `{"id": "old", "created_at": "yesterday", "name": "builder-1"}`,
			actual:  `{"id":"` + uuid + `","created_at":"2026-01-15T09:30:00Z","name":"builder-1"}`,
			want:    `{"id": "<uuid>", "created_at": "<timestamp>", "name": "builder-1"}` + "\n",
			changes: []string{"changed $.id, $.created_at", "wrote placeholders for values that vary between runs at $.id (<uuid>), $.created_at (<timestamp>)"}},
		{name: "subset: a placeholder that still fits stays, a changed value is rewritten",
			doc:     `{"id": "<uuid:agent-id>", "status": "connected"}`,
			actual:  `{"id":"` + uuid + `","status":"lost"}`,
			want:    `{"id": "<uuid:agent-id>", "status": "lost"}` + "\n",
			changes: []string{"changed $.status"}},
		{name: "an array grew",
			doc:     `{"tags": ["a"]}`,
			actual:  `{"tags":["a","b"]}`,
			want:    `{"tags": ["a", "b"]}` + "\n",
			changes: []string{"added $.tags[1]"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := &fence.Block{Lang: "json", Code: tc.doc}
			a := &answer{Status: 200, Header: http.Header{}, Body: []byte(tc.actual)}
			got, changes := rewriteResponse("p/list", b, a, []byte(tc.actual), match.Options{Shape: tc.shape}, nil)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.changes, changes)
		})
	}
}

func TestApplyUpdatesKeepsIndentationAndTheRest(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "page.md")
	src := "# Page\n\n1. Register:\n\n   ```bash\n   curl x\n   ```\n\n   ```json {response}\n   {\"old\": true}\n   ```\n\nAfter.\n\n```json {response}\n{\"b\": 1}\n```\n"
	require.NoError(t, os.WriteFile(path, []byte(src), 0o640))
	ups := []Update{
		{File: "content/page.md", Line: 9, EndLine: 11, Text: "{\n  \"new\": true\n}\n"},
		{File: "content/page.md", Line: 15, EndLine: 17, Text: "{\"b\": 2}\n"},
	}
	require.NoError(t, ApplyUpdates(ups, func(string) string { return path }))
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	want := "# Page\n\n1. Register:\n\n   ```bash\n   curl x\n   ```\n\n   ```json {response}\n   {\n     \"new\": true\n   }\n   ```\n\nAfter.\n\n```json {response}\n{\"b\": 2}\n```\n"
	assert.Equal(t, want, string(got))
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o640), info.Mode().Perm())
	left, _ := filepath.Glob(filepath.Join(dir, ".docproof-update-*"))
	assert.Empty(t, left, "no temp file left behind")
}

func TestApplyUpdatesRefusesMovedBlocks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "page.md")
	require.NoError(t, os.WriteFile(path, []byte("text\nmore\n"), 0o644))
	err := ApplyUpdates([]Update{{File: "p.md", Line: 1, EndLine: 2, Text: "{}"}}, func(string) string { return path })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "moved since it was read")
	got, _ := os.ReadFile(path)
	assert.Equal(t, "text\nmore\n", string(got))
}

func TestApplyUpdatesInsideAQuote(t *testing.T) {
	path := filepath.Join(t.TempDir(), "page.md")
	require.NoError(t, os.WriteFile(path, []byte("> ```http {response}\n> HTTP/1.1 200 OK\n> ```\n"), 0o644))
	require.NoError(t, ApplyUpdates([]Update{{Line: 1, EndLine: 3, Text: "HTTP/1.1 201 Created\n\n{}\n"}}, func(string) string { return path }))
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "> ```http {response}\n> HTTP/1.1 201 Created\n>\n> {}\n> ```\n", string(got))
}
