package mockapi

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/docproof/docproof/mockapi/graphql"
)

// The REST API v2 (api.buildkite.com/v2) for clusters, cluster queues,
// cluster agent tokens and the access token itself. Callers send
// `Authorization: Bearer <API access token>`; each route needs a scope.

// Messages of Buildkite's REST API.
const (
	msgRESTAuth     = "Authentication required. Please supply a valid API Access Token: https://buildkite.com/docs/apis/rest-api#authentication"
	msgRESTNotFound = "Not Found"
)

// restTimeFormat is how REST answers write timestamps (milliseconds, Z).
const restTimeFormat = "2006-01-02T15:04:05.000Z"

// Pagination defaults and limits of the REST API.
const (
	defaultPerPage = 30
	maxPerPage     = 100
)

const orgPath = "/v2/organizations/{org}/clusters"

// restV2Routes are the REST API v2 routes. Updates take PUT (as the docs
// show) and PATCH (as Buildkite's Go client sends).
func restV2Routes() []route {
	rs := []route{
		{pattern: "GET /v2/access-token", e: (*Server).accessTokenGet},
		{pattern: "DELETE /v2/access-token", e: (*Server).accessTokenRevoke},
		{pattern: "GET " + orgPath, e: (*Server).clusterList},
		{pattern: "POST " + orgPath, e: (*Server).clusterCreate},
		{pattern: "GET " + orgPath + "/{cluster}", e: (*Server).clusterGet},
		{pattern: "DELETE " + orgPath + "/{cluster}", e: (*Server).clusterDelete},
		{pattern: "GET " + orgPath + "/{cluster}/queues", e: (*Server).queueList},
		{pattern: "POST " + orgPath + "/{cluster}/queues", e: (*Server).queueCreate},
		{pattern: "GET " + orgPath + "/{cluster}/queues/{queue}", e: (*Server).queueGet},
		{pattern: "DELETE " + orgPath + "/{cluster}/queues/{queue}", e: (*Server).queueDelete},
		{pattern: "POST " + orgPath + "/{cluster}/queues/{queue}/pause_dispatch", e: (*Server).queuePause},
		{pattern: "POST " + orgPath + "/{cluster}/queues/{queue}/resume_dispatch", e: (*Server).queueResume},
		{pattern: "GET " + orgPath + "/{cluster}/tokens", e: (*Server).clusterTokenList},
		{pattern: "POST " + orgPath + "/{cluster}/tokens", e: (*Server).clusterTokenCreate},
		{pattern: "GET " + orgPath + "/{cluster}/tokens/{token}", e: (*Server).clusterTokenGet},
		{pattern: "DELETE " + orgPath + "/{cluster}/tokens/{token}", e: (*Server).clusterTokenRevoke},
	}
	for _, m := range []string{"PUT", "PATCH"} {
		rs = append(rs,
			route{pattern: m + " " + orgPath + "/{cluster}", e: (*Server).clusterUpdate},
			route{pattern: m + " " + orgPath + "/{cluster}/queues/{queue}", e: (*Server).queueUpdate},
			route{pattern: m + " " + orgPath + "/{cluster}/tokens/{token}", e: (*Server).clusterTokenUpdate})
	}
	return rs
}

// restBase is the REST API endpoint, without a trailing slash.
func (s *Server) restBase() string {
	if s.cfg.publicURL != "" {
		return s.cfg.publicURL + "/v2"
	}
	return "https://api.buildkite.com/v2"
}

// webBase is the web UI the REST answers' web_url fields point at.
func (s *Server) webBase() string { return "https://buildkite.com" }

// bearerToken returns the token of an `Authorization: Bearer <token>` header.
func bearerToken(r *http.Request) string {
	scheme, value, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(value)
}

// restToken resolves the request's API access token (the lock held).
func (st *state) restToken(r *http.Request) (*apiTokenRec, error) {
	ref, ok := st.lookup(bearerToken(r))
	if !ok || ref.kind != kindAPI {
		return nil, unauthorizedAs(msgRESTAuth)
	}
	return st.apiTokens[ref.id], nil
}

// restOrg authorizes a call on the organization in the request's path: the
// token must have scope and belong to that organization (any other slug,
// known or not, is not found).
func (st *state) restOrg(r *http.Request, scope string) (*orgRec, *apiTokenRec, error) {
	t, err := st.restToken(r)
	if err != nil {
		return nil, nil, err
	}
	if !t.has(scope) {
		return nil, nil, forbidden("Your access token doesn't have the %s scope", scope)
	}
	org := st.orgBySlug(r.PathValue("org"))
	if org == nil || org.uuid != t.orgUUID {
		return nil, nil, notFound(msgRESTNotFound)
	}
	return org, t, nil
}

