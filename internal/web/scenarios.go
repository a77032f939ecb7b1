package web

import (
	"encoding/json"
	"errors"
	"io/fs"
	"net/http"
	"sort"
	"strings"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/world"
	"github.com/iamplayground/iamplay/internal/scenariojson"
	"github.com/iamplayground/iamplay/scenarios"
)

// Library is the answer to GET /api/scenarios: every scenario with the
// names of its requests, in the field names of the playground's catalog
// (wasm/catalog). The inputs are in each scenario's own answer.
type Library struct {
	Engine    string            `json:"engine"`
	Scenarios []LibraryScenario `json:"scenarios"`
}

// LibraryScenario is one scenario of the Library.
type LibraryScenario struct {
	ID       string           `json:"id"`
	Title    string           `json:"title"`
	Summary  string           `json:"summary"`
	Tags     []string         `json:"tags"`
	Requests []LibraryRequest `json:"requests"`
}

// LibraryRequest names a request of a scenario and the decision it expects.
type LibraryRequest struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Expect      string `json:"expect"`
}

// scenarios is GET /api/scenarios. The library is parsed on the first
// call, not before: the Worker starts a fresh instance per request, and
// most requests never need it.
func (h *handler) scenarios(w http.ResponseWriter, r *http.Request) {
	lib := &h.library
	lib.once.Do(func() { lib.list, lib.err = libraryJSON() })
	if lib.err != nil {
		writeError(w, http.StatusInternalServerError, &Error{Code: "internal", Message: lib.err.Error()})
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	writeBody(w, http.StatusOK, "application/json; charset=utf-8", lib.list)
}

func libraryJSON() ([]byte, error) {
	names, err := fs.Glob(scenarios.FS, "*.json")
	if err != nil {
		return nil, err
	}
	lib := Library{Engine: engine.Version, Scenarios: []LibraryScenario{}}
	for _, n := range names {
		s, err := loadScenario(strings.TrimSuffix(n, ".json"))
		if err != nil {
			return nil, err
		}
		ls := LibraryScenario{ID: s.ID, Title: s.Title, Summary: s.Summary, Tags: nonNil(s.Tags), Requests: []LibraryRequest{}}
		for _, rq := range s.Requests {
			ls.Requests = append(ls.Requests, LibraryRequest{Name: rq.Name, Description: rq.Description, Expect: rq.Expect.String()})
		}
		lib.Scenarios = append(lib.Scenarios, ls)
	}
	sort.Slice(lib.Scenarios, func(i, j int) bool { return lib.Scenarios[i].ID < lib.Scenarios[j].ID })
	b, err := json.Marshal(lib)
	return append(b, '\n'), err
}

// scenario is GET /api/scenarios/{id}: the scenario as the playground's
// catalog holds it (scenariojson), each request's input with the policy
// texts in place.
func (h *handler) scenario(w http.ResponseWriter, r *http.Request, id string) {
	s, err := loadScenario(id)
	if err != nil {
		writeError(w, http.StatusNotFound, &Error{Code: "scenario.unknown", Message: err.Error()})
		return
	}
	e, err := scenarios.NewEntry(s)
	if err != nil {
		writeError(w, http.StatusInternalServerError, &Error{Code: "internal", Message: err.Error()})
		return
	}
	out, err := scenariojson.FromEntry(e, nil)
	if err != nil {
		writeError(w, http.StatusInternalServerError, &Error{Code: "internal", Message: err.Error()})
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	writeJSON(w, http.StatusOK, out)
}

// loadScenario parses one scenario of the library. IDs are checked first:
// only lower-case letters, digits and hyphens, as the library's file names.
func loadScenario(id string) (*world.Scenario, error) {
	if !validID(id) {
		return nil, errors.New("no scenario " + quoteShort(id) + ": scenario IDs are lower-case letters, digits and hyphens, as in 01-developer-access-identity-center")
	}
	if _, err := fs.Stat(scenarios.FS, id+".json"); err != nil {
		return nil, errors.New("no scenario " + quoteShort(id) + " in the library; GET /api/scenarios lists them")
	}
	return scenarios.Load(id)
}

func validID(id string) bool {
	if id == "" || len(id) > 100 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// quoteShort quotes s, cut to 100 bytes, for a message.
func quoteShort(s string) string {
	if len(s) > 100 {
		s = s[:100] + "…"
	}
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
