package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/world"
	"github.com/iamplayground/iamplay/internal/awssim"
	"github.com/iamplayground/iamplay/internal/evaluate"
)

// cmdSimulate is `iamplay simulate [--world FILE] FILE|-`: it answers an
// aws iam simulate-custom-policy or simulate-principal-policy
// --cli-input-json request in the simulator's EvaluationResults shape
// (simulate-principal-policy resolves PolicySourceArn in the world), and
// `iamplay simulate --export FILE` (or --scenario FILE --request NAME)
// writes an evaluation as the simulate-custom-policy command that asks a
// real account the same question, with what it cannot express.
func cmdSimulate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	worldFile := fs.String("world", "", "scenario or imported world that simulate-principal-policy's PolicySourceArn is looked up in")
	export := fs.Bool("export", false, "write the input (or the scenario request) as an aws iam simulate-custom-policy command")
	scenario := fs.String("scenario", "", "with --export: scenario file")
	request := fs.String("request", "", "with --export --scenario: the request whose deciding step is exported")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "iamplay simulate: %v\n", err)
		return 2
	}
	if *export {
		ex, err := exportCommand(fs.Args(), *scenario, *request, stdin)
		if err != nil {
			return fail(err)
		}
		fmt.Fprintln(stdout, ex.Command)
		for _, c := range ex.Cannot {
			fmt.Fprintln(stdout, "# not expressed: "+c)
		}
		return 0
	}
	if fs.NArg() != 1 {
		fmt.Fprint(stderr, "usage: iamplay simulate [--world FILE] FILE|-   or   iamplay simulate --export FILE|-   or   iamplay simulate --export --scenario FILE --request NAME\n")
		return 2
	}
	name, src, err := readArg(fs.Arg(0), stdin, maxInput)
	if err != nil {
		return fail(err)
	}
	req, err := awssim.ParseRequest(name, src)
	if err != nil {
		return fail(err)
	}
	var sim *awssim.Simulation
	if req.PolicySourceArn != "" {
		if *worldFile == "" {
			return fail(errors.New(name + ": PolicySourceArn needs the account: give --world with a scenario or an imported world (iamplay import)"))
		}
		s, err := loadScenario(*worldFile)
		if err != nil {
			return fail(err)
		}
		sim, err = awssim.Principal(req, s.World)
		if err != nil {
			return fail(err)
		}
	} else if sim, err = awssim.Custom(req); err != nil {
		return fail(err)
	}
	resp, err := awssim.Simulate(req, sim)
	if err != nil {
		return fail(err)
	}
	return printJSON(stdout, stderr, resp)
}

func exportCommand(args []string, scenario, request string, stdin io.Reader) (*awssim.Export, error) {
	if scenario != "" {
		if len(args) != 0 || request == "" {
			return nil, errors.New("usage: iamplay simulate --export --scenario FILE --request NAME")
		}
		s, err := loadScenario(scenario)
		if err != nil {
			return nil, err
		}
		o, ok := evaluate.Scenario(s, request, engine.Options{})
		if !ok {
			return nil, fmt.Errorf("%s has no request %q", scenario, request)
		}
		st := o.Steps[o.Decider]
		if st.Policies == nil {
			return nil, errors.New("the request's deciding step (" + st.Label + ") is not an AWS API call")
		}
		return awssim.ExportPolicies(st.Policies, st.Request), nil
	}
	if len(args) != 1 {
		return nil, errors.New("usage: iamplay simulate --export FILE|-")
	}
	name, src, err := readArg(args[0], stdin, maxInput)
	if err != nil {
		return nil, err
	}
	in, errs := engine.ParseInput(name, src)
	if errs.HasErrors() {
		return nil, errs
	}
	return awssim.ExportInput(in), nil
}

// readArg reads a file argument, or standard input for "-".
func readArg(arg string, stdin io.Reader, limit int) (string, []byte, error) {
	if arg == "-" {
		src, err := readLimited(stdin, "<stdin>", "input", limit)
		return "<stdin>", src, err
	}
	src, err := readFileLimited(arg, "the file", limit)
	return arg, src, err
}

// loadScenario reads and parses a scenario file, every problem with its
// position.
func loadScenario(path string) (*world.Scenario, error) {
	src, err := readFileLimited(path, "the file", maxScenario)
	if err != nil {
		return nil, err
	}
	s, errs := world.Parse(path, src)
	if errs.HasErrors() {
		return nil, errs
	}
	return s, nil
}

func printJSON(stdout, stderr io.Writer, v any) int {
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		fmt.Fprintf(stderr, "iamplay: %v\n", err)
		return 2
	}
	return 0
}
