package generator

import (
	"context"
	"github.com/docproof/docproof/internal/mockbackend"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/sample"
)

// cardPage is a page with one sample and its documented response; name is
// the agent name the response documents (the request sends "card-agent").
func cardPage(attrs, name string) string {
	return "# Cards\n\n```bash {sample=register" + attrs + "}\n" +
		"curl -sS -X POST \"$BUILDKITE_AGENT_ENDPOINT/register\" \\\n" +
		"  -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\" \\\n" +
		"  -H \"Content-Type: application/json\" \\\n" +
		"  -d '{\"name\": \"card-agent\"}'\n```\n\n" +
		"```json {response}\n{\n  \"id\": \"<uuid:agent-id>\",\n  \"name\": \"" + name + "\",\n" +
		"  \"access_token\": \"<token:agent-access-token>\",\n  \"ping_interval\": \"<number>\"\n}\n```\n"
}

// TestSampleCardGolden renders a sample card, runs its sample against the
// mock and fills the card: passing (values shown, tokens masked, what was
// compared), failing (the drift shown, placeholders described) and skipped
// (no mark, placeholders described).
func TestSampleCardGolden(t *testing.T) {
	tests := []struct {
		name, md, outcome string
	}{
		{"pass", cardPage("", "card-agent"), "pass"},
		{"fail", cardPage("", "other-agent"), "fail"},
		{"skipped", cardPage(` skip="the mock is down for this example"`, "card-agent"), "skip"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, diags := renderSource(t, "cards.md", tt.md)
			require.Empty(t, diags)
			run := verifyPage(context.Background(), Config{}, p, mockbackend.Mock{}.Backends(), nil, sample.Options{})
			require.Len(t, run.res.Results, 1)
			require.Equal(t, tt.outcome, run.res.Results[0].Outcome, run.res.Results[0].Message)
			filled := fillCards(p, run.res.Results, "/")
			body := string(filled.Body)
			golden(t, "card/"+tt.name+".golden", body)
			assert.NotContains(t, body, "&lt;uuid:", "no raw placeholder")
			assert.NotContains(t, body, "<!--dp:", "every slot filled")
			for _, tok := range run.res.Issued {
				assert.NotContains(t, body, tok, "no token value")
			}
			assert.Equal(t, 1, strings.Count(body, `class="sample-card"`), "request and response in one card")
		})
	}
}

// TestFillCardsLeavesThePageAlone: the cached page is never changed, and a
// page without cards is returned as it is.
func TestFillCardsLeavesThePageAlone(t *testing.T) {
	p, _ := renderSource(t, "cards.md", cardPage("", "card-agent"))
	before := p.Body
	run := verifyPage(context.Background(), Config{}, p, mockbackend.Mock{}.Backends(), nil, sample.Options{})
	filled := fillCards(p, run.res.Results, "/")
	assert.NotSame(t, p, filled)
	assert.Equal(t, before, p.Body, "the rendered page keeps its slots")
	plain, _ := renderSource(t, "plain.md", "# Plain\n\nNo samples.\n")
	assert.Same(t, plain, fillCards(plain, nil, "/"))
}

// TestCardsMemoIsThePlainFill: with serve's in-memory cache an unchanged
// page (the same rendered *Page and results) gets the same finished *Page,
// equal to what the plain fill makes; a new run is filled again.
func TestCardsMemoIsThePlainFill(t *testing.T) {
	p, _ := renderSource(t, "cards.md", cardPage("", "card-agent"))
	run := verifyPage(context.Background(), Config{}, p, mockbackend.Mock{}.Backends(), nil, sample.Options{})
	s := &pageStream{cfg: Config{Cache: NewCache(), basePath: "/"}}
	first := s.cards(p, run.res.Results)
	assert.Equal(t, fillCards(p, run.res.Results, "/").Body, first.Body)
	assert.Same(t, first, s.cards(p, run.res.Results), "unchanged: the same page")
	again := verifyPage(context.Background(), Config{}, p, mockbackend.Mock{}.Backends(), nil, sample.Options{})
	other := s.cards(p, again.res.Results)
	assert.NotSame(t, first, other, "another run is filled again")
	assert.Equal(t, first.Body, other.Body)
	assert.Equal(t, first.Body, (&pageStream{cfg: Config{basePath: "/"}}).cards(p, run.res.Results).Body, "no cache: the plain fill")
}
