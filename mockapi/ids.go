package mockapi

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash"
	"strconv"
	"time"
)

// Token prefixes and body lengths (spec §11): prefix plus body, body in base62.
const (
	prefixAPI          = "bkua_"
	prefixRegistration = "bkar_"
	prefixSession      = "bkaa_"
	prefixJob          = "bkaj_"
	prefixCluster      = "bkct_" // cluster agent token; the same body length as bkar_

	bodyLenAPI          = 53
	bodyLenRegistration = 73
	bodyLenSession      = 75
)

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// idGen derives every random-looking value (uuids, token bodies, signatures)
// from the seed and a per-label counter, so the same seed and the same calls
// give the same values.
type idGen struct {
	mac      hash.Hash // HMAC-SHA256 keyed with the seed's key, Reset for each block
	msg      []byte    // scratch for the message of one block
	counters map[string]uint64
}

func newIDGen(seed int64) *idGen {
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], uint64(seed))
	key := sha256.Sum256(append([]byte("docproof-mock-seed:"), buf[:]...))
	return &idGen{mac: hmac.New(sha256.New, key[:]), counters: map[string]uint64{}}
}

// stream returns n pseudo-random bytes for the next value of label: block i
// is HMAC(key, "<label>\x00<count>\x00<i>").
func (g *idGen) stream(label string, n int) []byte {
	g.counters[label]++
	count := g.counters[label]
	out := make([]byte, 0, n+sha256.Size)
	for block := uint32(0); len(out) < n; block++ {
		msg := append(g.msg[:0], label...)
		msg = append(msg, 0)
		msg = strconv.AppendUint(msg, count, 10)
		msg = append(msg, 0)
		msg = strconv.AppendUint(msg, uint64(block), 10)
		g.msg = msg
		g.mac.Reset()
		g.mac.Write(msg)
		out = g.mac.Sum(out)
	}
	return out[:n]
}

// skip counts a value of label as derived without deriving it (the
// fixture's tokens come from seededTokens).
func (g *idGen) skip(label string) { g.counters[label]++ }

// uuid returns a version-4-shaped uuid.
func (g *idGen) uuid(label string) string {
	b := g.stream("uuid:"+label, 16)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// token returns prefix followed by bodyLen base62 characters.
func (g *idGen) token(prefix string, bodyLen int) string {
	b := g.stream("token:"+prefix, bodyLen)
	out := make([]byte, bodyLen)
	for i, c := range b {
		out[i] = base62[int(c)%len(base62)]
	}
	return prefix + string(out)
}

// jobToken returns a bkaj_ token shaped like a signed JWT naming its job.
func (g *idGen) jobToken(jobID, orgUUID string, issued time.Time) string {
	enc := base64.RawURLEncoding
	header := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	claims, _ := json.Marshal(struct {
		Issuer  string `json:"iss"`
		Subject string `json:"sub"`
		Org     string `json:"org"`
		ID      string `json:"jti"`
		Issued  int64  `json:"iat"`
	}{"buildkite-mock", "job:" + jobID, orgUUID, enc.EncodeToString(g.stream("jti", 12)), issued.Unix()})
	payload := enc.EncodeToString(claims)
	sig := enc.EncodeToString(g.stream("jobsig", 32))
	return prefixJob + header + "." + payload + "." + sig
}
