package cache

import (
	"bytes"
	"encoding/gob"
)

// Gob is a Codec of encoding/gob: each value is a self-describing gob
// stream (its type, then the value).
type Gob[V any] struct{}

// Append implements Codec.
func (Gob[V]) Append(buf []byte, v V) ([]byte, error) {
	b := bytes.NewBuffer(buf)
	err := gob.NewEncoder(b).Encode(&v)
	return b.Bytes(), err
}

// Decode implements Codec.
func (Gob[V]) Decode(data []byte) (V, error) {
	var v V
	err := gob.NewDecoder(bytes.NewReader(data)).Decode(&v)
	return v, err
}
