package mockapi_test

import (
	"bytes"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMetaData(t *testing.T) {
	h := newHarness(t)
	_, jobID, tok := h.runningJob()
	lint := "/v3/jobs/" + acmeLintJob
	tests := []struct {
		name, method, path string
		body               any
		status             int
		want               string // exact body, or message substring for errors
	}{
		{"set", "POST", "/v3/jobs/" + jobID + "/data/set", map[string]string{"key": "release", "value": "2.4.0"}, 201, `{"key":"release","value":"2.4.0"}`},
		{"get through the other job of the build", "POST", lint + "/data/get", map[string]string{"key": "release"}, 200, `{"key":"release","value":"2.4.0"}`},
		{"get through the build", "POST", "/v3/builds/" + acmeWebBuild + "/data/get", map[string]string{"key": "release"}, 200, `{"key":"release","value":"2.4.0"}`},
		{"overwrite", "POST", lint + "/data/set", map[string]string{"key": "release", "value": "2.5.0"}, 201, `{"key":"release","value":"2.5.0"}`},
		{"get after overwrite", "POST", "/v3/jobs/" + jobID + "/data/get", map[string]string{"key": "release"}, 200, `{"key":"release","value":"2.5.0"}`},
		{"second key", "POST", "/v3/jobs/" + jobID + "/data/set", map[string]string{"key": "a-key", "value": "x"}, 201, `{"key":"a-key","value":"x"}`},
		{"keys sorted", "POST", "/v3/builds/" + acmeWebBuild + "/data/keys", nil, 200, `["a-key","release"]`},
		{"keys of another build", "POST", "/v3/builds/" + acmeDeployBld + "/data/keys", nil, 200, `[]`},
		{"exists", "POST", "/v3/jobs/" + jobID + "/data/exists", map[string]string{"key": "release"}, 200, `{"exists":true}`},
		{"exists false", "POST", "/v3/jobs/" + jobID + "/data/exists", map[string]string{"key": "nope"}, 200, `{"exists":false}`},
		{"get unset", "POST", "/v3/jobs/" + jobID + "/data/get", map[string]string{"key": "nope"}, 404, "No meta-data value"},
		{"blank value", "POST", "/v3/jobs/" + jobID + "/data/set", map[string]string{"key": "k", "value": "  "}, 422, "blank"},
		{"blank key", "POST", "/v3/jobs/" + jobID + "/data/get", map[string]string{"key": ""}, 422, "blank"},
		{"bad JSON", "POST", "/v3/jobs/" + jobID + "/data/set", `{"key": 1}`, 400, "not valid JSON"},
		{"unknown job", "POST", "/v3/jobs/nope/data/get", map[string]string{"key": "k"}, 404, "No job"},
		{"unknown build", "POST", "/v3/builds/nope/data/get", map[string]string{"key": "k"}, 404, "No build"},
		{"set on a build is not a route", "POST", "/v3/builds/" + acmeWebBuild + "/data/set", map[string]string{"key": "k", "value": "v"}, 404, "No route"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := h.must(tc.status, tc.method, tc.path, tok, tc.body)
			if tc.status < 300 {
				assert.Equal(t, tc.want+"\n", string(r.Body))
			} else {
				assert.Contains(t, r.Message(t), tc.want)
			}
		})
	}
	build := h.must(200, "GET", "/_mock/builds/"+acmeWebBuild, "", nil).Obj(t)
	assert.Equal(t, map[string]any{"release": "2.5.0", "a-key": "x"}, build["meta_data"])
}

