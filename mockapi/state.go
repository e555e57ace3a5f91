package mockapi

import (
	"cmp"
	"crypto/sha256"
	"crypto/subtle"
	"net/netip"
	"slices"
	"time"

	"github.com/docproof/docproof/mockapi/graphql"
)

// Limits that keep the mock's memory bounded.
const (
	maxJSONBody      = 1 << 20   // 1 MiB for any JSON request
	maxChunkBody     = 5 << 20   // 5 MiB compressed or decoded chunk
	maxJobLog        = 1 << 30   // log bytes per job (the documented 1 GiB), held gzip-compressed
	maxHeldLog       = 512 << 20 // compressed log bytes held by one mock, all jobs
	maxInlineLog     = 16 << 20  // logs GET /_mock/jobs/{id} inlines; larger: its log_url
	maxArtifactBytes = 10 << 20  // one uploaded artifact file
	maxAgentsPerOrg  = 10000
	maxJobs          = 20000
	maxPerBuild      = 10000 // meta-data keys, annotations, artifacts each
	maxChunksPerJob  = 100000
	chunkMaxSize     = 100 << 10
)

type tokenKind int

const (
	kindAPI tokenKind = iota + 1
	kindRegistration
	kindSession
	kindJob
	kindClusterAgentToken // id: the cluster token's uuid
)

// tokenRef is what a token value resolves to: its kind and the id of the
// record it belongs to (org uuid, agent token uuid, agent id or job id).
type tokenRef struct {
	kind  tokenKind
	id    string
	value string
}

type orgRec struct {
	uuid, slug, name string
	apiToken         string
	defaultToken     string // uuid of the default agent token
}

type agentState string

const (
	agentRegistered   agentState = "registered"
	agentConnected    agentState = "connected"
	agentDisconnected agentState = "disconnected"
)

type agentRec struct {
	id, name, hostname string
	orgUUID, tokenUUID string
	clusterUUID        string     // "" for an agent of an unclustered (bkar_) token
	remoteIP           netip.Addr // the address it registered from
	session            string
	tags, queues       []string
	state              agentState
	ignoreDispatch     bool
	action             string // one-shot ping action ("disconnect") set through the control API
	paused             bool   // pinged with "pause" (and given no job) until resumed
	pauseNote          string // note of `buildkite-agent pause`
	pauseUntil         time.Time
	stopRequested      bool   // `buildkite-agent stop`: ping "disconnect" once no job runs
	jobID              string // job assigned to or held by this agent
	version            string
	registeredAt       time.Time
	lastHeartbeat      time.Time
}

type buildRec struct {
	id, orgUUID, pipeline string
	clusterUUID           string // "" for the legacy, unclustered builds
	number                int
	meta                  map[string]string // nil until the first key is set
	annotations           []*annotationRec
	artifacts             []*artifactRec
	batches               map[string][]string // artifact batch id → artifact ids; nil until the first
	pipelines             []*pipelineUpload
	canceled              bool // POST /v3/builds/{id}/cancel was called
}

// Job states.
const (
	jobScheduled = "scheduled"
	jobAssigned  = "assigned"
	jobAccepted  = "accepted"
	jobRunning   = "running"
	jobCanceling = "canceling"
	jobFinished  = "finished"
	jobCanceled  = "canceled"
)

type chunkRec struct {
	seq, offset, size int    // size: decoded bytes
	gz                []byte // the bytes, gzip-compressed
}

type jobRec struct {
	id, buildID, orgUUID     string
	clusterUUID              string // its build's cluster; "" when unclustered
	pipeline, queue          string
	label, command           string
	extraEnv                 map[string]string
	state                    string
	started                  bool
	agentID                  string
	token                    string
	exitStatus, signal       string
	signalReason             string
	chunksFailed             int
	chunks                   map[int]*chunkRec // by sequence; nil until the first (so are headerTimes and updates)
	spans                    []*chunkRec       // the same, sorted by offset
	logBytes                 int
	headerTimes              map[string]string
	updates                  map[string]string
	runnableAt, startedAt    time.Time
	finishedAt, acceptedTime time.Time
	stepID, stepKey          string            // the job's step (one job per step in the mock)
	stepAttrs                map[string]string // attributes set with PUT /v3/steps/{id}; nil until the first
	stepUpdateIDs            map[string]bool   // idempotency_uuid values already applied
	promise                  *promiseRec       // PUT /v3/jobs/{id}/promise_failure
}

