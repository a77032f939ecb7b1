// Command iamplay evaluates AWS IAM policies the way AWS does and explains
// the decision.
//
//	iamplay eval [--trace | --explain] [--expect DECISION] FILE|-
//	iamplay eval --scenario FILE --request NAME [--explain]
//	iamplay test [-v] [PATH...]
//	iamplay lint [--format text|json] [--strict] FILE...
//	iamplay serve [--addr 127.0.0.1:8080] [--dir dist]
//	iamplay simulate [--world FILE] FILE|-    (or --export)
//	iamplay import [--ask "PRINCIPAL ACTION RESOURCE"]... [--redact] FILE...
//	iamplay redact FILE|-
//	iamplay who-can --scenario FILE ACTION RESOURCE
//	iamplay diff OLD NEW
//	iamplay fix FILE|-    (or --scenario FILE --request NAME)
//
// Exit status of eval: 0 on success, 1 when --expect differs from the
// decision, 2 on invalid input (with file:line:col: message lines on stderr).
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const usage = `usage:
  iamplay eval [--trace | --explain] [--expect DECISION] FILE|-
      evaluate an input file (- for standard input) and print the decision,
      reason, deciding statement and flow as JSON; with --trace the full
      JSON report with the trace, with --explain the text trace; DECISION
      is allowed, explicitDeny or implicitDeny
  iamplay eval --scenario FILE --request NAME [--explain]
      evaluate one request of a scenario file, step by step
  iamplay test [-v] [PATH...]
      run every request of the scenario files (default scenarios/) and
      report mismatches; exit status 1 on any
  iamplay lint [--format text|json] [--strict] FILE...
      check input and scenario files against the AWS action catalog and
      the security checklist; print file:line:col: severity code: message
      (or JSON); exit status 1 on an error (with --strict, on any finding)
  iamplay serve [--addr 127.0.0.1:8080] [--dir dist] [--links DIR]
      serve the built site (make run builds it) and the evaluation API
      (/api/…), and print the address; --links keeps short links in DIR
  iamplay simulate [--world FILE] FILE|-
      answer an aws iam simulate-custom-policy / simulate-principal-policy
      --cli-input-json request in AWS's EvaluationResults shape
      (simulate-principal-policy looks PolicySourceArn up in --world)
  iamplay simulate --export FILE|-  or  --export --scenario FILE --request NAME
      print the aws iam simulate-custom-policy command asking a real account
      the same question, and what it cannot express
  iamplay import [--ask "PRINCIPAL ACTION RESOURCE"]... [--redact] FILE... > world.json
      turn aws iam get-account-authorization-details output (plus an
      Organizations dump, resource policies, the credential report) into a
      scenario world, offline
  iamplay redact FILE|-
      rewrite real account ids, ARNs and names to SecureCart placeholders
  iamplay who-can --scenario FILE [--roots] ACTION RESOURCE
      every principal of the world allowed, with the deciding statement
  iamplay diff [--format text|json] [--explain] OLD NEW
  iamplay diff --scenario FILE --policy NAME OLD-POLICY NEW-POLICY
      evaluate every request (and every principal) against both versions;
      exit status 1 when a decision changed
  iamplay fix [--format text|json] FILE|-  or  fix --scenario FILE --request NAME [--patch N]
      why not? and the smallest checked edits that flip the decision
      (--patch N: fix N as a patch of the scenario file, for git apply)
`

// run is main without the process: it returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "eval":
		return cmdEval(args[1:], stdin, stdout, stderr)
	case "test":
		return cmdTest(args[1:], stdout, stderr)
	case "lint":
		return cmdLint(args[1:], stdin, stdout, stderr)
	case "serve":
		return cmdServe(args[1:], stdout, stderr)
	case "simulate":
		return cmdSimulate(args[1:], stdin, stdout, stderr)
	case "import":
		return cmdImport(args[1:], stdout, stderr)
	case "redact":
		return cmdRedact(args[1:], stdin, stdout, stderr)
	case "who-can":
		return cmdWhoCan(args[1:], stdout, stderr)
	case "diff":
		return cmdDiff(args[1:], stdout, stderr)
	case "fix":
		return cmdFix(args[1:], stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "iamplay: unknown command %q\n%s", args[0], usage)
	return 2
}