func TestAnnotations(t *testing.T) {
	h := newHarness(t)
	_, jobID, tok := h.runningJob()
	path := "/v3/jobs/" + jobID + "/annotations"
	a := h.must(201, "POST", path, tok, map[string]any{"body": "Tests", "context": "tests", "style": "success"}).Obj(t)
	assert.Equal(t, "tests", a["context"])
	assert.Equal(t, "success", a["style"])
	assert.Equal(t, "build", a["scope"])
	assert.Equal(t, 3.0, a["priority"])
	h.must(201, "POST", path, tok, map[string]any{"body": " passed", "context": "tests", "append": true})
	h.must(201, "POST", path, tok, map[string]any{"context": "tests", "style": "warning"})
	h.must(201, "POST", path, tok, map[string]any{"body": "default context"})
	h.must(201, "POST", path, tok, map[string]any{"body": "job scoped", "context": "tests", "scope": "job", "priority": 9})
	h.must(422, "POST", path, tok, map[string]any{"context": "new"})
	h.must(422, "POST", path, tok, map[string]any{"body": "x", "style": "purple"})
	h.must(422, "POST", path, tok, map[string]any{"body": "x", "priority": 11})
	h.must(422, "POST", path, tok, map[string]any{"body": "x", "scope": "org"})
	h.must(413, "POST", path, tok, map[string]any{"body": strings.Repeat("x", 1<<20+1)})

	build := h.must(200, "GET", "/_mock/builds/"+acmeWebBuild, "", nil).Obj(t)
	anns := build["annotations"].([]any)
	require.Len(t, anns, 3)
	first := anns[0].(map[string]any)
	assert.Equal(t, "Tests passed", first["body"])
	assert.Equal(t, "warning", first["style"])
	assert.Equal(t, "default", anns[1].(map[string]any)["context"])
	assert.Equal(t, "info", anns[1].(map[string]any)["style"])
	assert.Equal(t, "job", anns[2].(map[string]any)["scope"])
	assert.Equal(t, 9.0, anns[2].(map[string]any)["priority"])

	h.must(200, "DELETE", path+"/tests", tok, nil)
	h.must(404, "DELETE", path+"/tests", tok, nil)
	h.must(200, "DELETE", path+"/tests?scope=job", tok, nil)
	h.must(200, "DELETE", path+"/default", tok, nil)
	build = h.must(200, "GET", "/_mock/builds/"+acmeWebBuild, "", nil).Obj(t)
	assert.Empty(t, build["annotations"])
}

func TestArtifacts(t *testing.T) {
	h := newHarness(t)
	_, jobID, tok := h.runningJob()
	create := map[string]any{"id": "6f1c2a8e-0b5d-4c3e-9a7f-2d4b6e8a0c11", "artifacts": []map[string]any{
		{"path": "coverage/report.html", "file_size": 5, "sha1sum": "abc", "content_type": "text/html"},
		{"path": "logs/out.txt", "file_size": 3},
	}}
	c := h.must(201, "POST", "/v3/jobs/"+jobID+"/artifacts", tok, create).Obj(t)
	assert.Equal(t, "6f1c2a8e-0b5d-4c3e-9a7f-2d4b6e8a0c11", c["id"])
	ids := c["artifact_ids"].([]any)
	require.Len(t, ids, 2)
	inst := c["upload_instructions"].(map[string]any)
	action := inst["action"].(map[string]any)
	assert.Equal(t, map[string]any{"url": "https://agent.buildkite.com", "method": "POST", "path": "/v3/_artifacts/upload", "file_input": "file"}, action)
	key := inst["data"].(map[string]any)["key"].(string)
	assert.True(t, strings.HasSuffix(key, "/${artifact:path}"), key)
	// Same batch id again: the same artifacts, nothing new.
	again := h.must(201, "POST", "/v3/jobs/"+jobID+"/artifacts", tok, create).Obj(t)
	assert.Equal(t, ids, again["artifact_ids"])

	// Upload the first file as the agent would.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	require.NoError(t, mw.WriteField("key", strings.ReplaceAll(key, "${artifact:path}", "coverage/report.html")))
	fw, err := mw.CreateFormFile("file", "report.html")
	require.NoError(t, err)
	_, _ = fw.Write([]byte("<p/>\n"))
	require.NoError(t, mw.Close())
	up := h.do(req{method: "POST", path: "/v3/_artifacts/upload", body: buf.Bytes(), header: map[string]string{"Content-Type": mw.FormDataContentType()}})
	require.Equal(t, 201, up.Status, "%s", up.Body)
	h.must(400, "POST", "/v3/_artifacts/upload", "", "not a form")

	// Not searchable until finished.
	assert.Equal(t, "[]\n", string(h.must(200, "GET", "/v3/builds/"+acmeWebBuild+"/artifacts/search", tok, nil).Body))
	h.must(200, "PUT", "/v3/jobs/"+jobID+"/artifacts", tok, map[string]any{"artifacts": []map[string]string{{"id": ids[0].(string), "state": "finished"}, {"id": ids[1].(string), "state": "error"}}})
	h.must(422, "PUT", "/v3/jobs/"+jobID+"/artifacts", tok, map[string]any{"artifacts": []map[string]string{{"id": ids[0].(string), "state": "done"}}})
	h.must(404, "PUT", "/v3/jobs/"+jobID+"/artifacts", tok, map[string]any{"artifacts": []map[string]string{{"id": "nope", "state": "finished"}}})
	found := h.must(200, "GET", "/v3/builds/"+acmeWebBuild+"/artifacts/search?query=coverage/*&state=finished", tok, nil).JSON(t).([]any)
	require.Len(t, found, 1)
	art := found[0].(map[string]any)
	assert.Equal(t, "coverage/report.html", art["path"])
	assert.Equal(t, jobID, art["job_id"])
	assert.Equal(t, "finished", art["state"])
	assert.Equal(t, "https://agent.buildkite.com/v3/_artifacts/"+ids[0].(string), art["url"])
	assert.Len(t, h.must(200, "GET", "/v3/builds/"+acmeWebBuild+"/artifacts/search?query=logs/*", tok, nil).JSON(t), 0)
	assert.Len(t, h.must(200, "GET", "/v3/builds/"+acmeWebBuild+"/artifacts/search?state=error", tok, nil).JSON(t), 1)
	h.must(400, "GET", "/v3/builds/"+acmeWebBuild+"/artifacts/search?query=[", tok, nil)

	dl := h.call("GET", "/v3/_artifacts/"+ids[0].(string), "", nil)
	assert.Equal(t, 200, dl.Status)
	assert.Equal(t, "<p/>\n", string(dl.Body))
	assert.Equal(t, "text/html", dl.Header.Get("Content-Type"))
	assert.Equal(t, 404, h.call("GET", "/v3/_artifacts/"+ids[1].(string), "", nil).Status, "only finished artifacts download")

	h.must(422, "POST", "/v3/jobs/"+jobID+"/artifacts", tok, map[string]any{"artifacts": []any{}})
	h.must(422, "POST", "/v3/jobs/"+jobID+"/artifacts", tok, map[string]any{"artifacts": []map[string]any{{"path": ""}}})
	build := h.must(200, "GET", "/_mock/builds/"+acmeWebBuild, "", nil).Obj(t)
	assert.Len(t, build["artifacts"], 2)
}

