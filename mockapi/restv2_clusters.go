package mockapi

import (
	"net/http"
	"strings"
)

// restClusterBody is a cluster as the REST API shows it.
type restClusterBody struct {
	ID              string          `json:"id"`
	GraphQLID       string          `json:"graphql_id"`
	DefaultQueueID  *string         `json:"default_queue_id"`
	Name            string          `json:"name"`
	Description     *string         `json:"description"`
	Emoji           *string         `json:"emoji"`
	Color           *string         `json:"color"`
	Maintainers     restMaintainers `json:"maintainers"`
	URL             string          `json:"url"`
	WebURL          string          `json:"web_url"`
	DefaultQueueURL *string         `json:"default_queue_url"`
	QueuesURL       string          `json:"queues_url"`
	CreatedAt       string          `json:"created_at"`
	CreatedBy       restUser        `json:"created_by"`
	HostedGitMirror bool            `json:"hosted_git_mirror_enabled"`
	HostedCache     bool            `json:"hosted_container_cache_enabled"`
}

// restMaintainers lists a cluster's maintainers; the mock has none.
type restMaintainers struct {
	Users []any `json:"users"`
	Teams []any `json:"teams"`
}

func (s *Server) clusterURL(org *orgRec, c *clusterRec) string {
	return s.restBase() + "/organizations/" + org.slug + "/clusters/" + c.uuid
}

func (s *Server) clusterBody(org *orgRec, c *clusterRec) restClusterBody {
	u := s.clusterURL(org, c)
	b := restClusterBody{
		ID: c.uuid, GraphQLID: nodeID("Cluster", c.uuid), Name: c.name,
		Description: optText(c.description), Emoji: optText(c.emoji), Color: optText(c.color),
		Maintainers: restMaintainers{Users: []any{}, Teams: []any{}},
		URL:         u, WebURL: s.webBase() + "/organizations/" + org.slug + "/clusters/" + c.uuid,
		QueuesURL: u + "/queues", CreatedAt: restTime(c.createdAt), CreatedBy: adminUser(org, c.createdAt),
	}
	if c.defaultQueue != "" {
		qu := u + "/queues/" + c.defaultQueue
		b.DefaultQueueID, b.DefaultQueueURL = &c.defaultQueue, &qu
	}
	return b
}

// clusterRequest is the body of a cluster create or update.
type clusterRequest struct {
	Name           *string `json:"name"`
	Description    *string `json:"description"`
	Emoji          *string `json:"emoji"`
	Color          *string `json:"color"`
	DefaultQueueID *string `json:"default_queue_id"`
}

func (req clusterRequest) input() clusterInput {
	return clusterInput(req)
}

func (s *Server) clusterList(w http.ResponseWriter, r *http.Request) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	org, _, err := s.st.restOrg(r, scopeReadClusters)
	if err != nil {
		return 0, nil, err
	}
	all := s.st.clustersOf(org.uuid)
	start, end := paginate(w, r, s.restBase(), len(all))
	out := make([]restClusterBody, 0, end-start)
	for _, c := range all[start:end] {
		out = append(out, s.clusterBody(org, c))
	}
	return http.StatusOK, out, nil
}

func (s *Server) clusterGet(w http.ResponseWriter, r *http.Request) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	org, c, err := s.st.restCluster(r, scopeReadClusters)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, s.clusterBody(org, c), nil
}

func (s *Server) clusterCreate(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return 0, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	org, _, err := s.st.restOrg(r, scopeWriteClusters)
	if err != nil {
		return 0, nil, err
	}
	var req clusterRequest
	if err := parseJSON(body, &req); err != nil {
		return 0, nil, err
	}
	if req.DefaultQueueID != nil {
		return 0, nil, badState("Validation failed: a new cluster has no queues; set default_queue_id with an update")
	}
	c, err := s.st.createCluster(org.uuid, req.input())
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, s.clusterBody(org, c), nil
}

func (s *Server) clusterUpdate(w http.ResponseWriter, r *http.Request) (int, any, error) {
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
	var req clusterRequest
	if err := parseJSON(body, &req); err != nil {
		return 0, nil, err
	}
	if err := s.st.updateCluster(c, req.input()); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, s.clusterBody(org, c), nil
}

func (s *Server) clusterDelete(w http.ResponseWriter, r *http.Request) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, c, err := s.st.restCluster(r, scopeWriteClusters)
	if err != nil {
		return 0, nil, err
	}
	s.st.deleteCluster(c)
	return http.StatusNoContent, nil, nil
}

// restQueueBody is a cluster queue as the REST API shows it.
type restQueueBody struct {
	ID                 string    `json:"id"`
	GraphQLID          string    `json:"graphql_id"`
	Key                string    `json:"key"`
	Description        *string   `json:"description"`
	URL                string    `json:"url"`
	WebURL             string    `json:"web_url"`
	ClusterURL         string    `json:"cluster_url"`
	RetryAgentAffinity string    `json:"retry_agent_affinity"`
	DispatchPaused     bool      `json:"dispatch_paused"`
	DispatchPausedBy   *restUser `json:"dispatch_paused_by"`
	DispatchPausedAt   *string   `json:"dispatch_paused_at"`
	DispatchPausedNote *string   `json:"dispatch_paused_note"`
	CreatedAt          string    `json:"created_at"`
	CreatedBy          restUser  `json:"created_by"`
}

