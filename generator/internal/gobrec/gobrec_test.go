package gobrec

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type inner struct {
	Text string
	IDs  map[string]bool
}

type rec struct {
	Key   string
	N     int
	Page  *inner
	List  []inner
	Bytes []byte
}

func sampleRecs(n int) []rec {
	out := make([]rec, n)
	for i := range out {
		out[i] = rec{Key: fmt.Sprint("k", i), N: i}
		if i%2 == 0 {
			out[i].Page = &inner{Text: fmt.Sprint("page ", i), IDs: map[string]bool{"a": true}}
		}
		if i%3 == 0 {
			out[i].List = []inner{{Text: "x"}, {Text: "y", IDs: map[string]bool{"b": true}}}
			out[i].Bytes = []byte{byte(i)}
		}
	}
	return out
}

// Records decode alone, in any order, with a codec that knows only the
// preamble, as a later process reading a pack at random offsets does.
func TestRecordsDecodeIndependently(t *testing.T) {
	w, err := New[rec]()
	require.NoError(t, err)
	recs := sampleRecs(50)
	enc := make([][]byte, len(recs))
	for i := range recs {
		enc[i], err = w.Append(nil, &recs[i])
		require.NoError(t, err)
	}
	r, err := Open[rec](w.Preamble())
	require.NoError(t, err)
	for _, i := range rand.New(rand.NewPCG(1, 2)).Perm(len(recs)) {
		var got rec
		require.NoError(t, r.Decode(enc[i], &got))
		assert.Equal(t, recs[i], got, "record %d", i)
	}
}

func TestConcurrentEncodersAgree(t *testing.T) {
	w, err := New[rec]()
	require.NoError(t, err)
	recs := sampleRecs(200)
	enc := make([][]byte, len(recs))
	var wg sync.WaitGroup
	for g := range 8 { // forces several pooled encoders, each with its own gob stream
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; i < len(recs); i += 8 {
				b, err := w.Append(nil, &recs[i])
				assert.NoError(t, err)
				enc[i] = b
			}
		}()
	}
	wg.Wait()
	r, err := Open[rec](w.Preamble())
	require.NoError(t, err)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; i < len(recs); i += 4 {
				var got rec
				assert.NoError(t, r.Decode(enc[i], &got))
				assert.Equal(t, recs[i], got)
			}
		}()
	}
	wg.Wait()
}

func TestBadInput(t *testing.T) {
	w, err := New[rec]()
	require.NoError(t, err)
	good, err := w.Append(nil, &rec{Key: "a", N: 1})
	require.NoError(t, err)

	other, err := New[struct{ X, Y float64 }]()
	require.NoError(t, err)
	_, err = Open[rec](other.Preamble())
	assert.Error(t, err, "a preamble of another type")
	_, err = Open[rec]([]byte("garbage"))
	assert.Error(t, err)

	r, err := Open[rec](w.Preamble())
	require.NoError(t, err)
	for name, b := range map[string][]byte{
		"empty":     nil,
		"truncated": good[:len(good)-1],
		"trailing":  append(append([]byte{}, good...), good...),
		"garbage":   []byte{0xff, 0xfe, 0x01, 0x02},
	} {
		var got rec
		assert.Error(t, r.Decode(b, &got), name)
	}
	var got rec
	require.NoError(t, r.Decode(good, &got), "a failed decode does not spoil the codec")
	assert.Equal(t, rec{Key: "a", N: 1}, got)
}

func BenchmarkDecode(b *testing.B) {
	w, _ := New[rec]()
	r0 := sampleRecs(3)[0]
	enc, _ := w.Append(nil, &r0)
	r, _ := Open[rec](w.Preamble())
	b.ReportAllocs()
	for b.Loop() {
		var got rec
		if err := r.Decode(enc, &got); err != nil {
			b.Fatal(err)
		}
	}
}

// A decoded value owns its memory: the record's buffer can be reused.
func TestDecodedValuesDoNotAliasTheRecord(t *testing.T) {
	w, err := New[rec]()
	require.NoError(t, err)
	want := rec{Key: "key", Page: &inner{Text: "text", IDs: map[string]bool{"id": true}}, Bytes: []byte("bytes")}
	b, err := w.Append(nil, &want)
	require.NoError(t, err)
	var got rec
	require.NoError(t, w.Decode(b, &got))
	for i := range b {
		b[i] = 'X'
	}
	assert.Equal(t, want, got)
}
