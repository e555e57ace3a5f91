package mockapi

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
)

// Intervals the register response hands the agent, in seconds. They must be
// positive (a zero interval crashes the agent); they are short so that a real
// agent under test reacts within a second or two.
const (
	pingInterval      = 1
	jobStatusInterval = 1
	heartbeatInterval = 5
)

type registerRequest struct {
	Name               string   `json:"name"`
	Hostname           string   `json:"hostname"`
	Version            string   `json:"version"`
	MetaData           []string `json:"meta_data"`
	IgnoreInDispatches bool     `json:"ignore_in_dispatches"`
}

type registerResponse struct {
	ID                string            `json:"id"`
	Name              string            `json:"name"`
	AccessToken       string            `json:"access_token,omitempty"`
	SessionToken      string            `json:"session_token,omitempty"`
	Endpoint          string            `json:"endpoint"`
	RequestHeaders    map[string]string `json:"request_headers"`
	PingInterval      int               `json:"ping_interval"`
	JobStatusInterval int               `json:"job_status_interval"`
	HeartbeatInterval int               `json:"heartbeat_interval"`
	MetaData          []string          `json:"meta_data"`
}

func (s *Server) register(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return 0, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	p, err := st.authenticate(r)
	if err != nil {
		return 0, nil, err
	}
	if err := needRegistration(p, s.drifted(DriftRevokedTokenRegisters)); err != nil {
		return 0, nil, err
	}
	from := remoteAddr(r.RemoteAddr)
	if p.ctoken != nil && !s.drifted(DriftRevokedTokenRegisters) {
		if err := p.ctoken.usable(st.now(), from); err != nil {
			return 0, nil, err
		}
	}
	var req registerRequest
	if err := parseJSON(body, &req); err != nil {
		return 0, nil, err
	}
	tokenUUID, clusterUUID, queues := "", "", queuesOf(req.MetaData)
	if p.ctoken != nil {
		q, err := clusterQueueFor(p.ctoken.cluster, req.MetaData)
		if err != nil {
			return 0, nil, err
		}
		tokenUUID, clusterUUID, queues = p.ctoken.uuid, p.ctoken.cluster.uuid, []string{q.key}
	} else {
		tokenUUID = p.token.UUID
	}
	if st.agentCount[p.org.uuid] >= maxAgentsPerOrg {
		return 0, nil, forbidden("This organization has reached the mock's limit of %d agents", maxAgentsPerOrg)
	}
	st.agentCount[p.org.uuid]++
	a := &agentRec{
		id: st.gen.uuid("agent"), name: req.Name, hostname: req.Hostname,
		orgUUID: p.org.uuid, tokenUUID: tokenUUID, clusterUUID: clusterUUID, remoteIP: from,
		session: st.gen.token(prefixSession, bodyLenSession),
		tags:    append([]string{}, req.MetaData...), queues: queues,
		state: agentRegistered, ignoreDispatch: req.IgnoreInDispatches, version: req.Version,
		registeredAt: st.now().UTC(),
	}
	if a.name == "" {
		host := a.hostname
		if host == "" {
			host = "agent"
		}
		a.name = fmt.Sprintf("%s-%d", host, st.agentCount[p.org.uuid])
	}
	st.agents[a.id] = a
	st.agentOrder = append(st.agentOrder, a.id)
	st.addToken(kindSession, a.id, a.session)
	resp := registerResponse{
		ID: a.id, Name: a.name, RequestHeaders: map[string]string{},
		PingInterval: pingInterval, JobStatusInterval: jobStatusInterval, HeartbeatInterval: heartbeatInterval,
		MetaData: a.tags,
	}
	if s.drifted(DriftRegisterFieldRename) {
		resp.SessionToken = a.session
	} else {
		resp.AccessToken = a.session
	}
	status := http.StatusOK
	if s.drifted(DriftRegisterStatus) {
		status = http.StatusCreated
	}
	return status, resp, nil
}

