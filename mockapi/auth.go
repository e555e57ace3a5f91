package mockapi

import (
	"net/http"
	"strings"

	"github.com/docproof/docproof/mockapi/graphql"
)

// principal is who a request's token says the caller is. Exactly one of
// token, agent or job is set, matching kind.
type principal struct {
	kind   tokenKind
	org    *orgRec
	token  *graphql.AgentToken // unclustered registration token
	ctoken *clusterTokenRec    // cluster agent token (kind is kindRegistration too)
	agent  *agentRec           // session token
	job    *jobRec             // job token
}

// revoked reports whether p's registration token has been revoked.
func (p principal) revoked() bool {
	if p.ctoken != nil {
		return p.ctoken.revokedAt != nil || p.ctoken.cluster.deleted
	}
	return p.token.RevokedAt != nil
}

// clusterUUID is the cluster p acts in: "" for unclustered tokens, agents
// and jobs.
func (p principal) clusterUUID() string {
	switch {
	case p.ctoken != nil:
		return p.ctoken.cluster.uuid
	case p.agent != nil:
		return p.agent.clusterUUID
	case p.job != nil:
		return p.job.clusterUUID
	}
	return ""
}

const msgInvalidToken = "Invalid access token"

// agentAPIToken returns the token of an `Authorization: Token <token>` header.
func agentAPIToken(r *http.Request) (string, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", unauthorized("Missing Authorization header: send \"Authorization: Token <token>\"")
	}
	scheme, value, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Token") {
		return "", unauthorized("The agent API expects \"Authorization: Token <token>\"")
	}
	return strings.TrimSpace(value), nil
}

// authenticate resolves the agent API token of r. Session tokens of
// disconnected agents and job tokens of finished jobs are refused here; a
// revoked registration token is resolved (only register and metrics refuse it,
// so drift can re-allow it).
func (st *state) authenticate(r *http.Request) (principal, error) {
	value, err := agentAPIToken(r)
	if err != nil {
		return principal{}, err
	}
	ref, ok := st.lookup(value)
	if !ok {
		return principal{}, unauthorized("No token with this value exists: unknown, or issued by another mock")
	}
	switch ref.kind {
	case kindRegistration:
		t := st.agentToken(ref.id)
		return principal{kind: kindRegistration, org: st.org(t.OrgUUID), token: t}, nil
	case kindClusterAgentToken:
		t := st.clusterTokenByUUID(ref.id)
		return principal{kind: kindRegistration, org: st.org(t.cluster.orgUUID), ctoken: t}, nil
	case kindSession:
		a := st.agents[ref.id]
		if a.state == agentDisconnected {
			return principal{}, unauthorized("This agent access token is no longer valid: the agent has disconnected")
		}
		return principal{kind: kindSession, org: st.org(a.orgUUID), agent: a}, nil
	case kindJob:
		j := st.jobs[ref.id]
		if j.terminal() {
			return principal{}, unauthorized("This job token has expired: its job has finished")
		}
		return principal{kind: kindJob, org: st.org(j.orgUUID), job: j}, nil
	}
	return principal{}, unauthorized("API access tokens (bkua_) are for the REST and GraphQL APIs; the agent API takes agent tokens")
}

func wrongKind(p principal) error {
	switch p.kind {
	case kindRegistration:
		return unauthorized("A registration token can only register agents and read metrics; use the access token that POST /v3/register returned")
	case kindSession:
		return unauthorized("An agent access token can not be used here; use a registration token")
	default:
		return unauthorized("A job token can not be used here; it is for calls about jobs")
	}
}

// needRegistration accepts a registration token that is not revoked (or any,
// when allowRevoked).
func needRegistration(p principal, allowRevoked bool) error {
	if p.kind != kindRegistration {
		return wrongKind(p)
	}
	if p.revoked() && !allowRevoked {
		return unauthorized("This registration token has been revoked")
	}
	return nil
}

// needAgent accepts the session token of a registered agent.
func needAgent(p principal) (*agentRec, error) {
	if p.kind != kindSession {
		return nil, wrongKind(p)
	}
	return p.agent, nil
}

// findJob returns a job of p's organization; jobs of other organizations are
// not found.
func (st *state) findJob(p principal, id string) (*jobRec, error) {
	j := st.jobs[id]
	if j == nil || j.orgUUID != p.org.uuid {
		return nil, notFound("No job found with id %q", id)
	}
	if j.clusterUUID != p.clusterUUID() {
		return nil, forbidden("This token can only reach jobs of its own cluster")
	}
	return j, nil
}

// lifecycleJob authorizes a call on job id's lifecycle or logs: its own job
// token, or the session token of the agent holding it.
func (st *state) lifecycleJob(p principal, id string) (*jobRec, error) {
	if p.kind != kindJob && p.kind != kindSession {
		return nil, wrongKind(p)
	}
	j, err := st.findJob(p, id)
	if err != nil {
		return nil, err
	}
	switch {
	case p.kind == kindJob && p.job != j:
		return nil, forbidden("A job token can only start, update, finish or log its own job")
	case p.kind == kindSession && j.agentID != p.agent.id:
		return nil, forbidden("This job is not assigned to this agent")
	}
	return j, nil
}

// accessJob authorizes meta-data, annotation and artifact calls about job id:
// any job token or agent session token of the same organization (and a
// registration token when allowRegistration).
func (st *state) accessJob(p principal, id string, allowRegistration bool) (*jobRec, error) {
	if err := crossJobKind(p, allowRegistration); err != nil {
		return nil, err
	}
	return st.findJob(p, id)
}

// accessBuild is accessJob for a build id.
func (st *state) accessBuild(p principal, id string, allowRegistration bool) (*buildRec, error) {
	if err := crossJobKind(p, allowRegistration); err != nil {
		return nil, err
	}
	b := st.builds[id]
	if b == nil || b.orgUUID != p.org.uuid {
		return nil, notFound("No build found with id %q", id)
	}
	if b.clusterUUID != p.clusterUUID() {
		return nil, forbidden("This token can only reach builds of its own cluster")
	}
	return b, nil
}

func crossJobKind(p principal, allowRegistration bool) error {
	switch p.kind {
	case kindJob, kindSession:
		return nil
	case kindRegistration:
		if allowRegistration && !p.revoked() {
			return nil
		}
	}
	return wrongKind(p)
}
