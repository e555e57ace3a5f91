package sample

import (
	"context"
	"net/http/httptest"
	"os/exec"
	"testing"
	"time"

	"github.com/docproof/docproof/mockapi"
)

const benchSample = `bash
curl -sS "$BUILDKITE_AGENT_ENDPOINT/metrics" \
  -H "Authorization: Token $BUILDKITE_AGENT_TOKEN"`

const benchResponse = "json {response}\n{\"agents\": {\"total\": \"<number:total>\"}, \"organization\": {\"slug\": \"acme\"}}"

// samplesPerPage is the size of the benchmark page; one op verifies a page.
const samplesPerPage = 10

// BenchmarkVerifySample measures curl samples verified in-process (parse,
// ServeHTTP on the mock, JSON comparison, redaction) as ns/sample, then the
// same curl command run as a real curl process against the mock served on
// loopback as curl-ns/sample, and reports the speedup (process / in-process,
// measured in paired rounds).
//
//	go test -run '^$' -bench BenchmarkVerifySample ./generator/sample/
func BenchmarkVerifySample(b *testing.B) {
	var specs []string
	for range samplesPerPage {
		specs = append(specs, benchSample, benchResponse)
	}
	ss, d := Extract(PageInput{File: "bench.md", Rel: "bench.md", Blocks: blocks(b, specs...)})
	if len(d) > 0 {
		b.Fatal(d)
	}
	mock := mockapi.New(mockapi.WithSeed(1))
	ctx := context.Background()
	if pr := RunPage(ctx, ss, mock, Options{}); len(pr.Diags) > 0 {
		b.Fatal(pr.Diags)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if pr := RunPage(ctx, ss, mock, Options{}); len(pr.Diags) > 0 {
			b.Fatal(pr.Diags)
		}
	}
	inProcess := float64(b.Elapsed().Nanoseconds()) / float64(b.N*samplesPerPage)
	b.StopTimer()

	curlBin, err := exec.LookPath("curl")
	if err != nil {
		b.Fatal("curl is not installed; the comparison needs it (apt-get install curl)")
	}
	srv := httptest.NewServer(mockapi.New(mockapi.WithSeed(1)))
	defer srv.Close()
	env := mockapi.New(mockapi.WithSeed(1)).Env()
	// Paired rounds: one curl process, then one page in-process, so a busy
	// machine slows both sides of the ratio alike.
	const rounds = 10
	var process, paired time.Duration
	for range rounds {
		start := time.Now()
		cmd := exec.Command(curlBin, "-sS", "-f", srv.URL+"/v3/metrics", "-H", "Authorization: Token "+env["BUILDKITE_AGENT_TOKEN"])
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("curl: %v: %s", err, out)
		}
		process += time.Since(start)
		start = time.Now()
		RunPage(ctx, ss, mock, Options{})
		paired += time.Since(start)
	}
	perProcess := float64(process.Nanoseconds()) / rounds
	perSample := float64(paired.Nanoseconds()) / (rounds * samplesPerPage)
	b.ReportMetric(inProcess, "ns/sample")
	b.ReportMetric(perProcess, "curl-ns/sample")
	b.ReportMetric(perProcess/perSample, "speedup")
}
