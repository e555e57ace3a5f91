package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Page renders page i of n as Markdown.
func Page(rng *rand.Rand, i, n int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: \"Benchmark page %d\"\ndescription: \"Generated page %d of the docproof benchmark corpus.\"\nweight: %d\n---\n\n", i, i, i%pagesPerSection)
	fmt.Fprintf(&b, "# Benchmark page %d\n\n{:toc}\n\n%s\n\n", i, paragraph(rng, 4))
	for s := 0; s < 8; s++ {
		fmt.Fprintf(&b, "## %s\n\n%s\n\n", sectionTitle(s), paragraph(rng, 5))
		switch s % 4 {
		case 0:
			for k := 0; k < 4; k++ {
				fmt.Fprintf(&b, "- %s\n", sentence(rng))
			}
			b.WriteString("\n")
		case 1:
			b.WriteString("| Token | Holder | Lifetime |\n| --- | --- | --- |\n")
			for k := 0; k < 4; k++ {
				fmt.Fprintf(&b, "| %s | %s | %d hours |\n", word(rng), word(rng), 1+rng.IntN(48))
			}
			b.WriteString("\n")
		case 2:
			to := rng.IntN(n)
			fmt.Fprintf(&b, "See [page %d](%s) and [the first part](#%s).\n\n", to, link(i, to, rng.IntN(8)), sectionID(0))
		}
		b.WriteString(sample(s, i))
		fmt.Fprintf(&b, "%s\n\n", paragraph(rng, 3))
	}
	return []byte(b.String())
}

// samples are the five verified curl samples of every page, in page order:
// they chain (register captures the access token the others use).
func sample(s, i int) string {
	switch s {
	case 0:
		return fmt.Sprintf("```bash {sample=register}\ncurl -sS -X POST \"$BUILDKITE_AGENT_ENDPOINT/register\" \\\n"+
			"  -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\" \\\n  -H \"Content-Type: application/json\" \\\n"+
			"  -d '{\"name\": \"bench-agent-%d\", \"hostname\": \"bench-host\"}'\n```\n\n"+
			"```json {response}\n{\n  \"id\": \"<uuid:agent-id>\",\n  \"name\": \"bench-agent-%d\",\n  \"access_token\": \"<token:access-token>\"\n}\n```\n\n", i, i)
	case 1:
		return "```bash {sample=connect}\ncurl -sS -X POST \"$BUILDKITE_AGENT_ENDPOINT/connect\" \\\n" +
			"  -H \"Authorization: Token $ACCESS_TOKEN\"\n```\n\n```json {response}\n{\n  \"id\": \"<agent-id>\"\n}\n```\n\n"
	case 2:
		return "```bash {sample=heartbeat}\ncurl -sS -X POST \"$BUILDKITE_AGENT_ENDPOINT/heartbeat\" \\\n" +
			"  -H \"Authorization: Token $ACCESS_TOKEN\" \\\n  -H \"Content-Type: application/json\" \\\n" +
			"  -d '{\"sent_at\": \"2026-01-02T03:04:05Z\"}'\n```\n\n" +
			"```json {response}\n{\n  \"sent_at\": \"2026-01-02T03:04:05Z\",\n  \"received_at\": \"<timestamp:received-at>\"\n}\n```\n\n"
	case 3:
		return "```bash {sample=metrics}\ncurl -sS \"$BUILDKITE_AGENT_ENDPOINT/metrics\" \\\n" +
			"  -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\"\n```\n\n" +
			"```json {response}\n{\n  \"organization\": {\"slug\": \"<org-slug>\"}\n}\n```\n\n"
	case 4:
		return "```bash {sample=refused status=401}\ncurl -sS -X POST \"$BUILDKITE_AGENT_ENDPOINT/register\" \\\n" +
			"  -H \"Authorization: Token $ACCESS_TOKEN\" \\\n  -H \"Content-Type: application/json\" \\\n  -d '{}'\n```\n\n" +
			"```json {response}\n{\n  \"message\": \"<message>\"\n}\n```\n\n"
	}
	return ""
}

func word(rng *rand.Rand) string {
	vocab := strings.Fields(words)
	return vocab[rng.IntN(len(vocab))]
}
