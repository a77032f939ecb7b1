package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/world"
	"github.com/iamplayground/iamplay/internal/evaluate"
	"github.com/iamplayground/iamplay/internal/fix"
)

// fixReport is what `iamplay fix` prints as JSON.
type fixReport struct {
	Step   string           `json:"step,omitempty"`
	WhyNot []fix.Place      `json:"whyNot"`
	Fixes  *fix.Suggestions `json:"suggestions"`
	// Patches holds, for a scenario, each fix as a patch of the scenario
	// file ("" when the fix cannot be written into the file).
	Patches []string `json:"patches,omitempty"`
}

// cmdFix is `iamplay fix FILE|-` and `iamplay fix --scenario FILE --request
// NAME`: for an implicit deny, where an allow would have to come from (why
// not?), then the smallest checked edits that flip the decision, as diffs.
func cmdFix(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fix", flag.ContinueOnError)
	fs.SetOutput(stderr)
	scenario := fs.String("scenario", "", "scenario file")
	request := fs.String("request", "", "with --scenario: the request")
	format := fs.String("format", "text", "text or json")
	patchN := fs.Int("patch", 0, "with --scenario: print only fix N as a patch of the scenario file (for git apply)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "iamplay fix: %v\n", err)
		return 2
	}
	if (*scenario != "" && (fs.NArg() != 0 || *request == "")) || (*scenario == "" && fs.NArg() != 1) || (*format != "text" && *format != "json") {
		fmt.Fprint(stderr, "usage: iamplay fix [--format text|json] FILE|-   or   iamplay fix --scenario FILE --request NAME\n")
		return 2
	}
	var pols *engine.Policies
	var req engine.Request
	rep := fixReport{}
	var s *world.Scenario
	var src []byte
	if *scenario != "" {
		var err error
		if src, err = readFileLimited(*scenario, "the file", maxScenario); err != nil {
			return fail(err)
		}
		if s, err = parseScenario(*scenario, src); err != nil {
			return fail(err)
		}
		o, ok := evaluate.Scenario(s, *request, engine.Options{})
		if !ok {
			return fail(fmt.Errorf("%s has no request %q", *scenario, *request))
		}
		st := o.Steps[o.Decider]
		if st.Policies == nil {
			return fail(errors.New("the deciding step (" + st.Label + ") is not decided by policies: " + st.Note))
		}
		pols, req, rep.Step = st.Policies, st.Request, st.Label
	} else {
		name, src, err := readArg(fs.Arg(0), stdin, maxInput)
		if err != nil {
			return fail(err)
		}
		in, errs := engine.ParseInput(name, src)
		if errs.HasErrors() {
			return fail(errs)
		}
		pols, req = &in.Policies, in.Request
	}
	var err error
	if rep.WhyNot, err = fix.WhyNot(pols, req); err != nil {
		return fail(err)
	}
	if rep.Fixes, err = fix.Suggest(pols, req, nil); err != nil {
		return fail(err)
	}
	if s != nil {
		for _, f := range rep.Fixes.Fixes {
			p := ""
			if out, err := fix.Patch(src, s.Source, f); err == nil {
				p = fix.FilePatch(filepath.ToSlash(filepath.Clean(*scenario)), string(src), string(out))
			}
			rep.Patches = append(rep.Patches, p)
		}
	}
	if *patchN != 0 {
		if *patchN < 1 || *patchN > len(rep.Patches) || rep.Patches[*patchN-1] == "" {
			return fail(fmt.Errorf("no fix %d that can be written into the scenario file (there are %d fixes)", *patchN, len(rep.Fixes.Fixes)))
		}
		fmt.Fprint(stdout, rep.Patches[*patchN-1])
		return 0
	}
	if *format == "json" {
		return printJSON(stdout, stderr, rep)
	}
	writeFix(stdout, &rep)
	return 0
}

func writeFix(w io.Writer, rep *fixReport) {
	if rep.Step != "" {
		fmt.Fprintf(w, "deciding step: %s\n", rep.Step)
	}
	fmt.Fprintf(w, "decision: %s\n", rep.Fixes.Decision)
	if len(rep.WhyNot) > 0 {
		fmt.Fprintln(w, "\nwhy not? an allow would have to come from:")
		for i, p := range rep.WhyNot {
			fmt.Fprintf(w, "  %d. %s\n", i+1, p.Text)
		}
	}
	if len(rep.Fixes.Fixes) == 0 {
		fmt.Fprintf(w, "\nno checked edit makes it %s\n", rep.Fixes.Want)
	}
	for i, f := range rep.Fixes.Fixes {
		fmt.Fprintf(w, "\nfix %d (grants %d, %s → %s): %s\n", i+1, f.Grants, f.From, f.To, f.Summary)
		for _, e := range f.Edits {
			if e.Kind == "addContext" {
				fmt.Fprintf(w, "  request context: %s = %v\n", e.Key, e.Values)
			}
		}
		if i < len(rep.Patches) && rep.Patches[i] != "" {
			fmt.Fprint(w, rep.Patches[i])
			continue
		}
		for _, d := range f.Diffs {
			fmt.Fprint(w, d)
		}
	}
	for _, r := range rep.Fixes.Rejected {
		fmt.Fprintf(w, "\nrejected: %s: %s\n", r.Summary, r.Reason)
	}
}
