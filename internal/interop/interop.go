// Package interop is the page's side of the AWS interop features, JSON in
// and JSON out, so that the browser module (interop/wasm) only moves text:
// answering an AWS simulator request, exporting the playground's state as
// the simulate-custom-policy command, importing an account, redacting,
// who can, diffing and fixing. Nothing here touches the network: an
// imported account never leaves the browser.
package interop

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/world"
	"github.com/iamplayground/iamplay/internal/awssim"
	"github.com/iamplayground/iamplay/internal/diff"
	"github.com/iamplayground/iamplay/internal/fix"
	"github.com/iamplayground/iamplay/internal/importer"
	"github.com/iamplayground/iamplay/internal/redact"
	"github.com/iamplayground/iamplay/internal/whocan"
	"github.com/iamplayground/iamplay/lint"
)

// MaxArg bounds one call's argument: an account export of tens of
// megabytes is the largest thing the page passes.
const MaxArg = 64 << 20

// answer is every call's reply: the result, or an error message saying
// where and what.
type answer struct {
	Result any    `json:"result,omitempty"`
	Error  string `json:"error,omitempty"`
}

// Call runs one operation on its JSON argument and returns the JSON answer
// {"result": …} or {"error": "…"}. It never panics.
func Call(op string, arg []byte) (out []byte) {
	defer func() {
		if r := recover(); r != nil {
			out, _ = json.Marshal(answer{Error: fmt.Sprintf("internal error in %s: %v", op, r)})
		}
	}()
	var res any
	var err error
	if len(arg) > MaxArg {
		err = fmt.Errorf("the argument is %d bytes; the largest accepted is %d", len(arg), MaxArg)
	} else if f, ok := ops[op]; ok {
		res, err = f(arg)
	} else {
		err = errors.New("unknown operation " + op)
	}
	a := answer{Result: res}
	if err != nil {
		a = answer{Error: err.Error()}
	}
	out, _ = json.Marshal(a)
	return out
}

var ops = map[string]func([]byte) (any, error){
	"simulate":   simulate,
	"export":     export,
	"import":     importAccount,
	"redact":     redactText,
	"whoCan":     whoCan,
	"diff":       diffTexts,
	"fix":        fixInput,
	"principals": principalsOf,
	"ask":        ask,
	"lint":       lintInput,
}

func decode(arg []byte, v any) error {
	if err := json.Unmarshal(arg, v); err != nil {
		return errors.New("bad argument: " + err.Error())
	}
	return nil
}

// simulate: {"request": TEXT, "world": TEXT?} → awssim.Response.
func simulate(arg []byte) (any, error) {
	var a struct{ Request, World string }
	if err := decode(arg, &a); err != nil {
		return nil, err
	}
	req, err := awssim.ParseRequest("request", []byte(a.Request))
	if err != nil {
		return nil, err
	}
	var sim *awssim.Simulation
	if req.PolicySourceArn != "" {
		if a.World == "" {
			return nil, errors.New("PolicySourceArn names a principal of an account: import the account first (Import an account), then simulate")
		}
		s, errs := world.Parse("world", []byte(a.World))
		if errs.HasErrors() {
			return nil, errs
		}
		if sim, err = awssim.Principal(req, s.World); err != nil {
			return nil, err
		}
	} else if sim, err = awssim.Custom(req); err != nil {
		return nil, err
	}
	return awssim.Simulate(req, sim)
}

// readInput parses a flat evaluation input, as the playground holds it.
func readInput(text string) (*engine.Input, error) {
	in, errs := engine.ParseInput("playground", []byte(text))
	if errs.HasErrors() {
		return nil, errs
	}
	return in, nil
}

// inputArg reads {"input": TEXT}: the page's flat input.
func inputArg(arg []byte) (*engine.Input, error) {
	var a struct{ Input string }
	if err := decode(arg, &a); err != nil {
		return nil, err
	}
	return readInput(a.Input)
}

// export: {"input": TEXT} → awssim.Export.
func export(arg []byte) (any, error) {
	in, err := inputArg(arg)
	if err != nil {
		return nil, err
	}
	return awssim.ExportInput(in), nil
}

