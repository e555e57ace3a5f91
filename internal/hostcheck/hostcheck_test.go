package hostcheck

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIsLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1": true, "localhost": true, "LocalHost": true, "::1": true, "[::1]": true, "127.1.2.3": true,
		"": false, "0.0.0.0": false, "::": false, "192.168.1.2": false, "docs.local": false,
		"localhost.": false, "evil.example": false, "127.0.0.1.nip.io": false,
	} {
		assert.Equal(t, want, IsLoopback(host), host)
	}
}

func TestRuleAllows(t *testing.T) {
	tests := []struct {
		name string
		rule Rule
		host string
		want bool
	}{
		{"loopback IPv4", Rule{}, "127.0.0.1:8080", true},
		{"loopback IPv6", Rule{}, "[::1]:8080", true},
		{"localhost", Rule{}, "localhost:8080", true},
		{"no port", Rule{}, "localhost", true},
		{"DNS rebinding", Rule{}, "evil.example:8080", false},
		{"rebinding without port", Rule{}, "evil.example", false},
		{"foreign IP", Rule{}, "192.168.1.10:8080", false},
		{"empty", Rule{}, "", false},
		{"bind name", ForListen("docs-box"), "docs-box:1313", true},
		{"bind name, any case", ForListen("docs-box"), "DOCS-BOX:1313", true},
		{"IP of a non-loopback bind", ForListen("docs-box"), "192.168.1.10:1313", true},
		{"other name of a non-loopback bind", ForListen("docs-box"), "evil.example:1313", false},
		{"wildcard bind: IP", ForListen(""), "10.0.0.5:8080", true},
		{"wildcard bind: DNS name", ForListen("0.0.0.0"), "evil.example:8080", false},
		{"loopback bind refuses IPs", ForListen("127.0.0.1"), "10.0.0.5:8080", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.rule.Allows(tt.host))
		})
	}
}
