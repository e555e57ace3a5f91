package mockapi

import (
	"net/http"
	"regexp"
	"strings"
)

// Buildkite secrets as `buildkite-agent secret get` reads them:
// GET /v3/jobs/{id}/secrets?key=K with the job's token. The control API sets
// them (POST /_mock/secrets) for an organization, or for one cluster of it;
// a job reads its cluster's secret of that key, else its organization's.
// Keys are case-insensitive, as on Buildkite.

const maxSecretValue = 64 << 10

var secretKeyRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,254}$`)

// secretRec is one secret. clusterID "" is organization-wide.
type secretRec struct {
	uuid, orgUUID, clusterID string
	key, value, description  string
}

type secretResponse struct {
	Key   string `json:"key"`
	Value string `json:"value"`
	UUID  string `json:"uuid"`
}

// getSecret answers a job's secret by key. An unknown key is 404 with the
// message the agent team's own fake API answers (method and url).
func (s *Server) getSecret(w http.ResponseWriter, r *http.Request) (int, any, error) {
	return s.jobCall(r, func(st *state, j *jobRec) (int, any, error) {
		if !j.started || j.terminal() {
			return 0, nil, badState("Secrets are only read while the job runs: it is %s", notRunning(j))
		}
		key := r.URL.Query().Get("key")
		var found *secretRec
		for _, sec := range st.secrets {
			if sec.orgUUID != j.orgUUID || !strings.EqualFold(sec.key, key) {
				continue
			}
			if sec.clusterID == "" && found == nil || sec.clusterID != "" && sec.clusterID == j.clusterUUID {
				found = sec
			}
		}
		if key == "" || found == nil {
			return 0, nil, notFound("Not Found: method = %s, url = %s", r.Method, r.URL.RequestURI())
		}
		return http.StatusOK, secretResponse{Key: found.key, Value: found.value, UUID: found.uuid}, nil
	})
}

type controlSecretRequest struct {
	Org         string `json:"org"`
	Cluster     string `json:"cluster"`
	Key         string `json:"key"`
	Value       string `json:"value"`
	Description string `json:"description"`
}

// controlSecret is what the control API shows of a secret: never its value.
type controlSecret struct {
	UUID             string `json:"uuid"`
	Key              string `json:"key"`
	Description      string `json:"description"`
	OrganizationSlug string `json:"organization_slug"`
	ClusterID        string `json:"cluster_id"`
}

// controlSetSecret creates a secret, or replaces the value of the one with
// the same key (case-insensitive) in the same organization and cluster.
func (s *Server) controlSetSecret(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var req controlSecretRequest
	if err := decodeJSON(w, r, maxJSONBody, &req); err != nil {
		return 0, nil, err
	}
	if !secretKeyRE.MatchString(req.Key) {
		return 0, nil, badState("key must be letters, digits and underscores, not starting with a digit, got %q", req.Key)
	}
	if req.Value == "" || len(req.Value) > maxSecretValue {
		return 0, nil, badState("value must be 1 to %d bytes", maxSecretValue)
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
	clusterUUID := ""
	if req.Cluster != "" {
		c := st.clusterByRef(org.uuid, req.Cluster)
		if c == nil {
			return 0, nil, notFound("No cluster %q in organization %q", req.Cluster, org.slug)
		}
		clusterUUID = c.uuid
	}
	var sec *secretRec
	for _, x := range st.secrets {
		if x.orgUUID == org.uuid && x.clusterID == clusterUUID && strings.EqualFold(x.key, req.Key) {
			sec = x
		}
	}
	status := http.StatusOK
	if sec == nil {
		if len(st.secrets) >= maxPerBuild {
			return 0, nil, forbidden("The mock holds at most %d secrets", maxPerBuild)
		}
		sec = &secretRec{uuid: st.gen.uuid("secret"), orgUUID: org.uuid, clusterID: clusterUUID}
		st.secrets = append(st.secrets, sec)
		status = http.StatusCreated
	}
	sec.key, sec.value, sec.description = req.Key, req.Value, req.Description
	st.issue(sec.value) // a secret value is never published either
	return status, st.controlSecret(sec), nil
}

func (st *state) controlSecret(sec *secretRec) controlSecret {
	return controlSecret{UUID: sec.uuid, Key: sec.key, Description: sec.description,
		OrganizationSlug: st.org(sec.orgUUID).slug, ClusterID: sec.clusterID}
}

func (s *Server) controlSecrets(w http.ResponseWriter, r *http.Request) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []controlSecret{}
	for _, sec := range s.st.secrets {
		out = append(out, s.st.controlSecret(sec))
	}
	return http.StatusOK, out, nil
}
