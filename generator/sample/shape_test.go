package sample

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunShapeResponse(t *testing.T) {
	tests := []struct {
		name    string
		resp    string
		message string // substring of the failure; "" passes
		diff    string // substring of its diff
	}{
		{"illustrative values pass", "json {response shape}\n{\"id\": \"0000\", \"name\": \"my-agent\", \"ping_interval\": 30}", "", ""},
		{"retyped field", "json {response shape}\n{\"ping_interval\": \"30\"}", "$.ping_interval", "type number, documented string"},
		{"removed field", "json {response shape}\n{\"id\": \"x\", \"agent_name\": \"x\"}", "$.agent_name", "missing field"},
		{"exact shape", "json {response shape exact}\n{\"id\": \"\", \"name\": \"\", \"access_token\": \"<token>\"}", "$.ping_interval", "unexpected field"},
		{"http block", "http {response shape}\nHTTP/1.1 200 OK\n\n{\"name\": 1}", "$.name", "type string, documented number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pr, _ := runBlocks(t, Options{}, regCurl, tt.resp)
			if tt.message == "" {
				assert.Empty(t, pr.Diags)
				return
			}
			require.Len(t, pr.Diags, 1)
			assert.Contains(t, pr.Diags[0].Message, tt.message)
			assert.Contains(t, pr.Diags[0].Diff, tt.diff)
		})
	}
}
