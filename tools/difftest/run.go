package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

type options struct {
	n, batch, sampleSize, minimiseMax, workers int
	seed                                       uint64
	node, script, report, adjudicated, sample  string
}

// outcome is one case's result on both sides.
type outcome struct {
	index      int
	engineSays string
	simSays    string
	ignored    []string
	area       *Rule
}

func (o outcome) agree() bool { return o.engineSays == o.simSays }

// category gathers the disagreements sharing a signature.
type category struct {
	sig       string
	count     int
	inArea    int // of which in an adjudicated area
	example   *Case
	minimised *Case
	engine    string
	sim       string
	ignored   []string
	area      *Rule
	cases     []int // the generated cases' numbers
}

// disagreement is one line of disagreements.jsonl: a group of generated
// cases with the same raw signature, their category and one minimised
// reproducer.
type disagreement struct {
	Category   string `json:"category"`
	Area       string `json:"area,omitempty"`
	Engine     string `json:"engine"`
	Simulator  string `json:"simulator"`
	Cases      []int  `json:"cases"`
	Reproducer *Case  `json:"reproducer"`
}

// tally is what a run found.
type tally struct {
	cases, compared, agreed   int
	outside, outsideAgreed    int
	simErrors, engineErrors   int
	byArea                    map[string]int
	rejections                map[string]int // "side: message" → cases
	ignoredKeys               map[string]int // context keys the simulator dropped → cases
	categories                map[string]*category
	order                     []string
	simTime, engineTime, took time.Duration
	disagreements             []disagreement
	rules                     []Rule
	escaped                   int // area examples that left every area when minimised
}

