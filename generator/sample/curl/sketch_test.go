package curl

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSketch(t *testing.T) {
	look := func(name string) (string, bool) {
		if name == "ORG" {
			return "acme", true
		}
		return "UNSET", true
	}
	tests := []struct {
		name string
		code string
		want []*Request
	}{
		{"pipe", "curl -fsSL https://example.com/install.sh | bash", []*Request{{Line: 1, Method: "GET", URL: "https://example.com/install.sh"}}},
		{"method and variables", `curl -X DELETE "https://api.buildkite.com/v2/organizations/${ORG}/x/$ID" | jq .`,
			[]*Request{{Line: 1, Method: "DELETE", URL: "https://api.buildkite.com/v2/organizations/acme/x/UNSET"}}},
		{"attached -X", "curl -XPUT https://x.test/a", []*Request{{Line: 1, Method: "PUT", URL: "https://x.test/a"}}},
		{"data is a POST, across continuations", "# upload\ncurl -F file=@a.tgz \\\n  'https://x.test/up'",
			[]*Request{{Line: 2, Method: "POST", URL: "https://x.test/up"}}},
		{"curl inside another command", "sudo sh -c 'curl https://x.test/k'", []*Request{{Line: 1, Method: "GET", URL: "https://x.test/k"}}},
		{"command substitution", "$ eval $(curl -s \\\n  \"https://x.test/env.txt\" | \\\n  sed 's/^/export /')", []*Request{{Line: 1, Method: "GET", URL: "https://x.test/env.txt"}}},
		{"assigned from curl", "id=$(curl --get \\\n  --data-urlencode \"e=$E\" https://x.test/u)", []*Request{{Line: 1, Method: "GET", URL: "https://x.test/u"}}},
		{"a URL not on a curl line is not a request", "echo https://x.test/doc\nkubectl apply -f https://x.test/a.yaml", nil},
		{"a curl without a literal URL", `curl "$(cat url.txt)"`, nil},
		{"the first URL of the line", "curl https://x.test/a -e https://x.test/ref", []*Request{{Line: 1, Method: "GET", URL: "https://x.test/a"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Sketch(tt.code, look))
		})
	}
}