func (j *jobRec) terminal() bool { return j.state == jobFinished || j.state == jobCanceled }

// state is everything the mock knows. It is not safe for concurrent use; the
// Server guards it with one mutex.
type state struct {
	gen         *idGen
	now         func() time.Time // the injected clock plus clockOffset
	clockOffset time.Duration    // moved forward by POST /_mock/clock
	jobTokens   bool

	orgs          []*orgRec               // seeded order
	apiTokens     map[string]*apiTokenRec // by uuid
	clusters      []*clusterRec           // creation order, deleted ones kept (marked)
	agentTokens   []*graphql.AgentToken
	agents        map[string]*agentRec
	agentOrder    []string       // registration order
	agentCount    map[string]int // per org
	builds        map[string]*buildRec
	jobs          map[string]*jobRec
	jobOrder      []string // dispatch order
	pipelineSeq   map[string]int
	uploads       map[string]*pipelineUpload // by upload uuid
	artifactBytes int
	logBytes      int64 // compressed log bytes held, all jobs
	secrets       []*secretRec
	faults        map[string]*fault // by route pattern
	tokens        map[[32]byte]tokenRef
	issued        *[]string // shared across resets
	issuedSet     map[string]bool
}

// newState builds the seeded fixture. seeded holds the fixture's token
// values for seed (seededTokens), derived once per Prototype.
func newState(seed int64, now func() time.Time, jobTokens bool, issued *[]string, issuedSet map[string]bool, seeded *seededTokens) *state {
	st := &state{
		gen: newIDGen(seed), jobTokens: jobTokens,
		agents: map[string]*agentRec{}, agentCount: map[string]int{}, builds: map[string]*buildRec{},
		jobs: map[string]*jobRec{}, apiTokens: map[string]*apiTokenRec{}, uploads: map[string]*pipelineUpload{}, pipelineSeq: map[string]int{}, tokens: map[[32]byte]tokenRef{},
		issued: issued, issuedSet: issuedSet,
	}
	st.now = func() time.Time { return now().Add(st.clockOffset) }
	created := now().UTC()
	for i, fo := range seeded.fixture {
		org := &orgRec{uuid: fo.uuid, slug: fo.slug, name: fo.name, defaultToken: fo.defaultTokenUUID}
		api, reg := seeded.orgs[i][0], seeded.orgs[i][1]
		st.gen.skip("token:" + prefixAPI) // as if api were derived here
		org.apiToken = api.value
		st.addAPIToken(seeded.clusters[i].fixture.apiTokenUUID, org.uuid, "Seeded API token", seededScopes, api)
		st.orgs = append(st.orgs, org)
		st.gen.skip("token:" + prefixRegistration)
		t := &graphql.AgentToken{UUID: fo.defaultTokenUUID, OrgUUID: fo.uuid, Description: "Default", CreatedAt: created, Value: reg.value}
		st.agentTokens = append(st.agentTokens, t)
		st.addTokenSum(kindRegistration, t.UUID, reg)
		type seededJob struct {
			fixtureJob
			build *buildRec
		}
		var buf [8]seededJob
		jobs := buf[:0]
		for _, fb := range fo.builds {
			b := st.addBuild(fb.id, fo.uuid, fb.pipeline, fb.number)
			for _, fj := range fb.jobs {
				jobs = append(jobs, seededJob{fj, b})
			}
		}
		slices.SortStableFunc(jobs, func(a, b seededJob) int { return cmp.Compare(a.rank, b.rank) })
		for _, j := range jobs {
			st.addJob(j.id, j.build, "default", j.label, j.command, nil)
		}
	}
	st.seedClusters(seeded)
	return st
}

// seededToken is a token value of the fixture with its SHA-256 (the key of
// state.tokens).
type seededToken struct {
	value string
	sum   [32]byte
}

