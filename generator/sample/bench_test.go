package sample

import (
	"context"
	"net/http/httptest"
	"os/exec"
	"slices"
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
// loopback as curl-ns/sample, and reports the speedup: the median over
// interleaved pairs of (curl process time / in-process time per sample);
// paired-ns/sample is the median in-process time within those pairs.
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
	// Interleaved pairs: one curl process, then one page in-process, so a
	// busy machine slows both sides of each pair alike; the median of the
	// per-pair ratios ignores the pairs a load spike hit on one side only.
	// Each pair runs several pages, as a build does, so the in-process side
	// is not just one page whose caches the curl process had just evicted.
	const rounds, pagesPerPair = 21, 10
	var process, paired, ratio []float64
	for range rounds {
		start := time.Now()
		cmd := exec.Command(curlBin, "-sS", "-f", srv.URL+"/v3/metrics", "-H", "Authorization: Token "+env["BUILDKITE_AGENT_TOKEN"])
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("curl: %v: %s", err, out)
		}
		proc := float64(time.Since(start).Nanoseconds())
		start = time.Now()
		for range pagesPerPair {
			RunPage(ctx, ss, mock, Options{})
		}
		in := float64(time.Since(start).Nanoseconds()) / (pagesPerPair * samplesPerPage)
		process, paired, ratio = append(process, proc), append(paired, in), append(ratio, proc/in)
	}
	b.ReportMetric(inProcess, "ns/sample")
	b.ReportMetric(median(paired), "paired-ns/sample")
	b.ReportMetric(median(process), "curl-ns/sample")
	b.ReportMetric(median(ratio), "speedup")
}

// median returns the middle value of xs (sorting xs).
func median(xs []float64) float64 {
	slices.Sort(xs)
	return xs[len(xs)/2]
}
