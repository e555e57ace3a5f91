package curl

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
)

// referenceHeaderSet is headerSet as first written, with http.Header's Set
// and Del: the reference the allocation-lean headerSet is held equal to.
func referenceHeaderSet(b *builder, anyJSON bool) http.Header {
	own := http.Header{}
	if b.user != nil {
		own.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(b.user.val)))
	}
	if b.agent != nil {
		own.Set("User-Agent", *b.agent)
	}
	if b.referer != nil {
		own.Set("Referer", *b.referer)
	}
	own.Set("Accept", "*/*")
	if anyJSON {
		own.Set("Accept", "application/json")
	}
	if len(b.data) > 0 && !b.get {
		if anyJSON {
			own.Set("Content-Type", "application/json")
		} else {
			own.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	}
	custom := http.Header{}
	for _, c := range b.headers {
		k := http.CanonicalHeaderKey(c.name)
		own.Del(k)
		if !c.remove {
			custom[k] = append(custom[k], c.value)
		}
	}
	for k, v := range custom {
		own[k] = v
	}
	return own
}

func TestHeaderSetMatchesReference(t *testing.T) {
	user, agent, referer := arg{val: "u:p"}, "ua/1", "https://ref"
	headerLists := [][]header{
		nil,
		{{name: "Authorization", value: "Token x"}},
		{{name: "accept", value: "text/plain"}, {name: "X-A", value: "1"}, {name: "x-a", value: "2"}},
		{{name: "Accept", remove: true}, {name: "content-type", remove: true}},
		{{name: "User-Agent", remove: true}, {name: "user-agent", value: "mine"}},
		{{name: "Referer", value: ""}, {name: "Authorization", remove: true}, {name: "Content-Type", value: "text/csv"}},
	}
	for mask := range 1 << 6 {
		for hi, hs := range headerLists {
			b := &builder{headers: hs, get: mask&8 != 0}
			if mask&1 != 0 {
				b.user = &user
			}
			if mask&2 != 0 {
				b.agent = &agent
			}
			if mask&4 != 0 {
				b.referer = &referer
			}
			if mask&16 != 0 {
				b.data = []piece{{data: "a=1"}}
			}
			anyJSON := mask&32 != 0
			name := fmt.Sprintf("mask=%06b headers=%d", mask, hi)
			assert.Equal(t, referenceHeaderSet(b, anyJSON), b.headerSet(anyJSON), name)
		}
	}
}
