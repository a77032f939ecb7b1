package catalog

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestNotInTheEngine: the catalog is a separate asset for the page, never
// part of engine.wasm, so neither the engine nor the page's engine module
// (./wasm) may import this package. The Worker (wasm/worker) and the CLI
// embed it, as they should.
func TestNotInTheEngine(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", "../engine/...", "../wasm")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "github.com/iamplayground/iamplay/engine/policy\n") {
		t.Fatalf("go list did not list the engine's packages:\n%s", out)
	}
	for _, p := range strings.Fields(string(out)) {
		if p == "github.com/iamplayground/iamplay/catalog" || p == "github.com/iamplayground/iamplay/lint" {
			t.Errorf("engine/ or the engine module (wasm) depends on %s", p)
		}
	}
}
