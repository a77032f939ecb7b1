package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/iamplayground/iamplay/catalog"
	"github.com/iamplayground/iamplay/lint"
)

// cmdLint checks input and scenario files with package lint and prints
// each finding as "file:line:col: severity code: message", or all of them
// as JSON with --format json. Exit status: 0 when clean, 1 on an error
// finding (on any finding with --strict), 2 when a file cannot be read.
func cmdLint(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text or json")
	strict := fs.Bool("strict", false, "exit 1 on any finding, not only on errors")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "iamplay lint: --format %q: use text or json\n", *format)
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprint(stderr, "iamplay lint: give one or more input or scenario files, or - for standard input\n")
		return 2
	}
	cat := catalog.Load()
	findings := []lint.Finding{}
	for _, name := range fs.Args() {
		var src []byte
		var err error
		if name == "-" {
			name = "<stdin>"
			src, err = readLimited(stdin, name, "input", max(maxInput, maxScenario))
		} else {
			src, err = readFileLimited(name, "the file", max(maxInput, maxScenario))
		}
		if err != nil {
			fmt.Fprintf(stderr, "iamplay lint: %v\n", err)
			return 2
		}
		findings = append(findings, lint.File(name, src, cat)...)
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		out := struct {
			Catalog  string         `json:"catalog"`
			Findings []lint.Finding `json:"findings"`
		}{cat.Source + "@" + cat.Version, findings}
		if err := enc.Encode(out); err != nil {
			fmt.Fprintf(stderr, "iamplay lint: %v\n", err)
			return 2
		}
	} else {
		for _, f := range findings {
			fmt.Fprintln(stdout, f.String())
		}
	}
	if lint.HasErrors(findings) || (*strict && len(findings) > 0) {
		return 1
	}
	return 0
}
