// Package importer turns the output of AWS's own tools into a scenario
// world (scenarios/FORMAT.md), so that any request can be asked of a real
// account offline: aws iam get-account-authorization-details (users,
// groups, roles with their trust policies, managed and inline policies,
// permissions boundaries), optionally an AWS Organizations dump (OUs, SCPs,
// RCPs), resource-based policies and the IAM credential report. Nothing
// leaves the machine.
package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/iamplayground/iamplay/engine/world"
)

// File is one input file.
type File struct {
	Name string
	Data []byte
}

// Ask is a request to record in the scenario, with the decision the
// imported world gives it as its expectation: principal is a user, role,
// session or root ARN, or a service principal.
type Ask struct {
	Principal, Action, Resource string
}

// Options tune an import.
type Options struct {
	Asks  []Ask
	Title string
}

// Result is an imported world.
type Result struct {
	// JSON is the scenario file.
	JSON []byte
	// Scenario is JSON as read, before the requests' expectations were
	// recorded (then set on its requests too): positions in requests may be
	// a few bytes off JSON's; those of the world are not.
	Scenario *world.Scenario
	Warnings []string
	Stats    Stats
}

// Stats counts what was imported.
type Stats struct {
	Accounts       int `json:"accounts"`
	Users          int `json:"users"`
	Groups         int `json:"groups"`
	Roles          int `json:"roles"`
	Policies       int `json:"policies"` // customer-managed
	InlinePolicies int `json:"inlinePolicies"`
	Resources      int `json:"resources"`
	OrgPolicies    int `json:"orgPolicies"`
}

// builder accumulates the world across files.
type builder struct {
	accounts map[string]*accountOut
	order    []string
	org      *orgOut
	warn     []string
	warned   map[string]bool
	stats    Stats
	// pending resource policies and credential rows, placed once every
	// account is known
	resources []pendingResource
	creds     []credRow
}

func (b *builder) warnf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if !b.warned[msg] {
		b.warned[msg] = true
		b.warn = append(b.warn, msg)
	}
}

func (b *builder) account(id string) *accountOut {
	a := b.accounts[id]
	if a == nil {
		a = &accountOut{ID: id}
		b.accounts[id] = a
		b.order = append(b.order, id)
	}
	return a
}

// Import reads the files and builds the scenario.
func Import(files []File, opts Options) (*Result, error) {
	b := &builder{accounts: map[string]*accountOut{}, warned: map[string]bool{}}
	for _, f := range files {
		if err := b.file(f); err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	if len(b.order) == 0 {
		return nil, errors.New("no account: give the output of aws iam get-account-authorization-details")
	}
	if err := b.placeResources(); err != nil {
		return nil, err
	}
	b.placeCredentials()
	sc := &scenarioFile{ID: "imported", Title: opts.Title, Tags: []string{"imported"}}
	if sc.Title == "" {
		sc.Title = "Imported account " + strings.Join(b.order, ", ")
	}
	sc.Summary = fmt.Sprintf("Imported from AWS: %d users, %d groups, %d roles, %d customer-managed policies.", b.stats.Users, b.stats.Groups, b.stats.Roles, b.stats.Policies)
	sort.Strings(b.order)
	for _, id := range b.order {
		sc.World.Accounts = append(sc.World.Accounts, b.accounts[id])
	}
	sc.World.Organization = b.org
	b.stats.Accounts = len(b.order)
	asks := opts.Asks
	if len(asks) == 0 {
		ask, ok := b.defaultAsk()
		if !ok {
			return nil, errors.New("the import has no role and no user with credentials to ask a request of; give one with --ask")
		}
		asks = []Ask{ask}
	}
	reqs, err := b.requests(asks)
	if err != nil {
		return nil, err
	}
	sc.Requests = reqs
	res, err := b.finish(sc)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// file reads one file, whichever output it is.
func (b *builder) file(f File) error {
	data := bytes.TrimPrefix(f.Data, []byte("\xef\xbb\xbf"))
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("user,arn,")) {
		return b.credentialCSV(data)
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(data, &keys); err != nil {
		return errors.New("not JSON: " + jsonError(data, err))
	}
	has := func(k string) bool { _, ok := keys[k]; return ok }
	switch {
	case has("UserDetailList") || has("RoleDetailList") || has("GroupDetailList"):
		var d authDetails
		if err := json.Unmarshal(data, &d); err != nil {
			return errors.New(jsonError(data, err))
		}
		return b.authDetails(&d)
	case has("Organization") || has("Roots"):
		var d orgDump
		if err := json.Unmarshal(data, &d); err != nil {
			return errors.New(jsonError(data, err))
		}
		return b.organization(&d)
	case has("ResourcePolicies"):
		var d resourcePolicies
		if err := json.Unmarshal(data, &d); err != nil {
			return errors.New(jsonError(data, err))
		}
		return b.resourcePolicies(&d)
	case has("Content") && has("ReportFormat"):
		var d credentialReport
		if err := json.Unmarshal(data, &d); err != nil {
			return errors.New(jsonError(data, err))
		}
		return b.credentialReport(&d)
	}
	return errors.New("not an output the importer reads: expected aws iam get-account-authorization-details (UserDetailList, RoleDetailList …), an Organizations dump (Organization, Roots …), {\"ResourcePolicies\": […]} or aws iam get-credential-report")
}

// jsonError places a decoding error at its line and column.
func jsonError(data []byte, err error) string {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset - 1
	case errors.As(err, &te):
		off = te.Offset
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if off < 0 || off > int64(len(data)) {
		return msg
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := int(off) - bytes.LastIndexByte(data[:off], '\n')
	return fmt.Sprintf("%d:%d: %s", line, col, msg)
}
