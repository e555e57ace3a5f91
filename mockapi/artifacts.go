package mockapi

import (
	"errors"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// Artifact files go to and come from these paths of the mock itself (no
// Authorization, like a pre-signed storage URL).
const (
	artifactUploadPath   = "/v3/_artifacts/upload"
	artifactDownloadPath = "/v3/_artifacts/"
	maxArtifactTotal     = 256 << 20 // stored artifact bytes per mock
	maxArtifactsPerBatch = 1000
)

type artifactRec struct {
	ID                string `json:"id"`
	JobID             string `json:"job_id"`
	Path              string `json:"path"`
	AbsolutePath      string `json:"absolute_path"`
	GlobPath          string `json:"glob_path"`
	FileSize          int64  `json:"file_size"`
	Sha1sum           string `json:"sha1sum"`
	Sha256sum         string `json:"sha256sum"`
	ContentType       string `json:"content_type"`
	State             string `json:"state"`
	URL               string `json:"url"`
	UploadDestination string `json:"upload_destination"`
	CreatedAt         string `json:"created_at"`
	batch             string
	content           []byte
	uploaded          bool
}

type artifactIn struct {
	Path         string `json:"path"`
	AbsolutePath string `json:"absolute_path"`
	GlobPath     string `json:"glob_path"`
	FileSize     int64  `json:"file_size"`
	Sha1sum      string `json:"sha1sum"`
	Sha256sum    string `json:"sha256sum"`
	ContentType  string `json:"content_type"`
}

type createArtifactsRequest struct {
	ID                string       `json:"id"`
	Artifacts         []artifactIn `json:"artifacts"`
	UploadDestination string       `json:"upload_destination"`
}

type uploadAction struct {
	URL       string `json:"url"`
	Method    string `json:"method"`
	Path      string `json:"path"`
	FileInput string `json:"file_input"`
}

type uploadInstructions struct {
	Action uploadAction      `json:"action"`
	Data   map[string]string `json:"data"`
}

type createArtifactsResponse struct {
	ID                 string             `json:"id"`
	ArtifactIDs        []string           `json:"artifact_ids"`
	UploadInstructions uploadInstructions `json:"upload_instructions"`
}

// publicBase is the scheme and host artifact URLs use.
func (s *Server) publicBase() string {
	if s.cfg.publicURL != "" {
		return s.cfg.publicURL
	}
	return "https://agent.buildkite.com"
}

func (s *Server) createArtifacts(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return 0, nil, err
	}
	return s.annotationCall(r, func(st *state, j *jobRec, b *buildRec) (int, any, error) {
		var req createArtifactsRequest
		if err := parseJSON(body, &req); err != nil {
			return 0, nil, err
		}
		if len(req.Artifacts) == 0 || len(req.Artifacts) > maxArtifactsPerBatch {
			return 0, nil, badState("Send between 1 and %d artifacts", maxArtifactsPerBatch)
		}
		for _, a := range req.Artifacts {
			if strings.TrimSpace(a.Path) == "" {
				return 0, nil, badState("Every artifact needs a path")
			}
		}
		batch := req.ID
		if batch == "" {
			batch = st.gen.uuid("artifact-batch")
		}
		ids, seen := b.batches[batch]
		if !seen {
			if len(b.artifacts)+len(req.Artifacts) > maxPerBuild {
				return 0, nil, forbidden("The build has reached the mock's limit of %d artifacts", maxPerBuild)
			}
			now := st.now().UTC().Format(time.RFC3339Nano)
			for _, in := range req.Artifacts {
				a := &artifactRec{ID: st.gen.uuid("artifact"), JobID: j.id, Path: in.Path,
					AbsolutePath: in.AbsolutePath, GlobPath: in.GlobPath, FileSize: in.FileSize,
					Sha1sum: in.Sha1sum, Sha256sum: in.Sha256sum, ContentType: in.ContentType,
					State: "new", UploadDestination: req.UploadDestination, CreatedAt: now, batch: batch}
				a.URL = s.publicBase() + artifactDownloadPath + a.ID
				b.artifacts = append(b.artifacts, a)
				ids = append(ids, a.ID)
			}
			if b.batches == nil {
				b.batches = map[string][]string{}
			}
			b.batches[batch] = ids
		}
		return http.StatusCreated, createArtifactsResponse{
			ID: batch, ArtifactIDs: ids,
			UploadInstructions: uploadInstructions{
				Action: uploadAction{URL: s.publicBase(), Method: "POST", Path: artifactUploadPath, FileInput: "file"},
				Data:   map[string]string{"key": j.orgUUID + "/" + b.id + "/" + batch + "/${artifact:path}"},
			},
		}, nil
	})
}

type artifactStateIn struct {
	ID    string `json:"id"`
	State string `json:"state"`
}

type updateArtifactsRequest struct {
	Artifacts []artifactStateIn `json:"artifacts"`
}

