// Package dirstore keeps short share links in a directory, one file per
// link, for `iamplay serve`: the native counterpart of the Worker's
// Workers KV (see web.Store).
package dirstore

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/iamplayground/iamplay/internal/web"
)

// Store is a directory of links: the file ID holds the fragment.
type Store struct {
	dir string
}

// Open returns the store in dir, creating the directory if needed.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &Store{dir: dir}, nil
}

// Get returns the fragment stored under id, or web.ErrNoLink.
func (s *Store) Get(_ context.Context, id string) (string, error) {
	if !safe(id) {
		return "", web.ErrNoLink
	}
	b, err := os.ReadFile(filepath.Join(s.dir, id))
	if errors.Is(err, fs.ErrNotExist) {
		return "", web.ErrNoLink
	}
	return string(b), err
}

// Put stores a fragment under id. It writes a temporary file and renames
// it, so a reader never sees half a link, even if two writers race.
func (s *Store) Put(_ context.Context, id, fragment string) error {
	if !safe(id) {
		return errors.New("dirstore: invalid link ID " + id)
	}
	final := filepath.Join(s.dir, id)
	if b, err := os.ReadFile(final); err == nil && string(b) == fragment {
		return nil
	}
	tmp, err := os.CreateTemp(s.dir, ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(fragment); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), final)
}

// safe reports whether an ID is a plain file name: base64url characters
// only, so never a path or a hidden file.
func safe(id string) bool {
	return id != "" && len(id) <= 64 && id[0] != '-' &&
		strings.Trim(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == ""
}
