package serve

import (
	"context"
	"encoding/binary"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// poller is the fallback watcher: every interval it hashes the name, size,
// mode and modification time of everything in the watch set, and reports a
// change when the hash differs from the last one.
type poller struct {
	ws       watchSet
	interval time.Duration
	clock    Clock
}

func (p poller) run(ctx context.Context, out chan<- change, ready func()) {
	last := p.fingerprint()
	ready()
	for {
		select {
		case <-ctx.Done():
			return
		case <-p.clock.After(p.interval):
		}
		if fp := p.fingerprint(); fp != last {
			last = fp
			if !send(ctx, out, change{"", contentChange}) {
				return
			}
		}
	}
}

// fingerprint hashes the state of the watch set. Walk errors (a file removed
// while walking) only change the hash, so the next poll settles it.
func (p poller) fingerprint() uint64 {
	h := fnv.New64a()
	var buf [8]byte
	stamp := func(path string, fi fs.FileInfo) {
		h.Write([]byte(path))
		h.Write([]byte{0})
		switch {
		case fi == nil:
			h.Write([]byte{1})
			return
		case fi.IsDir(): // its mtime changes with editors' temp files: names are enough
			h.Write([]byte{2})
			return
		}
		for _, v := range []int64{fi.Size(), fi.ModTime().UnixNano(), int64(fi.Mode())} {
			binary.LittleEndian.PutUint64(buf[:], uint64(v))
			h.Write(buf[:])
		}
	}
	for _, f := range p.ws.files {
		fi, _ := os.Stat(f)
		stamp(f, fi)
	}
	for _, t := range p.ws.trees {
		_ = filepath.WalkDir(t, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				stamp(path, nil)
				return nil
			}
			if isEditorTemp(d.Name()) && path != t {
				return nil
			}
			fi, _ := os.Stat(path) // follow symlinks: the build reads the targets
			stamp(path, fi)
			return nil
		})
	}
	return h.Sum64()
}
