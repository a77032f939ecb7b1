package catalog

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// File is the catalog's serialized form, the JSON that catalog.json.gz
// holds and that the playground page loads as a separate asset. Names are
// short because there are over 20,000 actions; actions, resource types and
// condition keys refer to their service's tables (and to Levels and Types)
// by index.
type File struct {
	Source    string        `json:"source"`    // npm package the data comes from
	Version   string        `json:"version"`   // its version
	UpdatedAt string        `json:"updatedAt"` // when its data was last updated
	Levels    []string      `json:"levels"`    // access levels, by index
	Types     []string      `json:"types"`     // condition key types, by index
	Global    []FileKey     `json:"global"`    // global condition keys
	Services  []FileService `json:"services"`
}

// FileService is one service prefix with its actions, resource types and
// the condition keys they use.
type FileService struct {
	Prefix    string         `json:"p"`
	Name      string         `json:"n"`
	Keys      []FileKey      `json:"k,omitempty"`
	Resources []FileResource `json:"r,omitempty"`
	Actions   []FileAction   `json:"a,omitempty"`
}

// FileKey is a condition key and the index of its type in File.Types.
type FileKey struct {
	Name string `json:"n"`
	Type int    `json:"t"`
}

// FileResource is a resource type: its name, ARN template and the indexes
// of its condition keys in the service's Keys.
type FileResource struct {
	Name string `json:"n"`
	ARN  string `json:"arn"`
	Keys []int  `json:"k,omitempty"`
}

// FileAction is an action: its name, the index of its access level, and
// the indexes of the resource types it takes and the condition keys it
// supports in its service's tables.
type FileAction struct {
	Name      string `json:"n"`
	Level     int    `json:"l"`
	Resources []int  `json:"r,omitempty"`
	Keys      []int  `json:"k,omitempty"`
}

// MaxFileSize bounds what Decode reads, uncompressed.
const MaxFileSize = 64 << 20

// Decode reads a catalog from its JSON form, gzip'd or not, and checks
// that every index points into its table.
func Decode(data []byte) (*Catalog, error) {
	if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("catalog: %w", err)
		}
		raw, err := io.ReadAll(io.LimitReader(zr, MaxFileSize+1))
		if err != nil {
			return nil, fmt.Errorf("catalog: %w", err)
		}
		data = raw
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("catalog: larger than %d bytes", MaxFileSize)
	}
	var f File
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	return build(&f), nil
}

func (f *File) check() error {
	badKey := func(where string, k FileKey) error {
		if k.Type < 0 || k.Type >= len(f.Types) {
			return fmt.Errorf("catalog: %s: key %q has type %d of %d", where, k.Name, k.Type, len(f.Types))
		}
		if k.Name == "" {
			return fmt.Errorf("catalog: %s: a condition key has no name", where)
		}
		return nil
	}
	for _, k := range f.Global {
		if err := badKey("global keys", k); err != nil {
			return err
		}
	}
	for _, s := range f.Services {
		if s.Prefix == "" || strings.ContainsAny(s.Prefix, ":*?") {
			return fmt.Errorf("catalog: bad service prefix %q", s.Prefix)
		}
		for _, k := range s.Keys {
			if err := badKey(s.Prefix, k); err != nil {
				return err
			}
		}
		for _, r := range s.Resources {
			if err := indexes(s.Prefix+" resource "+r.Name, "key", r.Keys, len(s.Keys)); err != nil {
				return err
			}
		}
		for _, a := range s.Actions {
			where := s.Prefix + ":" + a.Name
			if a.Name == "" {
				return fmt.Errorf("catalog: %s: an action has no name", s.Prefix)
			}
			if a.Level < 0 || a.Level >= len(f.Levels) {
				return fmt.Errorf("catalog: %s: access level %d of %d", where, a.Level, len(f.Levels))
			}
			if err := indexes(where, "resource type", a.Resources, len(s.Resources)); err != nil {
				return err
			}
			if err := indexes(where, "key", a.Keys, len(s.Keys)); err != nil {
				return err
			}
		}
	}
	return nil
}

func indexes(where, what string, idx []int, n int) error {
	for _, i := range idx {
		if i < 0 || i >= n {
			return fmt.Errorf("catalog: %s: %s %d of %d", where, what, i, n)
		}
	}
	return nil
}
