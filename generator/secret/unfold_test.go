package secret

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestUnfoldFindsDisguisedTokens holds issue 19 item 4: entity-encoded,
// URL-encoded and quote-wrapped tokens passed the site scan.
func TestUnfoldFindsDisguisedTokens(t *testing.T) {
	tok := "bkar_" + body73
	entities := func(s string) string {
		var b strings.Builder
		for _, c := range s {
			b.WriteString("&#" + strconv.Itoa(int(c)) + ";")
		}
		return b.String()
	}
	percent := func(s string) string {
		var b strings.Builder
		for _, c := range []byte(s) {
			b.WriteString(fmt.Sprintf("%%%02X", c))
		}
		return b.String()
	}
	tests := []struct {
		name   string
		text   string
		markup bool
	}{
		{"every character a decimal reference", "<p>" + entities(tok) + "</p>", true},
		{"hex reference for the b", "&#x62;" + tok[1:], false},
		{"named reference for the _", "bkar&lowbar;" + body73, false},
		{"references without ;", "&#98" + tok[1:], false},
		{"percent-encoded", "https://x.test/?t=" + percent(tok), false},
		{"percent-encoded _ only", "bkar%5F" + body73, false},
		{"entity-encoded percent", "bkar&#37;5F" + body73, false},
		{"JSON escape", `{"t":"\u0062kar_` + body73 + `"}`, false},
		{"JS hex escape", `'\x62kar_` + body73 + `'`, false},
		{"shell quotes", `TOKEN='bkar_'"` + body73[:30] + `"'` + body73[30:] + `'`, false},
		{"quotes between b and k", `"b""kar_` + body73 + `"`, false},
		{"tag between b and k", "b<i>kar_</i>" + body73, true},
		{"quoted entities", "bkar_&quot;&#39;" + body73, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Empty(t, Find(tt.text, nil), "disguised: the plain scan misses it")
			assert.True(t, MayUnfold(tt.text, tt.markup))
			assert.True(t, MayUnfold([]byte(tt.text), tt.markup))
			spans := Find(Unfold(tt.text, tt.markup), nil)
			if assert.Len(t, spans, 1) {
				u := Unfold(tt.text, tt.markup)
				assert.Contains(t, u[spans[0].Start:spans[0].End], body73[40:])
			}
		})
	}
}

func TestUnfoldLeavesTextAlone(t *testing.T) {
	for _, text := range []string{
		`<p class="note">It&#39;s &quot;fine&quot; &amp; 100% safe: %20, \n, 'a' "b"</p>`,
		`{"t":"tokens","u":"/tokens/"}`,
		"bkar_EXAMPLE0123456789abcdefghij",
	} {
		assert.Empty(t, Find(Unfold(text, true), nil), text)
	}
	assert.False(t, MayUnfold(`<p class="note">It&#39;s &quot;fine&quot; &amp; 100% safe: %20</p>`, true),
		"common entities and escapes do not make a page worth unfolding")
	assert.Equal(t, `say "a" and 'b'`, Unfold(`say "a" and 'b'`, false), "quotes next to spaces stay")
}