// importAccount: {"files": [{"name", "text"}], "asks": ["P A R"], "redact":
// bool} → the world and what was done.
func importAccount(arg []byte) (any, error) {
	var a struct {
		Files []struct{ Name, Text string }
		Asks  []string
	}
	if err := decode(arg, &a); err != nil {
		return nil, err
	}
	var opts importer.Options
	for _, s := range a.Asks {
		ask, err := importer.ParseAsk(s)
		if err != nil {
			return nil, err
		}
		opts.Asks = append(opts.Asks, ask)
	}
	var files []importer.File
	for _, f := range a.Files {
		files = append(files, importer.File{Name: f.Name, Data: []byte(f.Text)})
	}
	res, err := importer.Import(files, opts)
	if err != nil {
		return nil, err
	}
	return struct {
		World    string         `json:"world"`
		Stats    importer.Stats `json:"stats"`
		Warnings []string       `json:"warnings"`
	}{string(res.JSON), res.Stats, append([]string{}, res.Warnings...)}, nil
}

// redactText: {"text": TEXT} → the text rewritten, with the rewrites.
func redactText(arg []byte) (any, error) {
	var a struct{ Text string }
	if err := decode(arg, &a); err != nil {
		return nil, err
	}
	r, err := redact.JSON([]byte(a.Text))
	if err != nil {
		return nil, err
	}
	return struct {
		Text string `json:"text"`
		*redact.Result
	}{string(r.Text), r}, nil
}

// whoCan: {"world": TEXT, "action", "resource"} → the allowed principals,
// each with the flat input of its request to open in the playground.
func whoCan(arg []byte) (any, error) {
	var a struct{ World, Action, Resource string }
	if err := decode(arg, &a); err != nil {
		return nil, err
	}
	s, errs := world.Parse("world", []byte(a.World))
	if errs.HasErrors() {
		return nil, errs
	}
	if a.Action == "" || a.Resource == "" {
		return nil, errors.New("give an action and a resource")
	}
	return whocan.Ask(s, a.Action, a.Resource, whocan.Options{}), nil
}

// diffTexts: {"old": TEXT, "new": TEXT}, two scenarios or two inputs →
// diff.Result with both traces of every change.
func diffTexts(arg []byte) (any, error) {
	var a struct{ Old, New string }
	if err := decode(arg, &a); err != nil {
		return nil, err
	}
	var top struct {
		World json.RawMessage `json:"world"`
	}
	json.Unmarshal([]byte(a.Old), &top)
	if top.World != nil {
		old, errs := world.Parse("old", []byte(a.Old))
		if errs.HasErrors() {
			return nil, errs
		}
		nw, errs := world.Parse("new", []byte(a.New))
		if errs.HasErrors() {
			return nil, errs
		}
		return diff.Scenarios(old, nw, diff.Options{Everyone: true, Traces: true}), nil
	}
	old, err := readInput(a.Old)
	if err != nil {
		return nil, err
	}
	nw, err := readInput(a.New)
	if err != nil {
		return nil, err
	}
	return diff.Inputs(old, nw)
}

// fixInput: {"input": TEXT} → why not, and the checked fixes with the
// policies' new texts to load.
func fixInput(arg []byte) (any, error) {
	in, err := inputArg(arg)
	if err != nil {
		return nil, err
	}
	places, err := fix.WhyNot(&in.Policies, in.Request)
	if err != nil {
		return nil, err
	}
	sg, err := fix.Suggest(&in.Policies, in.Request, nil)
	if err != nil {
		return nil, err
	}
	return struct {
		WhyNot      []fix.Place      `json:"whyNot"`
		Suggestions *fix.Suggestions `json:"suggestions"`
	}{places, sg}, nil
}

// checkFinding is a lint finding for the page: the policy it is in (by the
// name the page gave it), its span there, and what lint says.
type checkFinding struct {
	Policy string `json:"policy,omitempty"`
	lint.Finding
}

// lintInput: {"input": TEXT} (a flat input, policies as {"name",
// "document"} strings) → every lint finding, security warnings and the
// catalog's checks included, with the policy each is in.
func lintInput(arg []byte) (any, error) {
	var a struct {
		Input string `json:"input"`
	}
	if err := decode(arg, &a); err != nil {
		return nil, err
	}
	const name = "input"
	out := []checkFinding{}
	for _, f := range lint.File(name, []byte(a.Input), nil) {
		c := checkFinding{Finding: f}
		if rest, ok := strings.CutPrefix(f.File, name+" ("); ok && strings.HasSuffix(rest, ")") {
			c.Policy = strings.TrimSuffix(rest, ")")
		}
		out = append(out, c)
	}
	return out, nil
}
