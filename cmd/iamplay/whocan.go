package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/iamplayground/iamplay/internal/whocan"
)

// cmdWhoCan is `iamplay who-can --scenario FILE ACTION RESOURCE`: every
// principal of the world allowed the action on the resource, with the
// statement that allows it.
func cmdWhoCan(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("who-can", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("scenario", "", "scenario or imported world")
	roots := fs.Bool("roots", false, "ask the accounts' root users too")
	format := fs.String("format", "text", "text or json")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *file == "" || fs.NArg() != 2 || (*format != "text" && *format != "json") {
		fmt.Fprint(stderr, "usage: iamplay who-can --scenario FILE [--roots] [--format text|json] ACTION RESOURCE\n")
		return 2
	}
	s, err := loadScenario(*file)
	if err != nil {
		fmt.Fprintf(stderr, "iamplay who-can: %v\n", err)
		return 2
	}
	rep := whocan.Ask(s, fs.Arg(0), fs.Arg(1), whocan.Options{Roots: *roots})
	if *format == "json" {
		return printJSON(stdout, stderr, rep)
	}
	fmt.Fprintf(stdout, "%d of %d principals can %s on %s\n", len(rep.Allowed), rep.Asked, rep.Action, rep.Resource)
	for _, a := range rep.Allowed {
		fmt.Fprintf(stdout, "  %s (%s)\n", a.Principal, a.Kind)
		if d := a.Deciding; d != nil {
			at := ""
			if d.Span != nil {
				at = " @" + d.Span.Start.String()
			}
			label := d.Statement // a Sid, or "statement N"
			if !strings.HasPrefix(label, "statement ") {
				label = "statement " + label
			}
			fmt.Fprintf(stdout, "      %s %s of %s%s\n", d.Effect, label, d.Policy, at)
		} else if a.Reason != "" {
			fmt.Fprintf(stdout, "      %s\n", a.Reason)
		}
	}
	return 0
}
