package mockapi

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkFast asserts that decodeFast, when it takes data, gives exactly what
// json.Unmarshal gives, and reports whether it took it.
func checkFast[T any, P interface {
	*T
	fastDecoder
}](t *testing.T, data string) bool {
	t.Helper()
	var fast, slow T
	took := P(&fast).decodeFast([]byte(data))
	err := json.Unmarshal([]byte(data), &slow)
	if !took {
		var zero T
		assert.Equal(t, zero, fast, "a refused body leaves the value alone: %q", data)
		return false
	}
	require.NoError(t, err, "the fast path took a body json.Unmarshal refuses: %q", data)
	assert.Equal(t, slow, fast, "%q", data)
	return true
}

func TestFastDecodeMatchesJSON(t *testing.T) {
	taken := []string{
		`{}`, ` { } `, `{"name": "bench-agent-3", "hostname": "bench-host"}`,
		`{"name":"a","name":"b"}`, `{"meta_data":["queue=default","os=linux"],"ignore_in_dispatches":true}`,
		`{"meta_data":[]}`, `{"meta_data":["a"],"meta_data":["b","c"]}`, `{"version":"3.78.0","ignore_in_dispatches":false}`,
		"{\n  \"name\": \"é ☃\"\n}\n",
	}
	refused := []string{
		``, `[]`, `null`, `{"Name":"x"}`, `{"name":null}`, `{"name":"a\"b"}`, `{"name":"a\u0041"}`, `{"name":5}`,
		`{"os":"linux"}`, `{"meta_data":"x"}`, `{"meta_data":[1]}`, `{"name":"x",}`, `{"name":"x"} x`, "{\"name\":\"\xff\"}",
		"{\"name\":\"a\tb\"}", `{"ignore_in_dispatches":"true"}`, `{"name":"x"`,
	}
	for _, s := range taken {
		assert.True(t, checkFast[registerRequest](t, s), "register should take %q", s)
	}
	for _, s := range refused {
		assert.False(t, checkFast[registerRequest](t, s), "register should refuse %q", s)
	}
	assert.True(t, checkFast[heartbeatBody](t, `{"sent_at": "2026-01-02T03:04:05Z"}`))
	assert.True(t, checkFast[heartbeatBody](t, `{"sent_at":"a","received_at":"b"}`))
	assert.False(t, checkFast[heartbeatBody](t, `{"sent_at":"a","name":"b"}`))
}

func FuzzFastDecode(f *testing.F) {
	f.Add(`{"name": "bench-agent-3", "hostname": "bench-host", "meta_data": ["q=1"]}`)
	f.Add(`{"sent_at": "2026-01-02T03:04:05Z"}`)
	f.Fuzz(func(t *testing.T, data string) {
		checkFast[registerRequest](t, data)
		checkFast[heartbeatBody](t, data)
	})
}