func run(o options) error {
	rules, err := LoadRules(o.adjudicated)
	if err != nil {
		return err
	}
	sims := make([]*Sim, max(o.workers, 1))
	for i := range sims {
		s, err := StartSim(o.node, o.script)
		if err != nil {
			return err
		}
		defer s.Close()
		sims[i] = s
	}
	sim := sims[0]
	start := time.Now()
	t := &tally{byArea: map[string]int{}, rejections: map[string]int{}, ignoredKeys: map[string]int{}, categories: map[string]*category{}, rules: rules}
	var sample []outcome
	var sampleCases []*Case
	for lo := 0; lo < o.n; lo += o.batch {
		hi := min(lo+o.batch, o.n)
		cases := make([]*Case, 0, hi-lo)
		for i := lo; i < hi; i++ {
			cases = append(cases, Generate(o.seed, i))
		}
		t0 := time.Now()
		answers, err := batchAll(sims, cases)
		if err != nil {
			return err
		}
		t.simTime += time.Since(t0)
		for j, c := range cases {
			t1 := time.Now()
			out := outcome{index: lo + j, engineSays: EvalEngine(c), simSays: answers[j].Result(), ignored: answers[j].IgnoredKeys}
			t.engineTime += time.Since(t1)
			out.area = Area(rules, c)
			t.add(c, out)
			if lo+j < o.sampleSize {
				sample = append(sample, out)
				sampleCases = append(sampleCases, c)
			}
		}
		fmt.Fprintf(os.Stderr, "\r%d/%d cases, %d disagreements", hi, o.n, t.cases-t.agreed)
	}
	fmt.Fprintln(os.Stderr)
	if err := t.minimiseExamples(sim, o.minimiseMax); err != nil {
		return err
	}
	t.took = time.Since(start)
	if o.sample != "" {
		if err := writeSample(o.sample, sampleCases, sample); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(filepath.Dir(o.report), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(o.report, []byte(t.markdown(o, rules)), 0o644); err != nil {
		return err
	}
	all := filepath.Join(filepath.Dir(o.report), "disagreements.jsonl")
	if err := writeJSONLines(all, t.disagreements); err != nil {
		return err
	}
	fmt.Print(t.summary(o))
	fmt.Printf("report: %s\n", o.report)
	return nil
}

func (t *tally) add(c *Case, out outcome) {
	t.cases++
	for _, k := range out.ignored {
		t.ignoredKeys[k]++
	}
	engineErr := len(out.engineSays) > 6 && out.engineSays[:6] == "error:"
	simErr := len(out.simSays) > 6 && out.simSays[:6] == "error:"
	if engineErr {
		t.engineErrors++
		t.rejections["engine: "+clip(out.engineSays, 160)]++
	}
	if simErr {
		t.simErrors++
		t.rejections["simulator: "+clip(out.simSays, 400)]++
	}
	if out.agree() {
		t.agreed++
	}
	if engineErr && simErr {
		return // neither evaluated it: the generator made a bad case
	}
	t.compared++
	if out.area != nil {
		t.byArea[out.area.ID]++
	} else {
		t.outside++
		if out.agree() {
			t.outsideAgreed++
		}
	}
	if out.agree() {
		return
	}
	// Categorised first by the raw signature; minimiseExamples refines the
	// name from a minimised reproducer. Disagreements inside an adjudicated
	// area are grouped by the area alone, with one example, not minimised.
	sig := Signature(c, out.engineSays, out.simSays)
	if out.area != nil {
		sig = "adjudicated " + out.area.ID + ": engine " + shortAnswer(out.engineSays) + " / simulator " + shortAnswer(out.simSays)
	}
	cat := t.categories[sig]
	if cat == nil {
		cat = &category{sig: sig, example: c, engine: out.engineSays, sim: out.simSays, ignored: out.ignored, area: out.area}
		t.categories[sig] = cat
		t.order = append(t.order, sig)
	}
	cat.count++
	cat.cases = append(cat.cases, out.index)
	if out.area != nil {
		cat.inArea++
	}
}

// minimiseExamples minimises each raw category's first case and merges the
// raw categories whose minimised reproducers share a signature.
func (t *tally) minimiseExamples(sim *Sim, max int) error {
	merged := map[string]*category{}
	var order []string
	for i, sig := range t.order {
		cat := t.categories[sig]
		m, msig := cat.example, "(not minimised) "+sig
		if cat.area != nil {
			// The area's one example is minimised too, as a check that the
			// rule explains the disagreement: once everything irrelevant is
			// gone the case must still be inside an area.
			msig = sig
			if i < max {
				var err error
				if m, err = Minimise(cat.example, sim); err != nil {
					return err
				}
				if Area(t.rules, m) == nil {
					msig = "LEFT ITS AREA when minimised (" + sig + "): " + Signature(m, cat.engine, cat.sim)
					t.escaped++
				}
			}
		} else if i < max {
			var err error
			if m, err = Minimise(cat.example, sim); err != nil {
				return err
			}
			msig = Signature(m, cat.engine, cat.sim)
			if f := familyOf(m); f != "" {
				msig = "family: " + f + " — engine " + shortAnswer(cat.engine) + " / simulator " + shortAnswer(cat.sim)
			}
			if (i+1)%50 == 0 {
				fmt.Fprintf(os.Stderr, "minimised %d/%d\n", i+1, min(max, len(t.order)))
			}
		}
		d := disagreement{Category: msig, Engine: cat.engine, Simulator: cat.sim, Cases: cat.cases, Reproducer: m}
		if cat.area != nil {
			d.Area = cat.area.ID
		}
		t.disagreements = append(t.disagreements, d)
		into := merged[msig]
		if into == nil {
			cp := *cat
			cp.sig, cp.minimised = msig, m
			merged[msig] = &cp
			order = append(order, msig)
			continue
		}
		into.count += cat.count
		into.inArea += cat.inArea
	}
	t.categories, t.order = merged, order
	return nil
}

// writeSample writes the regression sample: each case as an eval input
// whose "expect" is the adjudicated decision, the simulator's outside the
// adjudicated areas and the documented one (the engine's, per the rule)
// inside them.
func writeSample(path string, cases []*Case, outs []outcome) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	var lines []*Case
	for i, c := range cases {
		o := outs[i]
		expect := o.simSays
		if o.area != nil {
			expect = o.engineSays
		}
		if !decisionOK[expect] {
			continue // one side could not evaluate it: nothing to expect
		}
		x := c.Clone()
		x.Expect = expect
		lines = append(lines, x)
	}
	fmt.Fprintf(os.Stderr, "writing %d sample cases to %s\n", len(lines), path)
	return writeJSONLines(path, lines)
}

var decisionOK = map[string]bool{"allowed": true, "explicitDeny": true, "implicitDeny": true}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// writeJSONLines writes one JSON value a line.
func writeJSONLines[T any](path string, xs []T) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, x := range xs {
		b, err := json.Marshal(x)
		if err != nil {
			f.Close()
			return err
		}
		w.Write(b)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// batchAll splits the cases between the simulator processes and evaluates
// the parts at once, answers in the cases' order.
func batchAll(sims []*Sim, cases []*Case) ([]SimAnswer, error) {
	parts := make([][]SimAnswer, len(sims))
	errs := make([]error, len(sims))
	var wg sync.WaitGroup
	per := (len(cases) + len(sims) - 1) / len(sims)
	for i, s := range sims {
		lo, hi := min(i*per, len(cases)), min((i+1)*per, len(cases))
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[i], errs[i] = s.Batch(cases[lo:hi])
		}()
	}
	wg.Wait()
	var out []SimAnswer
	for i := range parts {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out = append(out, parts[i]...)
	}
	return out, nil
}