func (s *Server) queueBody(org *orgRec, c *clusterRec, q *queueRec) restQueueBody {
	cu := s.clusterURL(org, c)
	b := restQueueBody{
		ID: q.uuid, GraphQLID: nodeID("ClusterQueue", q.uuid), Key: q.key, Description: optText(q.description),
		URL: cu + "/queues/" + q.uuid, WebURL: s.webBase() + "/organizations/" + org.slug + "/clusters/" + c.uuid + "/queues/" + q.uuid,
		ClusterURL: cu, RetryAgentAffinity: q.retryAgentAffinity, DispatchPaused: q.pausedAt != nil,
		DispatchPausedAt: optRESTTime(q.pausedAt), CreatedAt: restTime(q.createdAt), CreatedBy: adminUser(org, q.createdAt),
	}
	if q.pausedAt != nil {
		by := adminUser(org, *q.pausedAt)
		b.DispatchPausedBy, b.DispatchPausedNote = &by, &q.pausedNote
	}
	return b
}

// queueRequest is the body of a queue create or update.
type queueRequest struct {
	Key                *string `json:"key"`
	Description        *string `json:"description"`
	RetryAgentAffinity *string `json:"retry_agent_affinity"`
	DispatchPausedNote string  `json:"dispatch_paused_note"`
}

func (s *Server) queueList(w http.ResponseWriter, r *http.Request) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	org, c, err := s.st.restCluster(r, scopeReadClusters)
	if err != nil {
		return 0, nil, err
	}
	start, end := paginate(w, r, s.restBase(), len(c.queues))
	out := make([]restQueueBody, 0, end-start)
	for _, q := range c.queues[start:end] {
		out = append(out, s.queueBody(org, c, q))
	}
	return http.StatusOK, out, nil
}

// restQueue is restCluster plus the queue named in the path.
func (s *Server) restQueue(r *http.Request, scope string) (*orgRec, *clusterRec, *queueRec, error) {
	org, c, err := s.st.restCluster(r, scope)
	if err != nil {
		return nil, nil, nil, err
	}
	q := c.queue(r.PathValue("queue"))
	if q == nil {
		return nil, nil, nil, notFound(msgRESTNotFound)
	}
	return org, c, q, nil
}

func (s *Server) queueGet(w http.ResponseWriter, r *http.Request) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	org, c, q, err := s.restQueue(r, scopeReadClusters)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, s.queueBody(org, c, q), nil
}

func (s *Server) queueCreate(w http.ResponseWriter, r *http.Request) (int, any, error) {
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
	var req queueRequest
	if err := parseJSON(body, &req); err != nil {
		return 0, nil, err
	}
	q, err := s.st.createQueue(c, deref(req.Key), deref(req.Description), deref(req.RetryAgentAffinity))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, s.queueBody(org, c, q), nil
}

// queueUpdate changes a queue's description and retry affinity; its key can
// not change.
func (s *Server) queueUpdate(w http.ResponseWriter, r *http.Request) (int, any, error) {
	return s.queueChange(w, r, func(q *queueRec, req queueRequest) error {
		if req.Key != nil && *req.Key != q.key {
			return badState("Validation failed: Key can not be changed")
		}
		if req.RetryAgentAffinity != nil {
			if !contains(retryAffinities, *req.RetryAgentAffinity) {
				return badState("Validation failed: Retry agent affinity must be one of %s", strings.Join(retryAffinities, ", "))
			}
			q.retryAgentAffinity = *req.RetryAgentAffinity
		}
		if req.Description != nil {
			q.description = *req.Description
		}
		return nil
	})
}

func (s *Server) queuePause(w http.ResponseWriter, r *http.Request) (int, any, error) {
	return s.queueChange(w, r, func(q *queueRec, req queueRequest) error {
		if q.pausedAt != nil {
			return badState("Dispatch is already paused on this queue")
		}
		now := s.st.now().UTC()
		q.pausedAt, q.pausedNote = &now, req.DispatchPausedNote
		return nil
	})
}

func (s *Server) queueResume(w http.ResponseWriter, r *http.Request) (int, any, error) {
	return s.queueChange(w, r, func(q *queueRec, _ queueRequest) error {
		if q.pausedAt == nil {
			return badState("Dispatch is not paused on this queue")
		}
		q.pausedAt, q.pausedNote = nil, ""
		return nil
	})
}

// queueChange applies change to the queue in the path, with write_clusters.
func (s *Server) queueChange(w http.ResponseWriter, r *http.Request, change func(*queueRec, queueRequest) error) (int, any, error) {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return 0, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	org, c, q, err := s.restQueue(r, scopeWriteClusters)
	if err != nil {
		return 0, nil, err
	}
	var req queueRequest
	if err := parseJSON(body, &req); err != nil {
		return 0, nil, err
	}
	if err := change(q, req); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, s.queueBody(org, c, q), nil
}

func (s *Server) queueDelete(w http.ResponseWriter, r *http.Request) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, c, q, err := s.restQueue(r, scopeWriteClusters)
	if err != nil {
		return 0, nil, err
	}
	if err := s.st.deleteQueue(c, q); err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, nil
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
