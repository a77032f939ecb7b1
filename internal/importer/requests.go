package importer

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/world"
)

// defaultAsk is the request recorded when none is given: the first role
// (or user with credentials) asking who it is, which needs no permission.
func (b *builder) defaultAsk() (Ask, bool) {
	for _, id := range b.order {
		a := b.accounts[id]
		if len(a.Roles) > 0 {
			return Ask{"arn:aws:iam::" + id + ":role" + pathOf(a.Roles[0].Path) + a.Roles[0].Name, "sts:GetCallerIdentity", "*"}, true
		}
	}
	for _, id := range b.order {
		for _, u := range b.accounts[id].Users {
			if u.ConsolePassword || len(u.AccessKeys) > 0 {
				return Ask{"arn:aws:iam::" + id + ":user" + pathOf(u.Path) + u.Name, "sts:GetCallerIdentity", "*"}, true
			}
		}
	}
	return Ask{}, false
}

func pathOf(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// ParseAsk reads "PRINCIPAL ACTION RESOURCE".
func ParseAsk(s string) (Ask, error) {
	f := strings.Fields(s)
	if len(f) != 3 {
		return Ask{}, errors.New("a request is \"PRINCIPAL-ARN ACTION RESOURCE\", such as \"arn:aws:iam::111122223333:role/Deploy s3:GetObject arn:aws:s3:::bucket/key\"")
	}
	return Ask{f[0], f[1], f[2]}, nil
}

// principalJSON writes an ARN as a scenario principal.
func principalJSON(arn string) (json.RawMessage, error) {
	p, _ := engine.ParsePrincipal(arn)
	var v map[string]any
	switch p.Kind {
	case engine.KindUser:
		v = map[string]any{"user": p.Name, "account": p.Account}
	case engine.KindRole:
		v = map[string]any{"role": p.Name, "account": p.Account, "sessionName": "iamplay"}
	case engine.KindRoleSession:
		role := p.RoleARN[strings.LastIndexByte(p.RoleARN, '/')+1:]
		v = map[string]any{"role": role, "account": p.Account, "sessionName": p.Session}
	case engine.KindRoot:
		v = map[string]any{"root": p.Account}
	case engine.KindService:
		v = map[string]any{"service": arn}
	default:
		return nil, errors.New(arn + " is not a user, role, session, root or service principal")
	}
	return json.Marshal(v)
}

func (b *builder) requests(asks []Ask) ([]*requestOut, error) {
	var out []*requestOut
	for i, a := range asks {
		pj, err := principalJSON(a.Principal)
		if err != nil {
			return nil, fmt.Errorf("request %d: %w", i+1, err)
		}
		if p, _ := engine.ParsePrincipal(a.Principal); p.Account != "" && b.accounts[p.Account] == nil {
			return nil, fmt.Errorf("request %d: the principal's account %s is not imported; give its authorization details too", i+1, p.Account)
		}
		name := "ask-" + strconv.Itoa(i+1) + " " + arnName(a.Principal) + " " + a.Action
		out = append(out, &requestOut{Name: name, Principal: pj, Action: a.Action, Resource: a.Resource, Expect: "implicitDeny"})
	}
	return out, nil
}

// finish renders the scenario, reads it back as the playground will, and
// records each request's decision as its expectation.
func (b *builder) finish(sc *scenarioFile) (*Result, error) {
	render := func() ([]byte, error) {
		js, err := json.MarshalIndent(sc, "", "  ")
		if err != nil {
			return nil, err
		}
		if len(js) > world.MaxSize*3/4 {
			// A large account: compact, to stay within what scenario files may hold.
			js, _ = json.Marshal(sc)
		}
		if len(js) > world.MaxSize {
			return nil, fmt.Errorf("the imported world is %d bytes; scenario files are read up to %d", len(js), world.MaxSize)
		}
		return append(js, '\n'), nil
	}
	js, err := render()
	if err != nil {
		return nil, err
	}
	s, errs := world.Parse("imported.json", js)
	if errs.HasErrors() {
		return nil, fmt.Errorf("the imported world does not read back (please report this): %w", errs)
	}
	for i, r := range s.Requests {
		r.Expect = s.Evaluate(r, engine.Options{}).Decision
		sc.Requests[i].Expect = r.Expect.String()
	}
	// Only the expectations changed: the parsed scenario stays valid, and
	// the file is written again with them.
	if js, err = render(); err != nil {
		return nil, err
	}
	return &Result{JSON: js, Scenario: s, Warnings: b.warn, Stats: b.stats}, nil
}
