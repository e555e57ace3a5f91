package secret

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Realistic bodies: base62 noise of the lengths the real tokens have.
const (
	body73 = "Xq3vB9kLmP2wR7tYz4NcH8sD1fG6jK0aE5uI2oWbVnMxQ7rT9yUe3pLk8JhGf4Ds6Az1Cv5Bn"
	body53 = "Rt5Yu8Io1Pa4Sd7Fg0Hj3Kl6Zx9Cv2Bn5Mq8We1Rt4Yu7Io0Pa3Sd"
)

func TestFind(t *testing.T) {
	issuedTok := "bkaa_" + body73[:70] + "Zz9Q3"
	legacy := "c0ffee12deadbeef4242"
	jwt := "bkaj_eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJqb2I6MSJ9.c2lnbmF0dXJlLXZhbHVlLWhlcmU"
	tests := []struct {
		name   string
		text   string
		issued []string
		want   []string // the spans' text, in order
		issue  []bool
	}{
		{name: "registration token", text: "token: bkar_" + body73 + "\n", want: []string{"bkar_" + body73}, issue: []bool{false}},
		{name: "user token in JSON", text: `{"t":"bkua_` + body53 + `"}`, want: []string{"bkua_" + body53}, issue: []bool{false}},
		{name: "every prefix", text: "bkct_" + body53 + " bkpt_" + body53 + " bkpat_" + body53 + " bkps_" + body53,
			want: []string{"bkct_" + body53, "bkpt_" + body53, "bkpat_" + body53, "bkps_" + body53}, issue: []bool{false, false, false, false}},
		{name: "job token spans the whole JWT", text: "X " + jwt + ". next", want: []string{jwt}, issue: []bool{false}},
		{name: "issued value", text: "a " + issuedTok + " b", issued: []string{issuedTok}, want: []string{issuedTok}, issue: []bool{true}},
		{name: "issued legacy value without prefix", text: "x=" + legacy + ";", issued: []string{legacy}, want: []string{legacy}, issue: []bool{true}},
		{name: "issued value found twice", text: legacy + " " + legacy, issued: []string{legacy}, want: []string{legacy, legacy}, issue: []bool{true, true}},
		{name: "short issued values are ignored", text: "abc and abc", issued: []string{"abc"}},
		{name: "issued value glued to more token characters", text: issuedTok + "MORE", issued: []string{issuedTok}, want: []string{issuedTok + "MORE"}, issue: []bool{true}},
		{name: "too short", text: "bkar_abc123"},
		{name: "unknown prefix", text: "bkzz_" + body73},
		{name: "glued to a word", text: "xbkar_" + body73},
		{name: "example", text: "bkar_EXAMPLE" + body53},
		{name: "xxxx", text: "bkar_xxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},
		{name: "your", text: "bkua_YourApiAccessTokenGoesHere123"},
		{name: "repeated char", text: "bkaa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
		{name: "two chars alternating", text: "bkaa_abababababababababababab"},
		{name: "counting run", text: "bkar_abcdefghijklmnopqrstuvwxyz0123456789"},
		{name: "hex run", text: "bkua_1234567890abcdef1234567890abcdef"},
		{name: "elided", text: "bkar_" + body53[:24] + "..."},
		{name: "elided unicode", text: "bkar_" + body53[:24] + "…"},
		{name: "templated", text: "bkar_" + body53[:24] + "<rest>"},
		{name: "placeholder syntax is not a shape", text: `"<token:agent-token>" and bkar_<token>`},
		{name: "overlapping issued and shape merge", text: "bkar_" + body73, issued: []string{"bkar_" + body73[:40]},
			want: []string{"bkar_" + body73}, issue: []bool{true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spans := Find(tt.text, tt.issued)
			var got []string
			var issued []bool
			for _, sp := range spans {
				require.True(t, 0 <= sp.Start && sp.Start < sp.End && sp.End <= len(tt.text))
				got = append(got, tt.text[sp.Start:sp.End])
				issued = append(issued, sp.Issued)
			}
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.issue, issued)
			if len(tt.want) > 0 {
				assert.True(t, NewFinder(tt.issued).MayMatch([]byte(tt.text)), "MayMatch must not rule out a text Find reports")
			}
		})
	}
}

func TestRedact(t *testing.T) {
	tok := "bkar_" + body73
	legacy := "c0ffee12deadbeef4242"
	got := Redact("curl -H 'Authorization: Token "+tok+"' x="+legacy, []string{legacy})
	assert.Equal(t, "curl -H 'Authorization: Token bkar_…(73 chars)' x=…(20 chars)", got)
	assert.NotContains(t, got, body73[:20])
	assert.Equal(t, "nothing here", Redact("nothing here", nil))
}

func TestMask(t *testing.T) {
	assert.Equal(t, "bkar_…(73 chars)", Mask("bkar_"+body73))
	assert.Equal(t, "bkpat_…(53 chars)", Mask("bkpat_"+body53))
	assert.Equal(t, "…(20 chars)", Mask("c0ffee12deadbeef4242"))
}

func TestIsPlaceholder(t *testing.T) {
	assert.False(t, IsPlaceholder("bkar_"+body73, ""))
	assert.False(t, IsPlaceholder("bkar_"+body73, ". The next sentence"))
	assert.False(t, IsPlaceholder("bkar_"+body73, "..."), "a whole token followed by an ellipsis is a token (a cut diff line)")
	assert.False(t, IsPlaceholder("bkar_"+body73[:72], "…"), "77 of 78 characters, cut")
	assert.True(t, IsPlaceholder("bkar_"+body73[:24], "..."), "an elided value shows a short start")
	assert.True(t, IsPlaceholder("bkar_"+body73[:39], "<"))
	assert.True(t, IsPlaceholder("bkar_SampleToken"+body53, ""))
	assert.True(t, IsPlaceholder("bkar_00000000000000000000000", ""))
}

func TestMayMatch(t *testing.T) {
	legacy := "c0ffee12deadbeef4242"
	tests := []struct {
		name, text string
		issued     []string
		want       bool
	}{
		{name: "plain HTML", text: "<p>Register with <code>$BUILDKITE_AGENT_TOKEN</code>.</p>", want: false},
		{name: "empty", text: "", want: false},
		{name: "a bk anywhere", text: "<a href=\"/bk\">", want: true},
		{name: "token shape", text: "x bkar_" + body73, want: true},
		{name: "other issued value", text: "x=" + legacy, issued: []string{legacy}, want: true},
		{name: "other issued value absent", text: "x=c0ffee", issued: []string{legacy}, want: false},
		{name: "short issued values are ignored", text: "abc", issued: []string{"abc"}, want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, NewFinder(tt.issued).MayMatch([]byte(tt.text)))
		})
	}
}