// seededTokens are the fixture's token values for one seed: per organization
// (fixtureOrgs order) its API token, then its default registration token.
type seededTokens struct {
	fixture  []fixtureOrg // fixtureOrgs(), made once and only read
	orgs     [][2]seededToken
	clusters []seededCluster // per organization, derived after orgs
}

// newSeededTokens derives the fixture's token values for seed, in the order
// and with the labels newState's idGen counts them.
func newSeededTokens(seed int64) *seededTokens {
	gen := newIDGen(seed)
	out := &seededTokens{fixture: fixtureOrgs()}
	for range out.fixture {
		api := gen.token(prefixAPI, bodyLenAPI)
		reg := gen.token(prefixRegistration, bodyLenRegistration)
		out.orgs = append(out.orgs, [2]seededToken{
			{value: api, sum: sha256.Sum256([]byte(api))},
			{value: reg, sum: sha256.Sum256([]byte(reg))},
		})
	}
	for _, fc := range fixtureClusters() {
		ct := gen.token(prefixCluster, bodyLenRegistration)
		ro := gen.token(prefixAPI, bodyLenAPI)
		out.clusters = append(out.clusters, seededCluster{fixture: fc,
			token:    seededToken{value: ct, sum: sha256.Sum256([]byte(ct))},
			readOnly: seededToken{value: ro, sum: sha256.Sum256([]byte(ro))}})
	}
	return out
}

// addTokenSum is addToken for a value whose SHA-256 is known.
func (st *state) addTokenSum(kind tokenKind, id string, t seededToken) {
	st.tokens[t.sum] = tokenRef{kind: kind, id: id, value: t.value}
	st.issue(t.value)
}

func (st *state) addToken(kind tokenKind, id, value string) {
	st.tokens[sha256.Sum256([]byte(value))] = tokenRef{kind: kind, id: id, value: value}
	st.issue(value)
}

// lookup resolves a token value: a map lookup by its SHA-256, then a
// constant-time comparison of the stored value.
func (st *state) lookup(value string) (tokenRef, bool) {
	if value == "" {
		return tokenRef{}, false
	}
	ref, ok := st.tokens[sha256.Sum256([]byte(value))]
	if !ok || subtle.ConstantTimeCompare([]byte(ref.value), []byte(value)) != 1 {
		return tokenRef{}, false
	}
	return ref, true
}

func (st *state) addAgentToken(uuid, orgUUID, description string, public bool, created time.Time) *graphql.AgentToken {
	t := &graphql.AgentToken{
		UUID: uuid, OrgUUID: orgUUID, Description: description, Public: public, CreatedAt: created,
		Value: st.gen.token(prefixRegistration, bodyLenRegistration),
	}
	st.agentTokens = append(st.agentTokens, t)
	st.addToken(kindRegistration, uuid, t.Value)
	return t
}

func (st *state) addBuild(id, orgUUID, pipeline string, number int) *buildRec {
	b := &buildRec{id: id, orgUUID: orgUUID, pipeline: pipeline, number: number}
	st.builds[id] = b
	key := orgUUID + "/" + pipeline
	if number > st.pipelineSeq[key] {
		st.pipelineSeq[key] = number
	}
	return b
}

func (st *state) addJob(id string, b *buildRec, queue, label, command string, env map[string]string) *jobRec {
	j := &jobRec{id: id, buildID: b.id, orgUUID: b.orgUUID, clusterUUID: b.clusterUUID, pipeline: b.pipeline, queue: queue,
		label: label, command: command, extraEnv: env, state: jobScheduled,
		runnableAt: st.now().UTC(), stepID: st.gen.uuid("step")}
	st.jobs[id] = j
	st.jobOrder = append(st.jobOrder, id)
	return j
}

func (st *state) org(uuid string) *orgRec {
	for _, o := range st.orgs {
		if o.uuid == uuid {
			return o
		}
	}
	return nil
}

func (st *state) orgBySlug(slug string) *orgRec {
	for _, o := range st.orgs {
		if o.slug == slug {
			return o
		}
	}
	return nil
}

func (st *state) agentToken(uuid string) *graphql.AgentToken {
	for _, t := range st.agentTokens {
		if t.UUID == uuid {
			return t
		}
	}
	return nil
}
