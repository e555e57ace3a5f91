// Package hostcheck is the one rule docproof's local servers (`docproof
// serve` and `docproof mock`) use to decide which Host headers and Origins
// may reach them: the defence against DNS rebinding (a page on evil.example
// whose name was re-pointed at 127.0.0.1 still sends Host: evil.example) and
// against cross-site requests from a browser.
package hostcheck

import (
	"net"
	"net/netip"
	"strings"
)

// IsLoopback reports whether host (a listen or Host-header host, without a
// port; brackets around IPv6 allowed) names only this machine: "localhost"
// or a loopback IP. "" (every interface) is not loopback.
func IsLoopback(host string) bool {
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// Rule decides which Host headers a server accepts. The zero Rule accepts
// loopback names only.
type Rule struct {
	// Hosts are extra host names (no port) accepted besides loopback: the
	// host of an explicit non-loopback listen address.
	Hosts []string
	// AnyIP accepts every IP-literal Host (a wildcard listen address); a DNS
	// name is never accepted this way, so rebinding stays refused.
	AnyIP bool
}

// ForListen is the Rule for a server listening on host (the host part of
// its --addr): loopback only for a loopback host, else also that host, and
// any IP literal when it listens on every interface or on an IP.
func ForListen(host string) Rule {
	if IsLoopback(host) {
		return Rule{}
	}
	r := Rule{AnyIP: true}
	if host != "" {
		r.Hosts = []string{host}
	}
	return r
}

// Allows reports whether a request's Host header (host or host:port) may
// reach the server.
func (r Rule) Allows(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if IsLoopback(host) {
		return true
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return r.AnyIP
	}
	for _, h := range r.Hosts {
		if strings.EqualFold(h, host) {
			return true
		}
	}
	return false
}
