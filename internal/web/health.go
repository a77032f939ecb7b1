package web

import (
	"net/http"
	"runtime"
	"runtime/debug"

	"github.com/iamplayground/iamplay/engine"
)

// Health is the answer to GET /api/health.
type Health struct {
	Engine    string `json:"engine"`    // engine.Version
	Build     string `json:"build"`     // Config.Build, or the VCS revision
	Go        string `json:"go"`        // the Go release the server was built with
	Scenarios int    `json:"scenarios"` // how many scenarios the library holds
	Links     bool   `json:"links"`     // whether POST /api/links is available
}

func (h *handler) health(w http.ResponseWriter, r *http.Request) {
	build := h.cfg.Build
	if build == "" {
		build = vcsRevision()
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, Health{Engine: engine.Version, Build: build, Go: runtime.Version(),
		Scenarios: scenarioCount(), Links: h.cfg.Links != nil})
}

// vcsRevision is the commit the binary was built from, with "+dirty" when
// the tree had changes, or "unknown".
func vcsRevision() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	rev, dirty := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "unknown"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "+dirty"
	}
	return rev
}