func TestPipelineUpload(t *testing.T) {
	h := newHarness(t)
	_, jobID, tok := h.runningJob()
	path := "/v3/jobs/" + jobID + "/pipelines"
	body := map[string]any{"uuid": "0d7e4c2b-8f1a-4e6d-b3c5-9a2f4e6b8d10", "pipeline": map[string]any{"steps": []any{
		map[string]any{"label": "Publish", "command": "make publish"},
		map[string]any{"commands": []string{"a", "b"}, "agents": map[string]string{"queue": "e2e"}},
		"wait",
		map[string]any{"block": "Release"},
	}}}
	up := h.must(201, "POST", path, tok, body).Obj(t)
	assert.Equal(t, "applied", up["state"])
	assert.Len(t, up["job_ids"], 2)
	again := h.must(201, "POST", path, tok, body).Obj(t)
	assert.Equal(t, up, again, "same uuid: applied once")
	assert.Equal(t, map[string]any{"state": "applied", "message": ""}, h.must(200, "GET", path+"/0d7e4c2b-8f1a-4e6d-b3c5-9a2f4e6b8d10", tok, nil).Obj(t))
	h.must(404, "GET", path+"/nope", tok, nil)
	h.must(422, "POST", path, tok, map[string]any{"pipeline": "steps: []"})
	h.must(422, "POST", path, tok, map[string]any{"pipeline": map[string]any{"steps": []any{}}})
	h.must(422, "POST", path, tok, map[string]any{"pipeline": map[string]any{"steps": "x"}})

	// The uploaded command steps are jobs of the same build, on their queues.
	e2e := h.agent("queue=e2e")
	id, _ := h.takeJob(e2e)
	j := h.controlJob(id)
	assert.Equal(t, acmeWebBuild, j["build_id"])
	assert.Equal(t, "e2e", j["queue"])
	build := h.must(200, "GET", "/_mock/builds/"+acmeWebBuild, "", nil).Obj(t)
	assert.Len(t, build["pipelines"], 1)
}
