package importer

import (
	"os"
	"testing"
)

// FuzzImport: any bytes give a world or an error, never a panic.
func FuzzImport(f *testing.F) {
	for _, n := range all {
		data, _ := os.ReadFile("testdata/" + n)
		f.Add(data)
	}
	f.Add([]byte(`{"RoleDetailList":[{"RoleName":"r","Arn":"arn:aws:iam::111111111111:role/r","AssumeRolePolicyDocument":"%7B%7D"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		Import([]File{{"fuzz", data}}, Options{})
	})
}
