package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/world"
	"github.com/iamplayground/iamplay/internal/evaluate"
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
	o, ok := evaluate.Scenario(s, *name, engine.Options{Trace: true})
	if !ok {
		fmt.Fprintf(stderr, "iamplay eval: %s has no request %q; it has:\n", *file, *name)
		for _, r := range evaluate.RequestNames(s) {
			fmt.Fprintf(stderr, "  %s\n", r)
		}
		return 2
	}
	if *explain {
		if err := o.WriteText(stdout); err != nil {
			fmt.Fprintf(stderr, "iamplay eval: %v\n", err)
			return 2
		}
	} else {
		rep := evaluate.Report(o)
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintf(stderr, "iamplay eval: %v\n", err)
			return 2
		}
	}
	if !o.Passed() {
		fmt.Fprintf(stderr, "iamplay eval: expected %s, got %s\n", o.Request.Expect, o.Decision)
		return 1
	}
	return 0
}
