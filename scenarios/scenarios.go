// Package scenarios is the library of SecureCart scenarios: worlds described
// in scenario files (see FORMAT.md) with named requests and the decisions AWS
// would reach. They are the project's test suite, the playground's examples
// and the tutorials' material.
//
// Catalog lists every embedded scenario with each request resolved into a
// flat `iamplay eval` input, so that callers that only know the engine can
// show and evaluate it. Load returns one scenario's world for callers that
// evaluate against the world itself.
package scenarios

import (
	"embed"
	"encoding/json"
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/policy"
	"github.com/iamplayground/iamplay/engine/world"
)

// FS holds the scenario files, *.json at its root.
//
//go:embed *.json
var FS embed.FS

// Entry is one scenario as the playground and tutorials show it.
type Entry struct {
	ID, Title, Summary string
	Explanation        string // Markdown
	Tags               []string
	Requests           []Request
}

// Request is one request of a scenario, resolved against its world.
type Request struct {
	Name, Description string
	Expect            string // "allowed", "explicitDeny" or "implicitDeny"
	// Input is the request resolved against the world, as a flat `iamplay
	// eval` input (engine.ParseInput format) whose policies are named string
	// DOCs: {"name": "group X → managed policy Y", "document": "<policy JSON
	// text>"}. For requests made through an assumed role, Input is the final
	// request (the session's request); Steps explains the assume steps. When
	// an assume step is denied, the request is never made, and Input is that
	// step's sts:AssumeRole call.
	Input json.RawMessage
	// Steps has one line per sign-in or assume step, e.g. "priya (Identity
	// Center) assumes …: allowed".
	Steps []string
	// Refused is set when the decision comes from a step the world refused
	// although the policies allow it (a DurationSeconds over the limit):
	// Input then evaluates to "allowed" and Steps says why the call fails.
	// What AWS refuses whatever the request (the root user calling
	// AssumeRole) the Input itself shows: its report carries the refusal.
	Refused bool
	// NotSent is set, with the reason, when the request is never sent: the
	// SDK found no credentials (an instance without an instance profile)
	// and failed before calling AWS, so no policy decides it. Input is then
	// the call that was meant, with no policies and no expectation, and
	// Expect is the outcome for the caller: the call does not succeed.
	NotSent string
}

var catalog struct {
	once    sync.Once
	entries []Entry
	err     error
}

// Catalog returns all embedded scenarios, sorted by ID.
func Catalog() ([]Entry, error) {
	catalog.once.Do(func() {
		catalog.entries, catalog.err = build()
	})
	return append([]Entry(nil), catalog.entries...), catalog.err
}

func build() ([]Entry, error) {
	names, err := fs.Glob(FS, "*.json")
	if err != nil {
		return nil, err
	}
	var out []Entry
	var errs []error
	for _, n := range names {
		s, err := parse(n)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		e, err := NewEntry(s)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, errors.Join(errs...)
}

func parse(name string) (*world.Scenario, error) {
	src, err := FS.ReadFile(name)
	if err != nil {
		return nil, err
	}
	s, errs := world.Parse(path.Join("scenarios", name), src)
	if errs.HasErrors() {
		return nil, errs
	}
	return s, nil
}

// Load parses the embedded scenario with this ID.
func Load(id string) (*world.Scenario, error) {
	names, err := fs.Glob(FS, "*.json")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		if strings.TrimSuffix(n, ".json") == id {
			return parse(n)
		}
	}
	// An id given in the file rather than by its name.
	for _, n := range names {
		s, err := parse(n)
		if err == nil && s.ID == id {
			return s, nil
		}
	}
	return nil, errors.New("scenarios: no scenario " + id)
}

// NewEntry evaluates every request of a scenario and builds its Entry.
func NewEntry(s *world.Scenario) (Entry, error) {
	e := Entry{ID: s.ID, Title: s.Title, Summary: s.Summary, Explanation: s.Explanation, Tags: s.Tags}
	for _, r := range s.Requests {
		o := s.Evaluate(r, engine.Options{})
		req := Request{Name: r.Name, Description: r.Description, Expect: r.Expect.String()}
		for i, st := range o.Steps {
			switch {
			case i > o.Decider || st.Kind == world.StepRequest:
			case st.NotSent():
				req.Steps = append(req.Steps, st.Label+": never sent — "+st.Note)
			default:
				line := st.Label + ": " + st.Decision.String()
				if st.Note != "" {
					line += " — " + st.Note
				}
				req.Steps = append(req.Steps, line)
			}
		}
		dec := o.Steps[o.Decider]
		req.Refused = dec.Result != nil && dec.Result.Decision != dec.Decision
		if dec.NotSent() {
			req.NotSent = dec.Note
		}
		in, err := Input(r.Name, r.Description, dec, !req.Refused && req.NotSent == "", r.Expect)
		if err != nil {
			return e, errors.New(s.ID + ": request " + r.Name + ": " + err.Error())
		}
		req.Input = in
		e.Requests = append(e.Requests, req)
	}
	return e, nil
}