// queuesOf returns the queue tags (queue=NAME) of an agent, or "default".
func queuesOf(tags []string) []string {
	var qs []string
	for _, t := range tags {
		if q, ok := strings.CutPrefix(t, "queue="); ok && q != "" {
			qs = append(qs, q)
		}
	}
	if len(qs) == 0 {
		qs = []string{"default"}
	}
	return qs
}

type connectionResponse struct {
	ID              string     `json:"id"`
	Name            string     `json:"name"`
	ConnectionState agentState `json:"connection_state"`
}

func (s *Server) connect(w http.ResponseWriter, r *http.Request) (int, any, error) {
	return s.agentCall(r, func(st *state, a *agentRec) (any, error) {
		a.state = agentConnected
		return connectionResponse{ID: a.id, Name: a.name, ConnectionState: a.state}, nil
	})
}

func (s *Server) disconnect(w http.ResponseWriter, r *http.Request) (int, any, error) {
	return s.agentCall(r, func(st *state, a *agentRec) (any, error) {
		a.state = agentDisconnected
		if j := st.jobs[a.jobID]; j != nil && j.state == jobAssigned {
			j.state, j.agentID, a.jobID = jobScheduled, "", ""
		}
		return connectionResponse{ID: a.id, Name: a.name, ConnectionState: a.state}, nil
	})
}

type heartbeatBody struct {
	SentAt     string `json:"sent_at"`
	ReceivedAt string `json:"received_at,omitempty"`
}

func (s *Server) heartbeat(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return 0, nil, err
	}
	return s.agentCall(r, func(st *state, a *agentRec) (any, error) {
		var req heartbeatBody
		if err := parseJSON(body, &req); err != nil {
			return nil, err
		}
		now := st.now().UTC()
		a.lastHeartbeat = now
		return heartbeatBody{SentAt: req.SentAt, ReceivedAt: now.Format(time.RFC3339Nano)}, nil
	})
}

type pingJob struct {
	ID string `json:"id"`
}

type pingResponse struct {
	Action  string   `json:"action,omitempty"`
	Message string   `json:"message,omitempty"`
	Job     *pingJob `json:"job,omitempty"`
}

func (s *Server) ping(w http.ResponseWriter, r *http.Request) (int, any, error) {
	return s.agentCall(r, func(st *state, a *agentRec) (any, error) {
		if a.state != agentConnected {
			return nil, badState("The agent is not connected: POST /v3/connect before pinging")
		}
		if resp := st.pingAction(a); resp.Action != "" {
			return resp, nil
		}
		if j := st.jobs[a.jobID]; j != nil && !j.terminal() {
			return pingResponse{Action: "idle"}, nil
		}
		a.jobID = ""
		if a.ignoreDispatch {
			return pingResponse{Action: "idle"}, nil
		}
		for _, id := range st.jobOrder {
			j := st.jobs[id]
			if j.state == jobScheduled && j.orgUUID == a.orgUUID && j.clusterUUID == a.clusterUUID && contains(a.queues, j.queue) && !st.queuePaused(j) {
				j.state, j.agentID, a.jobID = jobAssigned, a.id, j.id
				return pingResponse{Job: &pingJob{ID: j.id}}, nil
			}
		}
		return pingResponse{Action: "idle"}, nil
	})
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// agentCall runs fn for a request authenticated by an agent session token.
func (s *Server) agentCall(r *http.Request, fn func(*state, *agentRec) (any, error)) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.st.authenticate(r)
	if err != nil {
		return 0, nil, err
	}
	a, err := needAgent(p)
	if err != nil {
		return 0, nil, err
	}
	body, err := fn(s.st, a)
	return http.StatusOK, body, err
}

type counts struct {
	Idle  int `json:"idle"`
	Busy  int `json:"busy"`
	Total int `json:"total"`
}

type agentMetrics struct {
	counts
	Queues map[string]*counts `json:"queues"`
}

type jobCounts struct {
	Scheduled int `json:"scheduled"`
	Running   int `json:"running"`
	Waiting   int `json:"waiting"`
	Total     int `json:"total"`
}

