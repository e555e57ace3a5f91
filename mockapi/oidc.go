package mockapi

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// OIDC and GitHub code-access tokens: only a job's own token (or the session
// token of the agent running it) gets them, and only while it runs. The values
// only look real; they are recorded with IssuedTokens so the site's secret
// scan refuses them too.

const (
	defaultOIDCLifetime = 300
	maxOIDCLifetime     = 3600
	prefixGitHub        = "ghs_"
	bodyLenGitHub       = 36
)

type oidcRequest struct {
	Audience string `json:"audience"`
	Lifetime int    `json:"lifetime"`
}

type tokenBody struct {
	Token string `json:"token"`
}

func (s *Server) oidcToken(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return 0, nil, err
	}
	return s.jobCall(r, func(st *state, j *jobRec) (int, any, error) {
		var req oidcRequest
		if err := parseJSON(body, &req); err != nil {
			return 0, nil, err
		}
		if req.Lifetime < 0 || req.Lifetime > maxOIDCLifetime {
			return 0, nil, badState("lifetime must be between 1 and %d seconds", maxOIDCLifetime)
		}
		if err := logOpen(j); err != nil {
			return 0, nil, badState("OIDC tokens are only issued while the job runs: it is %s", notRunning(j))
		}
		org, b := st.org(j.orgUUID), st.builds[j.buildID]
		if req.Audience == "" {
			req.Audience = "https://buildkite.com/" + org.slug
		}
		if req.Lifetime == 0 {
			req.Lifetime = defaultOIDCLifetime
		}
		now := st.now().UTC().Unix()
		claims, _ := json.Marshal(map[string]any{
			"iss": "https://agent.buildkite.com",
			"sub": fmt.Sprintf("organization:%s:pipeline:%s:ref:refs/heads/main:commit:HEAD:step:", org.slug, b.pipeline),
			"aud": req.Audience, "iat": now, "nbf": now, "exp": now + int64(req.Lifetime),
			"organization_slug": org.slug, "pipeline_slug": b.pipeline, "build_number": b.number,
			"build_branch": "main", "build_commit": "HEAD", "job_id": j.id, "agent_id": j.agentID,
		})
		enc := base64.RawURLEncoding
		tok := strings.Join([]string{
			enc.EncodeToString([]byte(`{"alg":"RS256","kid":"docproof-mock","typ":"JWT"}`)),
			enc.EncodeToString(claims),
			enc.EncodeToString(st.gen.stream("oidcsig", 256)),
		}, ".")
		st.issue(tok)
		return http.StatusOK, tokenBody{Token: tok}, nil
	})
}

type githubTokenRequest struct {
	RepoURL string `json:"repo_url"`
}

func (s *Server) githubToken(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return 0, nil, err
	}
	return s.jobCall(r, func(st *state, j *jobRec) (int, any, error) {
		var req githubTokenRequest
		if err := parseJSON(body, &req); err != nil {
			return 0, nil, err
		}
		if strings.TrimSpace(req.RepoURL) == "" {
			return 0, nil, badState("repo_url is required")
		}
		if err := logOpen(j); err != nil {
			return 0, nil, badState("Code-access tokens are only issued while the job runs: it is %s", notRunning(j))
		}
		tok := st.gen.token(prefixGitHub, bodyLenGitHub)
		st.issue(tok)
		return http.StatusOK, tokenBody{Token: tok}, nil
	})
}

// issue records a secret the mock handed out that is not an agent API token.
func (st *state) issue(value string) {
	if !st.issuedSet[value] {
		st.issuedSet[value] = true
		*st.issued = append(*st.issued, value)
	}
}