func TestFinderReuse(t *testing.T) {
	f := NewFinder([]string{"bkaa_" + body73, "bkaa_" + body73, "bkua_" + body53})
	for i := 0; i < 3; i++ {
		spans := f.Find("a bkaa_" + body73 + " b bkua_" + body53)
		require.Len(t, spans, 2)
		assert.True(t, spans[0].Issued && spans[1].Issued)
	}
}

// BenchmarkFind scans a 1 MB page for 500 issued tokens, the size of a large build.
func BenchmarkFind(b *testing.B) {
	var issued []string
	for i := 0; i < 500; i++ {
		issued = append(issued, "bkaa_"+body73[i%50:]+strings.Repeat("Q", i%50)+string(rune('a'+i%26)))
	}
	issued = append(issued, "legacytoken0123456789")
	page := strings.Repeat("<p>Register with <code>$BUILDKITE_AGENT_TOKEN</code> and bkar_EXAMPLE0000000000000000.</p>\n", 10000)
	f := NewFinder(issued)
	b.SetBytes(int64(len(page)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if len(f.Find(page)) != 0 {
			b.Fatal("unexpected token")
		}
	}
}

// TestExemptNeverHidesWhatFollows holds issue 19 item 4: a run that starts
// like a placeholder (bkaa_exampleexampleexample1…) hid a real token glued
// after it, so check --update wrote it into content/ and build published it.
func TestExemptNeverHidesWhatFollows(t *testing.T) {
	real := "bkaa_" + body53 + "A1b2C3d4E5f6G7h8I9j0K1"
	issued := "bkaj_" + body53 + "Qw"
	tests := []struct {
		name, text string
		issued     []string
		want       []string // the spans' text
	}{
		{"placeholder then a real token", "bkaa_exampleexampleexample1" + real, nil, []string{real}},
		{"placeholder then an issued value", "bkaa_exampleexampleexample1" + issued, []string{issued}, []string{issued}},
		{"repeated characters then a real token", "bkar_xxxxxxxxxxxxxxxxxxxxxxxx_" + real, nil, []string{real}},
		{"counting run then an issued value", "bkar_abcdefghijklmnopqrstuvwxyz" + issued + "...", []string{issued},
			[]string{"bkar_abcdefghijklmnopqrstuvwxyz" + issued}},
		{"word then a real token", "xbkar_" + body73 + real, nil, []string{real}},
		{"a word alone stays text", "xbkar_" + body73, nil, nil},
		{"a whole token and an ellipsis", real + "…", nil, []string{real}},
		{"a cut token and an ellipsis", real[:77] + "… (3 more bytes)", nil, []string{real[:77]}},
		{"an elided start stays a placeholder", real[:30] + "…", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, sp := range Find(tt.text, tt.issued) {
				got = append(got, tt.text[sp.Start:sp.End])
			}
			assert.Equal(t, tt.want, got)
			out := Redact(tt.text, tt.issued)
			for _, v := range tt.want {
				assert.NotContains(t, out, v[len(v)-20:], "redacted")
			}
		})
	}
}
