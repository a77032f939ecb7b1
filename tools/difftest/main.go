// Command difftest is the differential test of the engine against an
// independent evaluator, @cloud-copilot/iam-simulate, run as a separate Node
// process (tools/difftest/simulate.mjs). It generates seeded random
// SecureCart-style cases, evaluates each with both, minimises every
// disagreement, groups them by category, excludes the categories adjudicated
// from the AWS documentation (adjudicated.json), and reports the agreement.
//
//	go run ./tools/difftest -n 100000            # the full run (make difftest)
//	go run ./tools/difftest -n 2000 -write-sample tools/difftest/testdata/sample.jsonl
package main

import (
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	var o options
	flag.IntVar(&o.n, "n", 100000, "number of cases")
	flag.Uint64Var(&o.seed, "seed", 1, "generator seed")
	flag.IntVar(&o.batch, "batch", 2000, "cases per batch sent to the simulator")
	flag.IntVar(&o.workers, "workers", 1, "simulator processes evaluating batches side by side (more help only on an idle machine)")
	flag.StringVar(&o.node, "node", "node", "the Node binary")
	flag.StringVar(&o.script, "script", "tools/difftest/simulate.mjs", "the simulator script")
	flag.StringVar(&o.report, "report", "build/difftest/report.md", "where to write the report")
	flag.StringVar(&o.adjudicated, "adjudicated", "tools/difftest/adjudicated.json", "the adjudication list")
	flag.StringVar(&o.sample, "write-sample", "", "write the first -sample-size cases with their adjudicated expected decisions to this file")
	flag.IntVar(&o.sampleSize, "sample-size", 2000, "cases in the regression sample")
	flag.IntVar(&o.minimiseMax, "minimise", 5000, "most disagreements minimised (the rest are reported as found)")
	flag.Parse()
	start := time.Now()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "difftest:", err)
		os.Exit(1)
	}
	fmt.Printf("took %s\n", time.Since(start).Round(time.Millisecond))
}
