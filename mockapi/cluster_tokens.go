package mockapi

import (
	"net/netip"
	"strings"
	"time"
)

// usable says why t can not register an agent from addr at now, or nil.
func (t *clusterTokenRec) usable(now time.Time, addr netip.Addr) error {
	switch {
	case t.revokedAt != nil || t.cluster.deleted:
		return unauthorized("This agent token has been revoked")
	case t.expiresAt != nil && !now.Before(*t.expiresAt):
		return unauthorized("This agent token expired at %s", t.expiresAt.UTC().Format(time.RFC3339))
	case !t.allows(addr):
		return unauthorized("This agent token can not be used from %s: it only allows %s", addrText(addr), t.allowedIPs)
	}
	return nil
}

// allows reports whether addr is inside one of t's allowed ranges.
func (t *clusterTokenRec) allows(addr netip.Addr) bool {
	for _, p := range t.ranges {
		if addr.IsValid() && p.Contains(addr.Unmap()) {
			return true
		}
	}
	return false
}

func addrText(a netip.Addr) string {
	if !a.IsValid() {
		return "an unknown address"
	}
	return a.Unmap().String()
}

// remoteAddr is the IP address a request came from (r.RemoteAddr).
func remoteAddr(hostport string) netip.Addr {
	if ap, err := netip.ParseAddrPort(hostport); err == nil {
		return ap.Addr().Unmap()
	}
	a, _ := netip.ParseAddr(hostport)
	return a.Unmap()
}

// parseAllowedIPs validates a space-separated list of IPv4 CIDR ranges or
// addresses ("" means not restricted: 0.0.0.0/0).
func parseAllowedIPs(s string) (string, []netip.Prefix, error) {
	fields := strings.Fields(s)
	if len(fields) == 0 {
		fields = []string{defaultAllowedIPRange}
	}
	if len(fields) > maxAllowedIPRanges {
		return "", nil, badState("Validation failed: Allowed ip addresses can have at most %d CIDR blocks", maxAllowedIPRanges)
	}
	out := make([]netip.Prefix, 0, len(fields))
	for _, f := range fields {
		p, err := netip.ParsePrefix(f)
		if err != nil {
			a, aerr := netip.ParseAddr(f)
			if aerr != nil {
				return "", nil, badState("Validation failed: Allowed ip addresses %q is not an IPv4 address or CIDR range", f)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		if !p.Addr().Is4() {
			return "", nil, badState("Validation failed: Allowed ip addresses %q is not IPv4 (IPv6 is not supported)", f)
		}
		out = append(out, p.Masked())
	}
	return strings.Join(fields, " "), out, nil
}

// tokenInput is what creating or updating a cluster agent token may set.
type tokenInput struct {
	Description        *string
	ExpiresAt          *string
	AllowedIPAddresses *string
}

// createClusterToken issues a bkct_ token in c.
func (st *state) createClusterToken(c *clusterRec, in tokenInput) (*clusterTokenRec, error) {
	if in.Description == nil || strings.TrimSpace(*in.Description) == "" {
		return nil, badState("Validation failed: Description can't be blank")
	}
	if c.tokenCount >= maxTokensPerCluster {
		return nil, badState("Validation failed: this cluster has reached the mock's limit of %d agent tokens", maxTokensPerCluster)
	}
	now := st.now().UTC()
	t := &clusterTokenRec{cluster: c, description: strings.TrimSpace(*in.Description), createdAt: now}
	if in.ExpiresAt != nil && *in.ExpiresAt != "" {
		at, err := time.Parse(time.RFC3339, *in.ExpiresAt)
		if err != nil {
			return nil, badState("Validation failed: Expires at %q is not an ISO 8601 timestamp (e.g. 2026-01-01T00:00:00Z)", *in.ExpiresAt)
		}
		if at.Before(now.Add(minTokenLifetime)) {
			return nil, badState("Validation failed: Expires at must be at least 10 minutes in the future")
		}
		at = at.UTC()
		t.expiresAt = &at
	}
	var ips string
	if in.AllowedIPAddresses != nil {
		ips = *in.AllowedIPAddresses
	}
	var err error
	if t.allowedIPs, t.ranges, err = parseAllowedIPs(ips); err != nil {
		return nil, err
	}
	t.uuid = st.gen.uuid("cluster-token")
	t.value = st.gen.token(prefixCluster, bodyLenRegistration)
	st.addClusterToken(t)
	return t, nil
}

// addClusterToken files t under its cluster and its value.
func (st *state) addClusterToken(t *clusterTokenRec) {
	t.cluster.tokens = append(t.cluster.tokens, t)
	t.cluster.tokenCount++
	st.addToken(kindClusterAgentToken, t.uuid, t.value)
}

// updateClusterToken changes t's description and allowed addresses. Its
// expiry can not change. Agents it registered from an address the new ranges
// leave out are disconnected, as Buildkite does.
func (st *state) updateClusterToken(t *clusterTokenRec, in tokenInput) error {
	if in.ExpiresAt != nil && *in.ExpiresAt != "" {
		at, err := time.Parse(time.RFC3339, *in.ExpiresAt)
		if err != nil || t.expiresAt == nil || !at.Equal(*t.expiresAt) {
			return badState("Validation failed: Expires at can not be changed on an existing agent token")
		}
	}
	if in.Description != nil {
		if strings.TrimSpace(*in.Description) == "" {
			return badState("Validation failed: Description can't be blank")
		}
	}
	if in.AllowedIPAddresses != nil {
		ips, ranges, err := parseAllowedIPs(*in.AllowedIPAddresses)
		if err != nil {
			return err
		}
		t.allowedIPs, t.ranges = ips, ranges
		for _, id := range st.agentOrder {
			if a := st.agents[id]; sameID(a.tokenUUID, t.uuid) && a.state != agentDisconnected && !t.allows(a.remoteIP) {
				a.state = agentDisconnected
			}
		}
	}
	if in.Description != nil {
		t.description = strings.TrimSpace(*in.Description)
	}
	return nil
}

// revokeClusterToken revokes t: it registers no new agent; agents it
// registered keep working.
func (st *state) revokeClusterToken(t *clusterTokenRec) {
	now := st.now().UTC()
	t.revokedAt = &now
}

// clusterTokenByUUID finds a token of any cluster, revoked or not.
func (st *state) clusterTokenByUUID(uuid string) *clusterTokenRec {
	for _, c := range st.clusters {
		for _, t := range c.tokens {
			if t.uuid == uuid {
				return t
			}
		}
	}
	return nil
}

// sameID compares two record ids (uuids, never secrets).
func sameID(a, b string) bool { return a == b }