type namedDoc struct {
	Name     string `json:"name"`
	Document string `json:"document"`
}

type flatPolicies struct {
	Identity            []namedDoc   `json:"identity"`
	Resource            *namedDoc    `json:"resource,omitempty"`
	PermissionsBoundary *namedDoc    `json:"permissionsBoundary,omitempty"`
	SCP                 [][]namedDoc `json:"scp,omitempty"`
	RCP                 [][]namedDoc `json:"rcp,omitempty"`
	Session             *namedDoc    `json:"session,omitempty"`
	VPCEndpoint         *namedDoc    `json:"vpcEndpoint,omitempty"`
}

type flatRequest struct {
	Principal     string         `json:"principal"`
	Action        string         `json:"action"`
	Resource      string         `json:"resource"`
	ResourceOwner string         `json:"resourceOwner,omitempty"`
	Context       map[string]any `json:"context,omitempty"`
}

type flatInput struct {
	Name        string       `json:"name"`
	Description string       `json:"description,omitempty"`
	Policies    flatPolicies `json:"policies"`
	Request     flatRequest  `json:"request"`
	Expect      string       `json:"expect,omitempty"`
}

// Input converts an evaluated step into a flat `iamplay eval` input. With
// withExpect the input carries expect.
func Input(name, description string, st *world.Step, withExpect bool, expect engine.Decision) (json.RawMessage, error) {
	if st.Policies == nil {
		// A sign-in step or a request never sent: nothing for the engine to
		// evaluate. Represent it as a request with no policies, which the
		// engine denies implicitly; a request never sent keeps the call
		// that was meant, by a caller with no credentials.
		st = &world.Step{Request: st.Request, Policies: &engine.Policies{}}
		if st.Request.Action == "" {
			st.Request = engine.Request{Principal: "anonymous", Action: "sso:GetRoleCredentials", Resource: "*"}
		} else if st.Request.Principal == "" {
			st.Request.Principal = "anonymous"
		}
	}
	p := st.Policies
	in := flatInput{Name: name, Description: description, Policies: flatPolicies{Identity: []namedDoc{}}}
	for _, pol := range p.Identity {
		in.Policies.Identity = append(in.Policies.Identity, doc(pol))
	}
	in.Policies.Resource = docPtr(p.Resource)
	in.Policies.PermissionsBoundary = docPtr(p.Boundary)
	in.Policies.Session = docPtr(p.Session)
	in.Policies.VPCEndpoint = docPtr(p.Endpoint)
	in.Policies.SCP = levels(p.SCP)
	in.Policies.RCP = levels(p.RCP)
	r := st.Request
	in.Request = flatRequest{Principal: r.Principal, Action: r.Action, Resource: r.Resource, ResourceOwner: r.ResourceOwner}
	if len(r.Context) > 0 {
		in.Request.Context = map[string]any{}
		for k, v := range r.Context {
			if v.Multi {
				in.Request.Context[k] = v.Values
			} else if len(v.Values) == 1 {
				in.Request.Context[k] = v.Values[0]
			}
		}
	}
	if withExpect {
		in.Expect = expect.String()
	}
	return json.MarshalIndent(in, "", "  ")
}

func levels(ls [][]*policy.Policy) [][]namedDoc {
	if ls == nil {
		return nil
	}
	out := make([][]namedDoc, 0, len(ls))
	for _, l := range ls {
		docs := []namedDoc{}
		for _, pol := range l {
			docs = append(docs, doc(pol))
		}
		out = append(out, docs)
	}
	return out
}

func docPtr(p *policy.Policy) *namedDoc {
	if p == nil {
		return nil
	}
	d := doc(p)
	return &d
}

// doc returns the policy's name and its document text, as written, with the
// indentation it had inside the scenario file removed.
func doc(p *policy.Policy) namedDoc {
	text := p.Source.Text
	start, end := p.Span.Start.Offset, p.Span.End.Offset
	if start >= 0 && end <= len(text) && start < end {
		text = text[start:end]
	}
	if indent := p.Span.Start.Col - 1; indent > 0 {
		lines := strings.Split(text, "\n")
		for i := 1; i < len(lines); i++ {
			trim := 0
			for trim < indent && trim < len(lines[i]) && (lines[i][trim] == ' ' || lines[i][trim] == '\t') {
				trim++
			}
			lines[i] = lines[i][trim:]
		}
		text = strings.Join(lines, "\n")
	}
	return namedDoc{Name: p.Name, Document: text}
}
