package mockapi_test

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOIDCAndGitHubTokens(t *testing.T) {
	h := newHarness(t)
	session, jobID, tok := h.runningJob()
	oidc := "/v3/jobs/" + jobID + "/oidc/tokens"
	gh := "/v3/jobs/" + jobID + "/github_code_access_token"

	m := h.must(200, "POST", oidc, tok, map[string]any{"audience": "sts.amazonaws.com", "lifetime": 60}).Obj(t)
	jwt := m["token"].(string)
	parts := strings.Split(jwt, ".")
	require.Len(t, parts, 3)
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(t, err)
	var claims map[string]any
	require.NoError(t, json.Unmarshal(raw, &claims))
	assert.Equal(t, "sts.amazonaws.com", claims["aud"])
	assert.Equal(t, jobID, claims["job_id"])
	assert.Equal(t, "acme", claims["organization_slug"])
	assert.Equal(t, "website", claims["pipeline_slug"])
	assert.Equal(t, 60.0, claims["exp"].(float64)-claims["iat"].(float64))
	assert.Contains(t, h.srv.IssuedTokens(), jwt, "the site's secret scan must know it")
	def := h.must(200, "POST", oidc, session, nil).Obj(t)["token"].(string)
	raw, _ = base64.RawURLEncoding.DecodeString(strings.Split(def, ".")[1])
	assert.Contains(t, string(raw), `"aud":"https://buildkite.com/acme"`)
	h.must(422, "POST", oidc, tok, map[string]any{"lifetime": 7200})

	g := h.must(200, "POST", gh, tok, map[string]string{"repo_url": "https://github.com/acme/website.git"}).Obj(t)
	assert.Regexp(t, `^ghs_[0-9A-Za-z]{36}$`, g["token"])
	assert.Contains(t, h.srv.IssuedTokens(), g["token"])
	h.must(422, "POST", gh, tok, map[string]string{})

	// Never for another job, never with a registration token, never after the job.
	other := "/v3/jobs/" + acmeDeployJob
	h.must(403, "POST", other+"/oidc/tokens", tok, nil)
	h.must(403, "POST", other+"/github_code_access_token", tok, map[string]string{"repo_url": "x"})
	h.must(401, "POST", oidc, h.env["BUILDKITE_AGENT_TOKEN"], nil)
	h.must(200, "PUT", "/v3/jobs/"+jobID+"/finish", tok, map[string]string{"exit_status": "0"})
	h.must(401, "POST", oidc, tok, nil)
	h.must(422, "POST", oidc, session, nil)
}
