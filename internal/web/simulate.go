package web

import (
	"errors"
	"net/http"

	"github.com/iamplayground/iamplay/internal/awssim"
)

// simulate is POST /api/simulate: the --cli-input-json of aws iam
// simulate-custom-policy, answered in the simulator's EvaluationResults
// shape; a simulate-principal-policy request (PolicySourceArn) is looked up
// in the library scenario ?scenario=ID names.
func (h *handler) simulate(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	req, err := awssim.ParseRequest("request", body)
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, simulateError(err))
		return
	}
	var sim *awssim.Simulation
	if req.PolicySourceArn != "" {
		id := r.URL.Query().Get("scenario")
		if id == "" {
			writeError(w, http.StatusUnprocessableEntity, &Error{Code: "simulate.noWorld",
				Message: "PolicySourceArn names a principal of an account: add ?scenario=ID to look it up in a library scenario"})
			return
		}
		s, lerr := loadScenario(id)
		if lerr != nil {
			writeError(w, http.StatusUnprocessableEntity, &Error{Code: "scenario.unknown", Message: lerr.Error()})
			return
		}
		sim, err = awssim.Principal(req, s.World)
	} else {
		sim, err = awssim.Custom(req)
	}
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, simulateError(err))
		return
	}
	resp, err := awssim.Simulate(req, sim)
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, simulateError(err))
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// simulateError places a simulator request's problem in the body when it
// is located there.
func simulateError(err error) *Error {
	e := &Error{Code: "simulate.invalid", Message: err.Error()}
	var ae *awssim.Error
	if errors.As(err, &ae) && ae.Pos.IsValid() {
		e.Line, e.Column = ae.Pos.Line, ae.Pos.Col
	}
	return e
}