type jobMetrics struct {
	jobCounts
	Queues map[string]*jobCounts `json:"queues"`
}

type metricsResponse struct {
	Agents       agentMetrics      `json:"agents"`
	Jobs         jobMetrics        `json:"jobs"`
	Organization map[string]string `json:"organization"`
}

func (s *Server) metrics(w http.ResponseWriter, r *http.Request) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	p, err := st.authenticate(r)
	if err != nil {
		return 0, nil, err
	}
	if err := needRegistration(p, false); err != nil {
		return 0, nil, err
	}
	m := metricsResponse{
		Agents:       agentMetrics{Queues: map[string]*counts{}},
		Jobs:         jobMetrics{Queues: map[string]*jobCounts{}},
		Organization: map[string]string{"slug": p.org.slug},
	}
	for _, a := range st.agents {
		if a.orgUUID != p.org.uuid || a.clusterUUID != p.clusterUUID() || a.state != agentConnected {
			continue
		}
		j := st.jobs[a.jobID]
		busy := j != nil && !j.terminal() && j.state != jobAssigned
		for _, c := range []*counts{&m.Agents.counts, queueCounts(m.Agents.Queues, a.queues[0])} {
			c.Total++
			if busy {
				c.Busy++
			} else {
				c.Idle++
			}
		}
	}
	for _, j := range st.jobs {
		if j.orgUUID != p.org.uuid || j.clusterUUID != p.clusterUUID() || j.terminal() {
			continue
		}
		q := m.Jobs.Queues[j.queue]
		if q == nil {
			q = &jobCounts{}
			m.Jobs.Queues[j.queue] = q
		}
		for _, c := range []*jobCounts{&m.Jobs.jobCounts, q} {
			c.Total++
			if j.state == jobScheduled || j.state == jobAssigned {
				c.Scheduled++
			} else {
				c.Running++
			}
		}
	}
	return http.StatusOK, m, nil
}

func queueCounts(m map[string]*counts, q string) *counts {
	if m[q] == nil {
		m[q] = &counts{}
	}
	return m[q]
}

type tokenResponse struct {
	UUID                  string `json:"uuid"`
	Description           string `json:"description"`
	TokenType             string `json:"token_type"`
	OrganizationSlug      string `json:"organization_slug"`
	OrganizationUUID      string `json:"organization_uuid"`
	ClusterUUID           string `json:"cluster_uuid"`
	ClusterName           string `json:"cluster_name"`
	OrganizationQueueUUID string `json:"organization_queue_uuid"`
	OrganizationQueueKey  string `json:"organization_queue_key"`
}

func (s *Server) tokenIdentity(w http.ResponseWriter, r *http.Request) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.st.authenticate(r)
	if err != nil {
		return 0, nil, err
	}
	st, kind, tokenUUID := s.st, "registration", ""
	switch p.kind {
	case kindRegistration:
		if err := needRegistration(p, false); err != nil {
			return 0, nil, err
		}
		if p.ctoken != nil {
			tokenUUID = p.ctoken.uuid
		} else {
			tokenUUID = p.token.UUID
		}
	case kindSession:
		kind, tokenUUID = "session", p.agent.tokenUUID
	default:
		return 0, nil, wrongKind(p)
	}
	resp := tokenResponse{TokenType: kind, OrganizationSlug: p.org.slug, OrganizationUUID: p.org.uuid, UUID: tokenUUID}
	if t := st.agentToken(tokenUUID); t != nil {
		resp.Description = t.Description
	} else if t := st.clusterTokenByUUID(tokenUUID); t != nil {
		resp.Description, resp.ClusterUUID, resp.ClusterName = t.description, t.cluster.uuid, t.cluster.name
		if p.agent != nil {
			if q := t.cluster.queueByKey(p.agent.queues[0]); q != nil {
				resp.OrganizationQueueUUID, resp.OrganizationQueueKey = q.uuid, q.key
			}
		}
	}
	return http.StatusOK, resp, nil
}

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
