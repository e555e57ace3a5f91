package mockapi

import (
	"net/http"
	"strings"
)

// metaCall runs fn on the build that the path's job or build belongs to, for
// any job or session token of the organization (meta-data is per build and
// may be read and written from other jobs, even of other pipelines).
func (s *Server) metaCall(r *http.Request, fn func(*state, *buildRec) (int, any, error)) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	p, err := st.authenticate(r)
	if err != nil {
		return 0, nil, err
	}
	allowReg := s.drifted(DriftRegistrationTokenMetaData)
	id := r.PathValue("id")
	var b *buildRec
	if strings.HasPrefix(r.URL.Path, "/v3/builds/") {
		b, err = st.accessBuild(p, id, allowReg)
	} else {
		var j *jobRec
		if j, err = st.accessJob(p, id, allowReg); err == nil {
			b = st.builds[j.buildID]
		}
	}
	if err != nil {
		return 0, nil, err
	}
	return fn(st, b)
}

type metaKV struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type metaKey struct {
	Key string `json:"key"`
}

func (s *Server) metaSet(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return 0, nil, err
	}
	return s.metaCall(r, func(st *state, b *buildRec) (int, any, error) {
		var req metaKV
		if err := parseJSON(body, &req); err != nil {
			return 0, nil, err
		}
		if err := checkMeta(b, []metaKV{req}); err != nil {
			return 0, nil, err
		}
		setMeta(b, []metaKV{req})
		return http.StatusCreated, req, nil
	})
}

type metaBatch struct {
	Items []metaKV `json:"items"`
}

// metaSetBatch sets every item or, when one is refused, none.
func (s *Server) metaSetBatch(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return 0, nil, err
	}
	return s.metaCall(r, func(st *state, b *buildRec) (int, any, error) {
		var req metaBatch
		if err := parseJSON(body, &req); err != nil {
			return 0, nil, err
		}
		if len(req.Items) == 0 {
			return 0, nil, badState("items must hold at least one key and value")
		}
		if err := checkMeta(b, req.Items); err != nil {
			return 0, nil, err
		}
		setMeta(b, req.Items)
		return http.StatusCreated, req, nil
	})
}

// maxMetaValue is the documented limit of one meta-data value (100 KB).
const maxMetaValue = 100 * 1024

// checkMeta refuses items that may not all be set on b.
func checkMeta(b *buildRec, items []metaKV) error {
	added := map[string]bool{}
	for i, kv := range items {
		if strings.TrimSpace(kv.Key) == "" || strings.TrimSpace(kv.Value) == "" {
			return badState("Meta-data key and value must not be blank (item %d)", i+1)
		}
		if len(kv.Value) > maxMetaValue {
			return badState("Value for key %q is too large: %d bytes, the limit is 100 KB (%d bytes)", kv.Key, len(kv.Value), maxMetaValue)
		}
		if _, ok := b.meta[kv.Key]; !ok {
			added[kv.Key] = true
		}
	}
	if len(b.meta)+len(added) > maxPerBuild {
		return forbidden("The build has reached the mock's limit of %d meta-data keys", maxPerBuild)
	}
	return nil
}

func setMeta(b *buildRec, items []metaKV) {
	if b.meta == nil {
		b.meta = map[string]string{}
	}
	for _, kv := range items {
		b.meta[kv.Key] = kv.Value
	}
}

func parseKey(body []byte) (string, error) {
	var req metaKey
	if err := parseJSON(body, &req); err != nil {
		return "", err
	}
	if strings.TrimSpace(req.Key) == "" {
		return "", badState("Meta-data key must not be blank")
	}
	return req.Key, nil
}

func (s *Server) metaGet(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return 0, nil, err
	}
	return s.metaCall(r, func(st *state, b *buildRec) (int, any, error) {
		key, err := parseKey(body)
		if err != nil {
			return 0, nil, err
		}
		v, ok := b.meta[key]
		if !ok {
			return 0, nil, notFound("No meta-data value found for key %q", key)
		}
		return http.StatusOK, metaKV{Key: key, Value: v}, nil
	})
}

type existsResponse struct {
	Exists bool `json:"exists"`
}

func (s *Server) metaExists(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return 0, nil, err
	}
	return s.metaCall(r, func(st *state, b *buildRec) (int, any, error) {
		key, err := parseKey(body)
		if err != nil {
			return 0, nil, err
		}
		_, ok := b.meta[key]
		return http.StatusOK, existsResponse{Exists: ok}, nil
	})
}

// metaKeys lists a build's keys in sorted order. The agent sends no body.
func (s *Server) metaKeys(w http.ResponseWriter, r *http.Request) (int, any, error) {
	return s.metaCall(r, func(st *state, b *buildRec) (int, any, error) {
		return http.StatusOK, sortedKeys(b.meta), nil
	})
}
