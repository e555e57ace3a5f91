package serve

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// outDirPrefix names the serve-owned output directories.
const outDirPrefix = "docproof-serve-"

// ownerFile holds the pid of the serve process that owns an output directory.
const ownerFile = ".owner-pid"

// makeOutDir makes the serve-owned output directory under root. With no
// root it prefers /dev/shm: every build publishes a new tree (pages whose
// bytes did not change are hard-linked from the previous one, the rest are
// written) and the replaced tree is removed, and on a RAM file system that
// costs a fraction of what it costs on disk. Directories left
// there by serve processes that died without cleaning up (kill -9) are
// removed first, so they do not hold memory forever.
func makeOutDir(root string) (string, error) {
	if root == "" {
		if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
			removeOrphans("/dev/shm")
			if dir, err := newOutDir("/dev/shm"); err == nil {
				return dir, nil
			}
		}
		root = os.TempDir()
	}
	removeOrphans(root)
	dir, err := newOutDir(root)
	if err != nil {
		return "", fmt.Errorf("serve: output directory: %w", err)
	}
	return dir, nil
}

func newOutDir(root string) (string, error) {
	dir, err := os.MkdirTemp(root, outDirPrefix)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o600); err != nil {
		_ = os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}

// removeOrphans removes the output directories under root whose owner
// process is gone. A directory without a readable owner is left alone.
func removeOrphans(root string) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), outDirPrefix) {
			continue
		}
		dir := filepath.Join(root, e.Name())
		data, err := os.ReadFile(filepath.Join(dir, ownerFile))
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
		if err != nil || pid <= 0 || processAlive(pid) {
			continue
		}
		_ = os.RemoveAll(dir)
	}
}

// processAlive reports whether a process with this pid exists.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
