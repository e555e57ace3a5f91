package sample

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/docproof/docproof/generator/diag"
)

// Remote runs samples over real HTTP against a running server such as
// `docproof mock` (docproof check --target). It is the only mode that opens
// sockets. Pages must run one after another: each starts with a reset.
type Remote struct {
	tr *remote
}

// NewRemote checks target (an http or https base URL) and prepares a client;
// nil means a default http.Client. Redirects are never followed by the client
// itself (curl -L is applied per sample).
func NewRemote(target string, client *http.Client) (*Remote, error) {
	tr, err := newRemote(target, client)
	if err != nil {
		return nil, err
	}
	return &Remote{tr: tr}, nil
}

// RunPage resets the server (POST /_mock/reset), reads its environment
// (GET /_mock/env) and runs the page's samples in order.
func (r *Remote) RunPage(ctx context.Context, samples []*Sample, opts Options) PageResult {
	env, err := r.prepare(ctx)
	if err != nil {
		var pr PageResult
		for _, s := range samples {
			pr.Results = append(pr.Results, Result{File: s.File, Line: s.Line(), ID: s.ID, Kind: s.Kind, Outcome: "fail", Message: err.Error(),
				Compared: CompareOf(s.Response)})
			d := diag.Errorf(s.File, s.Line(), "%v", err)
			d.SampleID = s.ID
			pr.Diags = append(pr.Diags, d)
		}
		return pr
	}
	tr := *r.tr
	tr.hosts = allowedHosts(env)
	return runPage(ctx, samples, &tr, env, func() []string { return nil }, opts)
}

func (r *Remote) prepare(ctx context.Context) (map[string]string, error) {
	if _, err := r.tr.control(ctx, http.MethodPost, "/_mock/reset"); err != nil {
		return nil, err
	}
	body, err := r.tr.control(ctx, http.MethodGet, "/_mock/env")
	if err != nil {
		return nil, err
	}
	var env map[string]string
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, fmt.Errorf("--target: GET /_mock/env did not answer a JSON object of strings: %v", err)
	}
	// Samples name the public hosts; requests go to the target whatever host
	// the env's endpoints name, so both are accepted.
	for _, k := range []string{"BUILDKITE_AGENT_ENDPOINT", "BUILDKITE_GRAPHQL_ENDPOINT"} {
		if _, err := url.Parse(env[k]); err != nil {
			return nil, fmt.Errorf("--target: %s=%q is not a URL", k, env[k])
		}
	}
	return env, nil
}
