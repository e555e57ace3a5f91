package mockapi

import (
	"net/http"
	"strings"
	"time"
)

// jobCluster resolves the cluster a control-API job goes to (ref: its uuid
// or name; "" for an unclustered job) and defaults or checks *queue: a
// clustered job's queue must be a queue of its cluster.
func (st *state) jobCluster(org *orgRec, ref string, queue *string) (string, error) {
	if ref == "" {
		if *queue == "" {
			*queue = "default"
		}
		return "", nil
	}
	c := st.clusterByRef(org.uuid, ref)
	if c == nil {
		return "", notFound("No cluster %q in organization %q", ref, org.slug)
	}
	if *queue == "" {
		q := c.queue(c.defaultQueue)
		if q == nil {
			return "", badState("Cluster %q has no default queue; name a queue", c.name)
		}
		*queue = q.key
	}
	if c.queueByKey(*queue) == nil {
		return "", badState("Cluster %q has no queue with key %q", c.name, *queue)
	}
	return c.uuid, nil
}

type mintRequest struct {
	Org         string   `json:"org"`
	Scopes      []string `json:"scopes"`
	Description string   `json:"description"`
}

type mintResponse struct {
	UUID   string   `json:"uuid"`
	Token  string   `json:"token"`
	Org    string   `json:"org"`
	Scopes []string `json:"scopes"`
}

// maxAPITokens bounds the API tokens the control API can mint.
const maxAPITokens = 1000

// controlMintAPIToken issues an API access token (bkua_) of an organization
// (default the first) with exactly the scopes asked for (none is allowed).
func (s *Server) controlMintAPIToken(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var req mintRequest
	if err := decodeJSON(w, r, maxJSONBody, &req); err != nil {
		return 0, nil, err
	}
	for _, sc := range req.Scopes {
		if !scopeRE.MatchString(sc) {
			return 0, nil, badState("scope %q is not a scope name (e.g. read_clusters, write_clusters, graphql)", sc)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	org := st.orgs[0]
	if req.Org != "" {
		if org = st.orgBySlug(req.Org); org == nil {
			return 0, nil, notFound("No organization with slug %q", req.Org)
		}
	}
	if len(st.apiTokens) >= maxAPITokens {
		return 0, nil, forbidden("The mock holds at most %d API tokens", maxAPITokens)
	}
	if strings.TrimSpace(req.Description) == "" {
		req.Description = "Minted through the control API"
	}
	t := st.mintAPIToken(org.uuid, req.Description, append([]string{}, req.Scopes...))
	return http.StatusCreated, mintResponse{UUID: t.uuid, Token: t.value, Org: org.slug, Scopes: t.scopes}, nil
}

// controlCluster is a cluster as GET /_mock/clusters shows it: every token,
// revoked ones included, never a token value.
type controlCluster struct {
	ID           string                `json:"id"`
	Org          string                `json:"org"`
	Name         string                `json:"name"`
	Deleted      bool                  `json:"deleted"`
	DefaultQueue string                `json:"default_queue_id"`
	Queues       []controlClusterQueue `json:"queues"`
	Tokens       []controlClusterToken `json:"tokens"`
}

type controlClusterQueue struct {
	ID     string `json:"id"`
	Key    string `json:"key"`
	Paused bool   `json:"dispatch_paused"`
}

type controlClusterToken struct {
	ID                 string `json:"id"`
	Description        string `json:"description"`
	AllowedIPAddresses string `json:"allowed_ip_addresses"`
	ExpiresAt          string `json:"expires_at,omitempty"`
	RevokedAt          string `json:"revoked_at,omitempty"`
}

func (s *Server) controlClusters(w http.ResponseWriter, r *http.Request) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []controlCluster{}
	stamp := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format(time.RFC3339Nano)
	}
	for _, c := range s.st.clusters {
		cc := controlCluster{ID: c.uuid, Org: s.st.org(c.orgUUID).slug, Name: c.name, Deleted: c.deleted,
			DefaultQueue: c.defaultQueue, Queues: []controlClusterQueue{}, Tokens: []controlClusterToken{}}
		for _, q := range c.queues {
			cc.Queues = append(cc.Queues, controlClusterQueue{ID: q.uuid, Key: q.key, Paused: q.pausedAt != nil})
		}
		for _, t := range c.tokens {
			cc.Tokens = append(cc.Tokens, controlClusterToken{ID: t.uuid, Description: t.description,
				AllowedIPAddresses: t.allowedIPs, ExpiresAt: stamp(t.expiresAt), RevokedAt: stamp(t.revokedAt)})
		}
		out = append(out, cc)
	}
	return http.StatusOK, out, nil
}

// maxClockAdvance bounds how far POST /_mock/clock moves the clock in total.
const maxClockAdvance = 100 * 365 * 24 * time.Hour

type clockRequest struct {
	Advance string `json:"advance"` // a Go duration, e.g. "20m" or "43800h"
}

type clockResponse struct {
	Now string `json:"now"`
}

// controlClock moves the mock's clock forward (never back), so that expiry
// can be shown: tokens past their expires_at stop registering agents.
func (s *Server) controlClock(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var req clockRequest
	if err := decodeJSON(w, r, maxJSONBody, &req); err != nil {
		return 0, nil, err
	}
	d, err := time.ParseDuration(req.Advance)
	if err != nil || d <= 0 {
		return 0, nil, badState("advance must be a positive duration such as \"20m\" or \"43800h\", got %q", req.Advance)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.clockOffset+d > maxClockAdvance {
		return 0, nil, badState("the mock's clock moves at most %s forward in total", maxClockAdvance)
	}
	s.st.clockOffset += d
	return http.StatusOK, clockResponse{Now: s.st.now().UTC().Format(time.RFC3339)}, nil
}
