package web

import (
	"net/http"

	"github.com/iamplayground/iamplay/lint"
)

// lintFile is POST /api/lint: every lint check of an `iamplay eval` input
// or a scenario file, as `iamplay lint --format json` prints them: each
// finding with its file, span, severity, stable code, message and lesson.
// The action catalog is decoded on the first call only.
func (h *handler) lintFile(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	findings := lint.File("request", body, nil)
	if findings == nil {
		findings = []lint.Finding{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"findings": findings, "errors": lint.HasErrors(findings)})
}
