package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/world"
	"github.com/iamplayground/iamplay/internal/diff"
)

// cmdDiff is `iamplay diff OLD NEW` (two scenario files or two evaluation
// inputs) and `iamplay diff --scenario FILE --policy NAME OLD NEW` (two
// versions of one policy of a scenario): every request and matrix cell is
// evaluated against both, and for scenarios every principal of the world
// for every action and resource asked. Exit status 1 when any decision
// changed, for CI.
func cmdDiff(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "text or json")
	explain := fs.Bool("explain", false, "text: print both traces of each changed request")
	noEveryone := fs.Bool("no-everyone", false, "compare only the scenario's requests, not every principal")
	scenario := fs.String("scenario", "", "with --policy: the scenario whose policy changes")
	policyName := fs.String("policy", "", "with --scenario: the policy OLD and NEW are versions of")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 2 || (*scenario == "") != (*policyName == "") || (*format != "text" && *format != "json") {
		fmt.Fprint(stderr, "usage: iamplay diff [--format text|json] [--explain] [--no-everyone] OLD NEW\n       iamplay diff --scenario FILE --policy NAME OLD-POLICY NEW-POLICY\n")
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "iamplay diff: %v\n", err)
		return 2
	}
	var res *diff.Result
	var olds, news *world.Scenario
	if *scenario != "" {
		var err error
		if olds, news, err = policyVersions(*scenario, *policyName, fs.Arg(0), fs.Arg(1)); err != nil {
			return fail(err)
		}
	} else {
		a, err := readFileLimited(fs.Arg(0), "the file", max(maxInput, maxScenario))
		if err != nil {
			return fail(err)
		}
		b, err := readFileLimited(fs.Arg(1), "the file", max(maxInput, maxScenario))
		if err != nil {
			return fail(err)
		}
		switch sa, sb := isScenario(a), isScenario(b); {
		case sa != sb:
			return fail(errors.New("compare a scenario with a scenario, or an input with an input"))
		case sa:
			if olds, err = parseScenario(fs.Arg(0), a); err != nil {
				return fail(err)
			}
			if news, err = parseScenario(fs.Arg(1), b); err != nil {
				return fail(err)
			}
		default:
			ia, errs := engine.ParseInput(fs.Arg(0), a)
			if errs.HasErrors() {
				return fail(errs)
			}
			ib, errs := engine.ParseInput(fs.Arg(1), b)
			if errs.HasErrors() {
				return fail(errs)
			}
			if res, err = diff.Inputs(ia, ib); err != nil {
				return fail(err)
			}
		}
	}
	if res == nil {
		res = diff.Scenarios(olds, news, diff.Options{Everyone: !*noEveryone, Traces: *format == "json"})
	}
	if *format == "json" {
		if code := printJSON(stdout, stderr, res); code != 0 {
			return code
		}
	} else {
		writeDiff(stdout, res, olds, news, *explain)
	}
	if res.Changed() {
		return 1
	}
	return 0
}

func isScenario(src []byte) bool {
	var top map[string]json.RawMessage
	return json.Unmarshal(src, &top) == nil && top["world"] != nil
}

func parseScenario(name string, src []byte) (*world.Scenario, error) {
	s, errs := world.Parse(name, src)
	if errs.HasErrors() {
		return nil, errs
	}
	return s, nil
}

// policyVersions builds the scenario twice, with each version of the policy.
func policyVersions(file, name, oldDoc, newDoc string) (*world.Scenario, *world.Scenario, error) {
	src, err := readFileLimited(file, "the file", maxScenario)
	if err != nil {
		return nil, nil, err
	}
	base, err := parseScenario(file, src)
	if err != nil {
		return nil, nil, err
	}
	var out [2]*world.Scenario
	for i, docFile := range []string{oldDoc, newDoc} {
		doc, err := readFileLimited(docFile, "the file", maxInput)
		if err != nil {
			return nil, nil, err
		}
		if !json.Valid(doc) {
			return nil, nil, errors.New(docFile + ": not a JSON policy document")
		}
		edited, err := diff.ReplacePolicy(src, base, name, bytes.TrimSpace(doc))
		if err != nil {
			return nil, nil, err
		}
		label := file + " with " + name + " from " + docFile
		if out[i], err = parseScenario(label, edited); err != nil {
			return nil, nil, err
		}
	}
	return out[0], out[1], nil
}

func writeDiff(w io.Writer, r *diff.Result, olds, news *world.Scenario, explain bool) {
	fmt.Fprintf(w, "compared %d requests: %d changed\n", r.Compared, len(r.Changes))
	for _, c := range r.Changes {
		fmt.Fprintf(w, "  %s: %s → %s\n", c.Request, c.Old, c.New)
		if explain && olds != nil {
			for _, side := range []struct {
				label string
				s     *world.Scenario
			}{{"before", olds}, {"after", news}} {
				fmt.Fprintf(w, "\n──── %s: %s ────\n", side.label, c.Request)
				side.s.Evaluate(side.s.Request(c.Request), engine.Options{Trace: true}).WriteText(w)
			}
			fmt.Fprintln(w)
		}
	}
	if len(r.Everyone) > 0 {
		fmt.Fprintf(w, "everyone: %d changes of access\n", len(r.Everyone))
		for _, pc := range r.Everyone {
			fmt.Fprintf(w, "  %s  %s on %s: %s → %s\n", pc.Principal, pc.Action, pc.Resource, pc.Old, pc.New)
		}
	}
	for _, n := range r.OnlyOld {
		fmt.Fprintf(w, "  only in old: %s\n", n)
	}
	for _, n := range r.OnlyNew {
		fmt.Fprintf(w, "  only in new: %s\n", n)
	}
}
