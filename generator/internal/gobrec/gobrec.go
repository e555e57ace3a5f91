// Package gobrec encodes values of one type as gob records that decode
// independently of each other, in any order: the type descriptions gob
// sends once per stream are encoded once, as a preamble, and every record is
// a single gob value message. A reader primes its decoders with the
// preamble and then decodes any record alone, so records can live at random
// offsets of a file (generator/internal/pack) without re-sending types or
// re-compiling decoders per record.
//
// T must not hold interface values (gob would describe their concrete types
// inside records). Encoders and decoders are pooled; a Codec is safe for
// concurrent use.
package gobrec

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"sync"
)

// Codec encodes and decodes records of T.
type Codec[T any] struct {
	preamble []byte

	mu   sync.Mutex
	encs []*encoder
	decs []*decoder
}

type encoder struct {
	buf bytes.Buffer
	enc *gob.Encoder
}

// feed is the reader a decoder reads from; it is an io.ByteReader, so gob
// reads exactly one message per Decode and never reads ahead.
type decoder struct {
	feed bytes.Reader
	dec  *gob.Decoder
}

// New returns a Codec for writing (and reading back) records of T with this
// process's gob type descriptions.
func New[T any]() (*Codec[T], error) {
	c := &Codec[T]{}
	e, err := c.newEncoder()
	if err != nil {
		return nil, err
	}
	c.preamble = bytes.Clone(e.buf.Bytes())
	c.encs = append(c.encs, e)
	return c, nil
}

// Open returns a Codec that decodes records written with preamble (from a
// Codec of the same T). It fails when the preamble does not describe T.
func Open[T any](preamble []byte) (*Codec[T], error) {
	c := &Codec[T]{preamble: bytes.Clone(preamble)}
	d, err := c.newDecoder()
	if err != nil {
		return nil, err
	}
	c.decs = append(c.decs, d)
	return c, nil
}

// Preamble returns the type descriptions records need to be decoded.
func (c *Codec[T]) Preamble() []byte { return c.preamble }

func (c *Codec[T]) newEncoder() (*encoder, error) {
	e := &encoder{}
	e.enc = gob.NewEncoder(&e.buf)
	var zero T
	if err := e.enc.Encode(&zero); err != nil {
		return nil, fmt.Errorf("gob preamble: %w", err)
	}
	if c.preamble != nil && !bytes.Equal(e.buf.Bytes(), c.preamble) {
		return nil, errors.New("gob preamble: encoders disagree on type descriptions")
	}
	return e, nil
}

func (c *Codec[T]) newDecoder() (*decoder, error) {
	d := &decoder{}
	d.feed.Reset(c.preamble)
	d.dec = gob.NewDecoder(&d.feed)
	var zero T
	if err := d.dec.Decode(&zero); err != nil || d.feed.Len() != 0 {
		return nil, fmt.Errorf("gob preamble does not describe %T: %v", zero, err)
	}
	return d, nil
}

// Append encodes v as one record appended to dst.
func (c *Codec[T]) Append(dst []byte, v *T) ([]byte, error) {
	c.mu.Lock()
	var e *encoder
	if n := len(c.encs); n > 0 {
		e, c.encs = c.encs[n-1], c.encs[:n-1]
	}
	c.mu.Unlock()
	if e == nil {
		var err error
		if e, err = c.newEncoder(); err != nil {
			return dst, err
		}
	}
	e.buf.Reset()
	if err := e.enc.Encode(v); err != nil {
		return dst, fmt.Errorf("gob record: %w", err) // e may be mid-stream: not reused
	}
	dst = append(dst, e.buf.Bytes()...)
	c.put(e, nil)
	return dst, nil
}

// Decode decodes one record into v. A record that is not exactly one
// value of T is an error.
func (c *Codec[T]) Decode(rec []byte, v *T) error {
	c.mu.Lock()
	var d *decoder
	if n := len(c.decs); n > 0 {
		d, c.decs = c.decs[n-1], c.decs[:n-1]
	}
	c.mu.Unlock()
	if d == nil {
		var err error
		if d, err = c.newDecoder(); err != nil {
			return err
		}
	}
	d.feed.Reset(rec)
	if err := d.dec.Decode(v); err != nil {
		return fmt.Errorf("gob record: %w", err) // d's state is unknown: not reused
	}
	if d.feed.Len() != 0 {
		return errors.New("gob record: trailing bytes")
	}
	c.put(nil, d)
	return nil
}

// put returns an encoder or decoder to the pool; the pool keeps at most a
// few of each (the number of goroutines that used them at once).
func (c *Codec[T]) put(e *encoder, d *decoder) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e != nil && len(c.encs) < 64 {
		if e.buf.Cap() > 1<<20 { // do not keep a buffer sized for one huge record
			e.buf = bytes.Buffer{}
		}
		c.encs = append(c.encs, e)
	}
	if d != nil && len(c.decs) < 64 {
		c.decs = append(c.decs, d)
	}
}
