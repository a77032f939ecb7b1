package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/iamplayground/iamplay/internal/importer"
	"github.com/iamplayground/iamplay/internal/redact"
)

// asks collects repeated --ask flags.
type asks []importer.Ask

func (a *asks) String() string { return fmt.Sprint(*a) }

func (a *asks) Set(s string) error {
	ask, err := importer.ParseAsk(s)
	if err != nil {
		return err
	}
	*a = append(*a, ask)
	return nil
}

// cmdImport is `iamplay import [--ask "PRINCIPAL ACTION RESOURCE"]…
// [--redact] FILE… > world.json`: it turns get-account-authorization-details
// output (with an Organizations dump, resource policies and the credential
// report if given) into a scenario file on standard output. Warnings, and
// with --redact the rewrites made, go to standard error.
func cmdImport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var as asks
	fs.Var(&as, "ask", "a request to record: \"PRINCIPAL-ARN ACTION RESOURCE\" (repeatable)")
	title := fs.String("title", "", "the scenario's title")
	doRedact := fs.Bool("redact", false, "rewrite account ids, ARNs and names to SecureCart-style placeholders")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprint(stderr, "usage: iamplay import [--ask \"PRINCIPAL ACTION RESOURCE\"]... [--redact] FILE... > world.json\n  FILE: aws iam get-account-authorization-details output (one per account), and optionally an Organizations dump, {\"ResourcePolicies\": [...]}, the credential report\n")
		return 2
	}
	var files []importer.File
	for _, name := range fs.Args() {
		src, err := readFileLimited(name, "the file", maxImport)
		if err != nil {
			fmt.Fprintf(stderr, "iamplay import: %v\n", err)
			return 2
		}
		files = append(files, importer.File{Name: name, Data: src})
	}
	res, err := importer.Import(files, importer.Options{Asks: as, Title: *title})
	if err != nil {
		fmt.Fprintf(stderr, "iamplay import: %v\n", err)
		return 2
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, "warning: "+w)
	}
	st := res.Stats
	fmt.Fprintf(stderr, "imported %d accounts: %d users, %d groups, %d roles, %d customer-managed and %d inline policies, %d resources, %d organization policies\n",
		st.Accounts, st.Users, st.Groups, st.Roles, st.Policies, st.InlinePolicies, st.Resources, st.OrgPolicies)
	out := res.JSON
	if *doRedact {
		r, err := redact.JSON(out)
		if err != nil {
			fmt.Fprintf(stderr, "iamplay import: %v\n", err)
			return 2
		}
		writeRewrites(stderr, r)
		out = r.Text
	}
	stdout.Write(out)
	return 0
}

// maxImport is the largest file import reads: AWS's own outputs for a large
// account run to tens of megabytes.
const maxImport = 64 << 20

// cmdRedact is `iamplay redact FILE|-`: any playground state (input,
// scenario, simulator request) with real ids and names rewritten, on
// standard output; the rewrites on standard error.
func cmdRedact(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") && args[0] != "-" {
		fmt.Fprint(stderr, "usage: iamplay redact FILE|-\n")
		return 2
	}
	name, src, err := readArg(args[0], stdin, max(maxInput, maxScenario))
	if err == nil {
		var r *redact.Result
		if r, err = redact.JSON(src); err == nil {
			writeRewrites(stderr, r)
			stdout.Write(r.Text)
			return 0
		}
		err = errors.New(name + ": " + err.Error())
	}
	fmt.Fprintf(stderr, "iamplay redact: %v\n", err)
	return 2
}

func writeRewrites(w io.Writer, r *redact.Result) {
	for _, rw := range r.Rewrites {
		fmt.Fprintf(w, "redacted %s %s → %s\n", rw.Kind, rw.From, rw.To)
	}
	for _, n := range r.Notes {
		fmt.Fprintln(w, "note: "+n)
	}
}
