//go:build unix

package generator

import (
	"errors"
	"syscall"
)

// readFileInto reads the file at path into buf's storage (grown when too
// small; a nil buf is sized from the file) and returns the bytes. It stops
// reading once it holds more than limit bytes: the caller refuses the file.
//
// It calls the system directly: os.File's bookkeeping (the poller
// registration, the File value) was a third of the time of reading the
// sources again on every `docproof serve` rebuild. O_NONBLOCK: a FIFO put
// where a page was (the walk lists regular files only) cannot block the
// build; without a writer it reads as empty.
func readFileInto(path string, buf []byte, limit int) ([]byte, error) {
	fd, err := open(path)
	if err != nil {
		return buf, err
	}
	defer syscall.Close(fd)
	if buf == nil {
		var st syscall.Stat_t
		if err := syscall.Fstat(fd, &st); err != nil {
			return nil, err
		}
		buf = make([]byte, 0, min(max(st.Size, 0), int64(limit))+1) // one read, then the one that sees the end
	}
	buf = buf[:0]
	for len(buf) <= limit {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := syscall.Read(fd, buf[len(buf):cap(buf)])
		switch {
		case errors.Is(err, syscall.EINTR):
			continue
		case err != nil:
			return buf, err
		case n <= 0:
			return buf, nil
		}
		buf = buf[:len(buf)+n]
	}
	return buf, nil
}

func open(path string) (int, error) {
	for {
		fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
		if !errors.Is(err, syscall.EINTR) {
			return fd, err
		}
	}
}
