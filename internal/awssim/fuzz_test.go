package awssim

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseRequest: any bytes give a request or an error, never a panic;
// a request that reads is simulated without a panic too.
func FuzzParseRequest(f *testing.F) {
	files, _ := filepath.Glob("testdata/custom-*.request.json")
	for _, file := range files {
		src, _ := os.ReadFile(file)
		f.Add(src)
	}
	f.Add([]byte(`{"ActionNames":["s3:GetObject"],"PolicyInputList":["{\"Statement\":[]}"],"ContextEntries":[{"ContextKeyName":"aws:SourceIp","ContextKeyValues":["10.0.0.1"],"ContextKeyType":"ipList"}]}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		req, err := ParseRequest("fuzz", src)
		if err != nil {
			return
		}
		if len(req.ActionNames)*max(len(req.ResourceArns), 1) > 50 {
			return
		}
		if sim, err := Custom(req); err == nil {
			Simulate(req, sim)
		}
	})
}
