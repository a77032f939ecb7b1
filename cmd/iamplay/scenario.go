package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/world"
)

// hasScenarioFlag reports whether eval's arguments ask for a scenario
// request rather than an input file.
func hasScenarioFlag(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if a == "-scenario" || a == "--scenario" || strings.HasPrefix(a, "-scenario=") || strings.HasPrefix(a, "--scenario=") {
			return true
		}
	}
	return false
}

// cmdEvalScenario is `iamplay eval --scenario FILE --request NAME
// [--explain]`: it evaluates one request of a scenario file, step by step,
// and prints the steps as JSON, or as text traces with --explain. Exit
// status 1 when the decision is not the one the request expects.
func cmdEvalScenario(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("scenario", "", "scenario file")
	name := fs.String("request", "", "name of the request to evaluate (a matrix cell is \"ROW × COLUMN\")")
	explain := fs.Bool("explain", false, "print text traces instead of JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 0 || *file == "" {
		fmt.Fprint(stderr, "usage: iamplay eval --scenario FILE --request NAME [--explain]\n")
		return 2
	}
	src, err := readFileLimited(*file, "the file", maxScenario)
	if err != nil {
		fmt.Fprintf(stderr, "iamplay eval: %v\n", err)
		return 2
	}
	s, errs := world.Parse(*file, src)
	for _, e := range errs {
		fmt.Fprintln(stderr, e.Error())
	}
	if s == nil {
		return 2
	}
	req := s.Request(*name)
	if req == nil {
		fmt.Fprintf(stderr, "iamplay eval: %s has no request %q; it has:\n", *file, *name)
		for _, r := range s.Requests {
			fmt.Fprintf(stderr, "  %s\n", r.Name)
		}
		return 2
	}
	o := s.Evaluate(req, engine.Options{Trace: true})
	if *explain {
		if err := o.WriteText(stdout); err != nil {
			fmt.Fprintf(stderr, "iamplay eval: %v\n", err)
			return 2
		}
	} else {
		type stepReport struct {
			Kind     string         `json:"kind"`
			Label    string         `json:"label"`
			Decision string         `json:"decision"`
			Note     string         `json:"note,omitempty"`
			Result   *engine.Report `json:"result,omitempty"`
		}
		rep := struct {
			Request  string       `json:"request"`
			Decision string       `json:"decision"`
			Expect   string       `json:"expect"`
			Steps    []stepReport `json:"steps"`
		}{Request: req.Name, Decision: o.Decision.String(), Expect: req.Expect.String()}
		for _, st := range o.Steps {
			sr := stepReport{Kind: st.Kind.String(), Label: st.Label, Decision: st.Decision.String(), Note: st.Note}
			if st.Result != nil {
				r := st.Result.Report()
				sr.Result = &r
			}
			rep.Steps = append(rep.Steps, sr)
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintf(stderr, "iamplay eval: %v\n", err)
			return 2
		}
	}
	if !o.Passed() {
		fmt.Fprintf(stderr, "iamplay eval: expected %s, got %s\n", req.Expect, o.Decision)
		return 1
	}
	return 0
}
