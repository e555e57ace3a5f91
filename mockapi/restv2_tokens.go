package mockapi

import "net/http"

// restClusterTokenBody is a cluster agent token as the REST API shows it.
// Token (the secret) is set only in the create answer.
type restClusterTokenBody struct {
	ID                 string   `json:"id"`
	GraphQLID          string   `json:"graphql_id"`
	Description        string   `json:"description"`
	AllowedIPAddresses string   `json:"allowed_ip_addresses"`
	ExpiresAt          *string  `json:"expires_at"`
	URL                string   `json:"url"`
	ClusterURL         string   `json:"cluster_url"`
	CreatedAt          string   `json:"created_at"`
	CreatedBy          restUser `json:"created_by"`
	Token              string   `json:"token,omitempty"`
}

func (s *Server) clusterTokenBody(org *orgRec, t *clusterTokenRec) restClusterTokenBody {
	cu := s.clusterURL(org, t.cluster)
	return restClusterTokenBody{
		ID: t.uuid, GraphQLID: nodeID("ClusterToken", t.uuid), Description: t.description,
		AllowedIPAddresses: t.allowedIPs, ExpiresAt: optRESTTime(t.expiresAt),
		URL: cu + "/tokens/" + t.uuid, ClusterURL: cu, CreatedAt: restTime(t.createdAt), CreatedBy: adminUser(org, t.createdAt),
	}
}

// clusterTokenRequest is the body of a token create or update.
type clusterTokenRequest struct {
	Description        *string `json:"description"`
	ExpiresAt          *string `json:"expires_at"`
	AllowedIPAddresses *string `json:"allowed_ip_addresses"`
}

func (req clusterTokenRequest) input() tokenInput {
	return tokenInput(req)
}

func (s *Server) clusterTokenList(w http.ResponseWriter, r *http.Request) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	org, c, err := s.st.restCluster(r, scopeReadClusters)
	if err != nil {
		return 0, nil, err
	}
	all := c.liveTokens()
	start, end := paginate(w, r, s.restBase(), len(all))
	out := make([]restClusterTokenBody, 0, end-start)
	for _, t := range all[start:end] {
		out = append(out, s.clusterTokenBody(org, t))
	}
	return http.StatusOK, out, nil
}

// restClusterToken is restCluster plus the (not revoked) token in the path.
func (s *Server) restClusterToken(r *http.Request, scope string) (*orgRec, *clusterTokenRec, error) {
	org, c, err := s.st.restCluster(r, scope)
	if err != nil {
		return nil, nil, err
	}
	t := c.token(r.PathValue("token"))
	if t == nil {
		return nil, nil, notFound(msgRESTNotFound)
	}
	return org, t, nil
}

func (s *Server) clusterTokenGet(w http.ResponseWriter, r *http.Request) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	org, t, err := s.restClusterToken(r, scopeReadClusters)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, s.clusterTokenBody(org, t), nil
}

// clusterTokenCreate issues a token; its value is in this answer only.
func (s *Server) clusterTokenCreate(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return 0, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	org, c, err := s.st.restCluster(r, scopeWriteClusters)
	if err != nil {
		return 0, nil, err
	}
	var req clusterTokenRequest
	if err := parseJSON(body, &req); err != nil {
		return 0, nil, err
	}
	t, err := s.st.createClusterToken(c, req.input())
	if err != nil {
		return 0, nil, err
	}
	out := s.clusterTokenBody(org, t)
	out.Token = t.value
	return http.StatusCreated, out, nil
}

func (s *Server) clusterTokenUpdate(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return 0, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	org, t, err := s.restClusterToken(r, scopeWriteClusters)
	if err != nil {
		return 0, nil, err
	}
	var req clusterTokenRequest
	if err := parseJSON(body, &req); err != nil {
		return 0, nil, err
	}
	if err := s.st.updateClusterToken(t, req.input()); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, s.clusterTokenBody(org, t), nil
}

// clusterTokenRevoke revokes a token: 204, and it is gone from lists.
func (s *Server) clusterTokenRevoke(w http.ResponseWriter, r *http.Request) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, t, err := s.restClusterToken(r, scopeWriteClusters)
	if err != nil {
		return 0, nil, err
	}
	s.st.revokeClusterToken(t)
	return http.StatusNoContent, nil, nil
}