// restCluster is restOrg plus the cluster named in the path.
func (st *state) restCluster(r *http.Request, scope string) (*orgRec, *clusterRec, error) {
	org, _, err := st.restOrg(r, scope)
	if err != nil {
		return nil, nil, err
	}
	c, err := st.clusterOf(org.uuid, r.PathValue("cluster"))
	if err != nil {
		return nil, nil, err
	}
	return org, c, nil
}

// restUser is the user object REST answers embed (created_by).
type restUser struct {
	ID        string `json:"id"`
	GraphQLID string `json:"graphql_id"`
	Name      string `json:"name"`
	Email     string `json:"email"`
	AvatarURL string `json:"avatar_url"`
	CreatedAt string `json:"created_at"`
}

// adminUser is the organization's admin, who made everything its API tokens
// made (the same user GraphQL shows).
func adminUser(o *orgRec, created time.Time) restUser {
	uuid, name, email := graphql.Admin(orgOf(o))
	return restUser{ID: uuid, GraphQLID: nodeID("User", uuid), Name: name, Email: email,
		AvatarURL: "https://www.gravatar.com/avatar/" + uuid[:8], CreatedAt: restTime(created)}
}

func restTime(t time.Time) string { return t.UTC().Format(restTimeFormat) }

// optRESTTime is a timestamp or JSON null.
func optRESTTime(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := restTime(*t)
	return &s
}

// optText is a string or JSON null when empty.
func optText(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// page is one page of a paginated list.
type page struct{ number, perPage int }

// paginate reads page and per_page (invalid or missing values fall back to
// the defaults), sets the Link header for a list of n items at path and
// returns the bounds of the page's slice.
func paginate(w http.ResponseWriter, r *http.Request, base string, n int) (start, end int) {
	p := page{number: 1, perPage: defaultPerPage}
	if v, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && v > 0 {
		p.number = v
	}
	if v, err := strconv.Atoi(r.URL.Query().Get("per_page")); err == nil && v > 0 {
		p.perPage = min(v, maxPerPage)
	}
	last := max(1, (n+p.perPage-1)/p.perPage)
	link := func(number int, rel string) string {
		q := url.Values{"page": {strconv.Itoa(number)}, "per_page": {strconv.Itoa(p.perPage)}}
		return fmt.Sprintf(`<%s%s?%s>; rel="%s"`, base, r.URL.Path[len("/v2"):], q.Encode(), rel)
	}
	var links []string
	if p.number < last {
		links = append(links, link(p.number+1, "next"), link(last, "last"))
	}
	if p.number > 1 {
		links = append(links, link(1, "first"), link(min(p.number-1, last), "prev"))
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	start = min((p.number-1)*p.perPage, n)
	return start, min(start+p.perPage, n)
}

// accessTokenResponse is GET /v2/access-token.
type accessTokenResponse struct {
	UUID        string   `json:"uuid"`
	Scopes      []string `json:"scopes"`
	Description string   `json:"description"`
	CreatedAt   string   `json:"created_at"`
	ExpiresAt   *string  `json:"expires_at"`
	User        struct {
		Name  string `json:"name"`
		Email string `json:"email"`
	} `json:"user"`
}

// accessTokenGet describes the request's own API token; it needs no scope.
func (s *Server) accessTokenGet(w http.ResponseWriter, r *http.Request) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.st.restToken(r)
	if err != nil {
		return 0, nil, err
	}
	resp := accessTokenResponse{UUID: t.uuid, Scopes: append([]string{}, t.scopes...), Description: t.description,
		CreatedAt: t.createdAt.UTC().Format("2006-01-02 15:04:05 UTC")}
	u := adminUser(s.st.org(t.orgUUID), t.createdAt)
	resp.User.Name, resp.User.Email = u.Name, u.Email
	return http.StatusOK, resp, nil
}

// accessTokenRevoke revokes the request's own API token.
func (s *Server) accessTokenRevoke(w http.ResponseWriter, r *http.Request) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.st.restToken(r)
	if err != nil {
		return 0, nil, err
	}
	s.st.revokeAPIToken(t)
	return http.StatusNoContent, nil, nil
}
