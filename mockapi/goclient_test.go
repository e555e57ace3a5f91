package mockapi_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	buildkite "github.com/buildkite/go-buildkite/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/mockapi"
)

// TestGoBuildkiteClient drives the REST API v2 through Buildkite's own Go
// client, so field names and types decode as users' code decodes them.
func TestGoBuildkiteClient(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { srv.Config.Handler.ServeHTTP(w, r) }))
	mock := mockapi.New(mockapi.WithClock(fixedClock), mockapi.WithPublicURL(srv.URL))
	srv.Config.Handler = mock
	t.Cleanup(srv.Close)
	env := mock.Env()
	ctx := context.Background()
	client, err := buildkite.NewOpts(buildkite.WithBaseURL(srv.URL+"/"), buildkite.WithTokenAuth(env["BUILDKITE_API_TOKEN"]))
	require.NoError(t, err)
	org, clusterID := env["BUILDKITE_ORGANIZATION_SLUG"], env["BUILDKITE_CLUSTER_ID"]

	tok, _, err := client.AccessTokens.Get(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"read_clusters", "write_clusters", "graphql"}, tok.Scopes)
	assert.Equal(t, "Acme Inc Admin", tok.User.Name)
	require.NotNil(t, tok.CreatedAt)
	assert.Equal(t, fixedClock(), tok.CreatedAt.UTC())

	clusters, _, err := client.Clusters.List(ctx, org, nil)
	require.NoError(t, err)
	require.Len(t, clusters, 1)
	c := clusters[0]
	assert.Equal(t, clusterID, c.ID)
	assert.Equal(t, env["BUILDKITE_CLUSTER_GRAPHQL_ID"], c.GraphQLID)
	assert.Equal(t, "Default", c.Name)
	assert.Equal(t, env["BUILDKITE_CLUSTER_QUEUE_ID"], c.DefaultQueueID)
	assert.Equal(t, srv.URL+"/v2/organizations/acme/clusters/"+clusterID, c.URL)
	assert.Equal(t, c.URL+"/queues/"+c.DefaultQueueID, c.DefaultQueueURL)
	assert.Equal(t, "Acme Inc Admin", c.CreatedBy.Name)
	assert.Equal(t, fixedClock(), c.CreatedAt.UTC())

	created, resp, err := client.Clusters.Create(ctx, org, buildkite.ClusterCreate{Name: "Open Source", Emoji: ":technologist:", Color: "#FFE0F1"})
	require.NoError(t, err)
	assert.Equal(t, 201, resp.StatusCode)
	assert.Empty(t, created.DefaultQueueID)
	updated, _, err := client.Clusters.Update(ctx, org, created.ID, buildkite.ClusterUpdate{Description: "Public code"})
	require.NoError(t, err)
	assert.Equal(t, "Public code", updated.Description)

	q, _, err := client.ClusterQueues.Create(ctx, org, created.ID, buildkite.ClusterQueueCreate{Key: "linux", Description: "Linux", RetryAgentAffinity: buildkite.RetryAgentAffinityPreferDifferent})
	require.NoError(t, err)
	assert.Equal(t, "linux", q.Key)
	assert.Equal(t, buildkite.RetryAgentAffinityPreferDifferent, q.RetryAgentAffinity)
	assert.Equal(t, srv.URL+"/v2/organizations/acme/clusters/"+created.ID, q.ClusterURL)
	q, _, err = client.ClusterQueues.Update(ctx, org, created.ID, q.ID, buildkite.ClusterQueueUpdate{Description: "Linux agents"})
	require.NoError(t, err)
	assert.Equal(t, "Linux agents", q.Description)
	queues, _, err := client.ClusterQueues.List(ctx, org, created.ID, nil)
	require.NoError(t, err)
	assert.Len(t, queues, 1)

	ct, resp, err := client.ClusterTokens.Create(ctx, org, clusterID, buildkite.ClusterTokenCreateUpdate{Description: "CI", AllowedIPAddresses: "10.0.0.0/8"})
	require.NoError(t, err)
	assert.Equal(t, 201, resp.StatusCode)
	assert.Regexp(t, `^bkct_`, ct.Token)
	assert.Equal(t, "10.0.0.0/8", ct.AllowedIPAddresses)
	got, _, err := client.ClusterTokens.Get(ctx, org, clusterID, ct.ID)
	require.NoError(t, err)
	assert.Empty(t, got.Token, "the value is only in the create answer")
	got, _, err = client.ClusterTokens.Update(ctx, org, clusterID, ct.ID, buildkite.ClusterTokenCreateUpdate{Description: "CI agents"})
	require.NoError(t, err)
	assert.Equal(t, "CI agents", got.Description)
	assert.Equal(t, "10.0.0.0/8", got.AllowedIPAddresses, "an update without allowed_ip_addresses keeps them")

	// Pagination through the Link header, as the client reads it.
	page, resp, err := client.ClusterTokens.List(ctx, org, clusterID, &buildkite.ClusterTokensListOptions{ListOptions: buildkite.ListOptions{PerPage: 1}})
	require.NoError(t, err)
	assert.Len(t, page, 1)
	assert.Equal(t, 2, resp.NextPage)
	assert.Equal(t, 2, resp.LastPage)
	page, resp, err = client.ClusterTokens.List(ctx, org, clusterID, &buildkite.ClusterTokensListOptions{ListOptions: buildkite.ListOptions{Page: 2, PerPage: 1}})
	require.NoError(t, err)
	assert.Equal(t, ct.ID, page[0].ID)
	assert.Equal(t, 0, resp.NextPage)
	assert.Equal(t, 1, resp.PrevPage)

	_, err = client.ClusterTokens.Delete(ctx, org, clusterID, ct.ID)
	require.NoError(t, err)
	_, _, err = client.ClusterTokens.Get(ctx, org, clusterID, ct.ID)
	var er *buildkite.ErrorResponse
	require.True(t, errors.As(err, &er), "%v", err)
	assert.Equal(t, 404, er.Response.StatusCode)
	assert.Equal(t, "Not Found", er.Message)

	_, err = client.Clusters.Delete(ctx, org, created.ID)
	require.NoError(t, err)

	readOnly, err := buildkite.NewOpts(buildkite.WithBaseURL(srv.URL+"/"), buildkite.WithTokenAuth(env["BUILDKITE_API_TOKEN_READ_ONLY"]))
	require.NoError(t, err)
	_, _, err = readOnly.ClusterTokens.Create(ctx, org, clusterID, buildkite.ClusterTokenCreateUpdate{Description: "x"})
	require.True(t, errors.As(err, &er), "%v", err)
	assert.Equal(t, 403, er.Response.StatusCode)
	assert.Equal(t, "Your access token doesn't have the write_clusters scope", er.Message)

	_, err = client.AccessTokens.Revoke(ctx)
	require.NoError(t, err)
	_, _, err = client.Clusters.List(ctx, org, nil)
	require.True(t, errors.As(err, &er), "%v", err)
	assert.Equal(t, 401, er.Response.StatusCode)
}