func (s *Server) updateArtifacts(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return 0, nil, err
	}
	return s.annotationCall(r, func(st *state, j *jobRec, _ *buildRec) (int, any, error) {
		var req updateArtifactsRequest
		if err := parseJSON(body, &req); err != nil {
			return 0, nil, err
		}
		if len(req.Artifacts) == 0 {
			return 0, nil, badState("Send at least one artifact state")
		}
		found := make([]*artifactRec, len(req.Artifacts))
		for i, in := range req.Artifacts {
			if in.State != "finished" && in.State != "error" {
				return 0, nil, badState("state must be \"finished\" or \"error\", got %q", in.State)
			}
			if found[i] = st.artifactByID(j.orgUUID, in.ID); found[i] == nil {
				return 0, nil, notFound("No artifact found with id %q", in.ID)
			}
		}
		out := make([]artifactStateIn, len(found))
		for i, a := range found {
			a.State = req.Artifacts[i].State
			out[i] = artifactStateIn{ID: a.ID, State: a.State}
		}
		return http.StatusOK, map[string][]artifactStateIn{"artifacts": out}, nil
	})
}

func (st *state) artifactByID(orgUUID, id string) *artifactRec {
	for _, b := range st.builds {
		if b.orgUUID != orgUUID {
			continue
		}
		for _, a := range b.artifacts {
			if a.ID == id {
				return a
			}
		}
	}
	return nil
}

func (s *Server) searchArtifacts(w http.ResponseWriter, r *http.Request) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.st.authenticate(r)
	if err != nil {
		return 0, nil, err
	}
	b, err := s.st.accessBuild(p, r.PathValue("id"), false)
	if err != nil {
		return 0, nil, err
	}
	q := r.URL.Query()
	query, scope, wantState := q.Get("query"), q.Get("scope"), q.Get("state")
	if wantState == "" {
		wantState = "finished"
	}
	if query != "" {
		if _, err := path.Match(query, ""); err != nil {
			return 0, nil, badRequest("query %q is not a valid glob", query)
		}
	}
	out := []*artifactRec{}
	for _, a := range b.artifacts {
		if a.State != wantState || (scope != "" && a.JobID != scope) {
			continue
		}
		if ok, _ := path.Match(query, a.Path); query != "" && !ok {
			continue
		}
		out = append(out, a)
	}
	return http.StatusOK, out, nil
}

// uploadArtifact receives the multipart form the upload instructions describe.
func (s *Server) uploadArtifact(w http.ResponseWriter, r *http.Request) (int, any, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxArtifactBytes+maxJSONBody)
	mr, err := r.MultipartReader()
	if err != nil {
		return 0, nil, badRequest("Send the artifact as multipart/form-data: %v", err)
	}
	var key string
	var content []byte
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, nil, badRequest("Malformed multipart body: %v", err)
		}
		data, err := io.ReadAll(io.LimitReader(part, maxArtifactBytes+1))
		if err != nil {
			return 0, nil, tooLarge("An artifact upload may be at most %d bytes", maxArtifactBytes)
		}
		switch part.FormName() {
		case "key":
			key = string(data)
		case "file":
			content = data
		}
	}
	if len(content) > maxArtifactBytes {
		return 0, nil, tooLarge("An artifact file may be at most %d bytes", maxArtifactBytes)
	}
	if key == "" || content == nil {
		return 0, nil, badRequest("The form needs a key field and a file field")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.st.artifactByKey(key)
	if a == nil {
		return 0, nil, notFound("No artifact is waiting for upload key %q", key)
	}
	if s.st.artifactBytes-len(a.content)+len(content) > maxArtifactTotal {
		return 0, nil, tooLarge("The mock stores at most %d artifact bytes", maxArtifactTotal)
	}
	s.st.artifactBytes += len(content) - len(a.content)
	a.content, a.uploaded = content, true
	return http.StatusCreated, map[string]string{"id": a.ID, "size": strconv.Itoa(len(content))}, nil
}

// artifactByKey finds the artifact an upload key (org/build/batch/path) names.
func (st *state) artifactByKey(key string) *artifactRec {
	parts := strings.SplitN(key, "/", 4)
	if len(parts) != 4 {
		return nil
	}
	b := st.builds[parts[1]]
	if b == nil || b.orgUUID != parts[0] {
		return nil
	}
	for _, a := range b.artifacts {
		if a.batch == parts[2] && a.Path == parts[3] {
			return a
		}
	}
	return nil
}

// downloadArtifact serves a finished artifact's bytes.
func (s *Server) downloadArtifact(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	var a *artifactRec
	for _, b := range s.st.builds {
		for _, x := range b.artifacts {
			if x.ID == r.PathValue("id") && x.State == "finished" {
				a = x
			}
		}
	}
	var content []byte
	var ctype string
	if a != nil {
		content, ctype = a.content, a.ContentType
	}
	s.mu.Unlock()
	if a == nil {
		writeError(w, notFound("No finished artifact with id %q", r.PathValue("id")))
		return
	}
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(content)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(content)
}
