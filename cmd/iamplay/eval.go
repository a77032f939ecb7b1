package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/internal/evaluate"
)

func cmdEval(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if hasScenarioFlag(args) {
		return cmdEvalScenario(args, stdout, stderr)
	}
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	explain := fs.Bool("explain", false, "print the decision and the whole trace as text")
	trace := fs.Bool("trace", false, "print the whole JSON report: the context keys and the trace tree")
	expect := fs.String("expect", "", "expected decision: allowed, explicitDeny or implicitDeny")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprint(stderr, "iamplay eval: give one input file, or - for standard input\n")
		return 2
	}
	var want engine.Decision
	if *expect != "" {
		d, ok := engine.ParseDecision(*expect)
		if !ok {
			fmt.Fprintf(stderr, "iamplay eval: --expect %q: use allowed, explicitDeny or implicitDeny\n", *expect)
			return 2
		}
		want = d
	}
	name := fs.Arg(0)
	var src []byte
	var err error
	if name == "-" {
		name = "<stdin>"
		src, err = readLimited(stdin, name, "input", maxInput)
	} else {
		src, err = readFileLimited(name, "input", maxInput)
	}
	if err != nil {
		fmt.Fprintf(stderr, "iamplay eval: %v\n", err)
		return 2
	}
	// By default the decision, its reason and the deciding statement: the
	// trace of a large policy is many times its size, and only --trace or
	// --explain asks for it.
	res, errs := evaluate.Input(name, src, engine.Options{Trace: *trace || *explain})
	for _, e := range errs {
		fmt.Fprintln(stderr, e.Error())
	}
	if res == nil {
		return 2
	}
	out := bufio.NewWriterSize(stdout, 64<<10)
	if *explain {
		err = res.WriteText(out)
	} else {
		// Written by hand (Report.AppendJSON), then indented for reading.
		rep := res.Report()
		var b bytes.Buffer
		if err = json.Indent(&b, rep.AppendJSON(nil), "", "  "); err == nil {
			b.WriteByte('\n')
			_, err = b.WriteTo(out)
		}
	}
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		fmt.Fprintf(stderr, "iamplay eval: %v\n", err)
		return 2
	}
	if *expect != "" && res.Decision != want {
		fmt.Fprintf(stderr, "iamplay eval: expected %s, got %s\n", want, res.Decision)
		return 1
	}
	return 0
}
